using System;
using System.Collections.Generic;
using System.Linq;
using Interop.Runtime.Spawning;
using Interop.Runtime.Text;
using Interop.Linux;

namespace Interop.Runtime
{
    /// <summary>
    /// A readable way to describe a sandbox: what to isolate, the file systems, the user maps, the
    /// command. Each call appends a step to the plan, in call order, and checks it at once (a
    /// mistake is a <see cref="SandboxUsageException"/> naming it); <see cref="Build"/> gives the
    /// <see cref="SandboxPlan"/>, <see cref="Start"/> starts it.
    /// <code>
    /// ChildProcess box = new SandboxBuilder("sh", "-c", "hostname; ls /")
    ///     .Isolate(CloneFlags.NewUts | CloneFlags.NewMount | CloneFlags.NewPid | CloneFlags.NewNet)
    ///     .MapRootUser()
    ///     .Hostname("box")
    ///     .Root("/srv/rootfs").Proc("/proc").Dev("/dev").Tmpfs("/tmp")
    ///     .Start();
    /// ExitStatus status = await box.WaitForExitAsync();
    /// </code>
    /// </summary>
    public sealed class SandboxBuilder
    {
        private readonly string _fileName;
        private readonly string[] _arguments;
        private readonly List<SandboxStep> _steps = [];
        private CloneFlags _namespaces;
        private string? _workingDirectory;
        private readonly List<(string Name, string? Value)> _environmentChanges = [];
        private bool _clearEnvironment, _newSession, _noNewPrivileges, _preserveCredentials, _rootInMappedUserNamespace, _defaultSignalDispositions;
        private int _parentDeathSignal = Native.SIGKILL;
        private int[] _inheritedIgnored = [];
        private bool _useInit = true;
        private ulong _droppedCapabilities;
        private bool _keepCapabilities;
        private readonly List<int> _inheritedFds = [];
        private string? _initPath;
        private string? _startFifo;
        private ProcessUser? _user;
        private CapabilitySets? _capabilities;
        private readonly List<ResourceLimit> _limits = [];
        private uint? _umask;
        private Seccomp.SeccompProgram? _seccomp;
        private int? _oomScoreAdjustment;
        private MountFlags _rootPropagation;
        private bool _terminal;
        private (ushort Rows, ushort Columns) _terminalSize;
        private int _consoleSocket = -1;
        private readonly List<string> _cgroups = [];
        private Cgroups.CgroupResources? _resources;
        private string? _executablePath;

        /// <summary>A sandbox that runs <paramref name="fileName"/> (looked up in PATH) with <paramref name="arguments"/>.</summary>
        public SandboxBuilder(string fileName, params string[] arguments)
        {
            _fileName = fileName;
            _arguments = arguments;
        }

        /// <summary>The steps so far, in call order.</summary>
        public IReadOnlyList<SandboxStep> Steps => _steps;

        /// <summary>The namespaces to create so far: those asked for and those the steps need.</summary>
        public CloneFlags Namespaces => _namespaces;

        /// <summary>Adds namespaces to create (CloneFlags.New*; NewTime included).</summary>
        public SandboxBuilder Isolate(CloneFlags namespaces)
        {
            CloneFlags known = NamespaceType.AllFlags;
            if ((namespaces & ~known) != 0)
            {
                throw new SandboxUsageException("isolate", Errno.EINVAL, (namespaces & ~known).ToString(), "only namespace types (CloneFlags.New*) can be isolated");
            }

            _namespaces |= namespaces;
            return this;
        }

        /// <summary>Sets the hostname inside (adds a UTS namespace).</summary>
        public SandboxBuilder Hostname(string name) => Add(new SandboxStep.Hostname(CheckedName(name, "hostname")));

        /// <summary>Sets the NIS domain name inside (adds a UTS namespace).</summary>
        public SandboxBuilder Domainname(string name) => Add(new SandboxStep.Domainname(CheckedName(name, "domainname")));

        /// <summary>Maps this process's user and group to root inside (adds a user namespace), like unshare -r.</summary>
        public SandboxBuilder MapRootUser() => MapOwnIds(0, 0);

        /// <summary>Maps this process's user and group to themselves inside (adds a user namespace), like unshare --map-current-user.</summary>
        public SandboxBuilder MapCurrentUser() => MapOwnIds(Native.getuid(), Native.getgid());

        /// <summary>Adds a uid range (adds a user namespace); ranges combine with the root or current-user map when they do not overlap.</summary>
        public SandboxBuilder MapUsers(uint inside, uint outside, uint count) => AddMaps([new IdMapping(inside, outside, count)], []);

        /// <summary>Adds a gid range (adds a user namespace).</summary>
        public SandboxBuilder MapGroups(uint inside, uint outside, uint count) => AddMaps([], [new IdMapping(inside, outside, count)]);

        /// <summary>Makes <paramref name="directory"/> the root (pivot_root; adds a mount namespace). Mount targets are inside it.</summary>
        public SandboxBuilder Root(string directory)
        {
            _steps.RemoveAll(s => s is SandboxStep.Root);
            return Add(new SandboxStep.Root(CheckedPath(directory, "root")));
        }

        /// <summary>Binds a host path at <paramref name="target"/> (default: the same path), recursively.</summary>
        public SandboxBuilder Bind(string source, string? target = null) => Add(new SandboxStep.Bind(CheckedPath(source, "bind"), CheckedTarget(target ?? source, "bind"), ReadOnly: false));

        /// <summary>Binds a host path read-only, every submount included.</summary>
        public SandboxBuilder ReadOnlyBind(string source, string? target = null) => Add(new SandboxStep.Bind(CheckedPath(source, "ro-bind"), CheckedTarget(target ?? source, "ro-bind"), ReadOnly: true));

        /// <summary>Mounts an empty tmpfs; mount points below it are the sandbox's own.</summary>
        public SandboxBuilder Tmpfs(string target) => Add(new SandboxStep.Tmpfs(CheckedTarget(target, "tmpfs")));

        /// <summary>Mounts proc for the sandbox's PID namespace.</summary>
        public SandboxBuilder Proc(string target) => Add(new SandboxStep.Proc(CheckedTarget(target, "proc")));

        /// <summary>Sets up a minimal /dev with the host's device nodes.</summary>
        public SandboxBuilder Dev(string target) => Add(new SandboxStep.Dev(CheckedTarget(target, "dev")));

        /// <summary>
        /// Mounts as mount(8) does (<see cref="SandboxStep.Mount"/>): a file system of
        /// <paramref name="type"/> with its <paramref name="data"/> options, or with
        /// <see cref="MountFlags.Bind"/> (and <see cref="MountFlags.Recursive"/>) a host path, remounted
        /// with the per-mount <paramref name="flags"/>; <see cref="MountFlags.Remount"/> with
        /// <see cref="MountFlags.Bind"/> changes the flags of a mount made earlier (the new root's
        /// own at "/"). <paramref name="propagation"/> is one of Shared, Slave, Private, Unbindable,
        /// with Recursive for the whole tree. A tmpfs mounted this way is the sandbox's own file
        /// system, as one from <see cref="Tmpfs"/> is.
        /// </summary>
        public SandboxBuilder Mount(string type, string source, string target, MountFlags flags = MountFlags.None, string? data = null, MountFlags propagation = MountFlags.None)
        {
            const MountFlags PerMount = MountFlags.ReadOnly | MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec | MountFlags.NoAccessTime
                | MountFlags.NoDirAccessTime | MountFlags.RelativeAccessTime | MountFlags.StrictAccessTime | MountFlags.NoSymFollow;
            const MountFlags Propagations = MountFlags.Shared | MountFlags.Slave | MountFlags.Private | MountFlags.Unbindable;
            const string What = "mount";
            string checkedTarget = CheckedTarget(target, What);
            bool bind = (flags & MountFlags.Bind) != 0;
            if ((flags & (MountFlags.Move | Propagations)) != 0)
            {
                throw new SandboxUsageException(What, Errno.EINVAL, (flags & (MountFlags.Move | Propagations)).ToString(), "a mount here neither moves nor changes propagation in its flags: pass the propagation on its own");
            }

            if ((flags & MountFlags.Remount) != 0 && !bind)
            {
                // Without MS_BIND a remount changes the file system itself, which is the host's too.
                throw new SandboxUsageException(What, Errno.EPERM, checkedTarget, "only a bind mount is remounted (MountFlags.Remount | MountFlags.Bind): remounting the file system would change it on the host");
            }

            if (bind && ((flags & ~(PerMount | MountFlags.Bind | MountFlags.Recursive | MountFlags.Remount)) != 0 || data is not null))
            {
                throw new SandboxUsageException(What, Errno.EINVAL, checkedTarget, "a bind mount takes only per-mount flags (ro, nosuid, nodev, noexec, the access-time ones, nosymfollow) and no data");
            }

            if (!bind && (type.Length == 0 || (flags & MountFlags.Recursive) != 0))
            {
                throw new SandboxUsageException(What, Errno.EINVAL, checkedTarget, "a file system mount names its type, and only binds are recursive");
            }

            MountFlags kind = propagation & ~MountFlags.Recursive;
            if (propagation != MountFlags.None && kind is not (MountFlags.Shared or MountFlags.Slave or MountFlags.Private or MountFlags.Unbindable))
            {
                throw new SandboxUsageException(What, Errno.EINVAL, propagation.ToString(), "a propagation is one of Shared, Slave, Private, Unbindable, with Recursive for the whole tree");
            }

            string checkedSource = (flags & MountFlags.Remount) != 0 ? checkedTarget : bind ? CheckedPath(source, What) : NoNul(source.Length == 0 ? type : source, What);
            return Add(new SandboxStep.Mount(NoNul(type, What), checkedSource, checkedTarget, flags, data is null ? null : NoNul(data, What), propagation));
        }

        /// <summary>Hides a path as runc masks one (<see cref="SandboxStep.MaskPath"/>): /dev/null over a file, an empty read-only tmpfs over a directory.</summary>
        public SandboxBuilder MaskPath(string target) => Add(new SandboxStep.MaskPath(CheckedTarget(target, "mask")));

        /// <summary>Makes a path read-only with every submount (<see cref="SandboxStep.ReadOnlyPath"/>), where it exists.</summary>
        public SandboxBuilder ReadOnlyPath(string target) => Add(new SandboxStep.ReadOnlyPath(CheckedTarget(target, "read-only")));

        /// <summary>Creates a device node (<see cref="SandboxStep.Device"/>); <paramref name="mode"/> is the permission bits (default 0666, runc's).</summary>
        public SandboxBuilder Device(string target, DeviceKind kind, uint major, uint minor, uint mode = 0x1B6, uint uid = 0, uint gid = 0)
        {
            const string What = "device";
            if (!System.Enum.IsDefined(kind))
            {
                throw new SandboxUsageException(What, Errno.EINVAL, kind.ToString(), "a character device, a block device or a FIFO");
            }

            if (mode > 0xFFF)
            {
                throw new SandboxUsageException(What, Errno.EINVAL, System.Convert.ToString(mode, 8), "a device's mode is permission bits, 0 to 7777 (octal)");
            }

            // The kernel's dev_t: 12 bits of major, 20 of minor.
            if (major > 0xFFF || minor > 0xFFFFF)
            {
                throw new SandboxUsageException(What, Errno.EINVAL, major.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + minor.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "a major number is at most 4095 and a minor at most 1048575 (the kernel's dev_t)");
            }

            string checkedTarget = CheckedTarget(target, What);
            if (PlanLowering.Normalized(checkedTarget) == "/")
            {
                throw new SandboxUsageException(What, Errno.EINVAL, "'" + target + "'", "a device node is a file below /");
            }

            return Add(new SandboxStep.Device(checkedTarget, kind, major, minor, mode, uid, gid));
        }

        /// <summary>Makes the links a /dev has in <paramref name="directory"/> (<see cref="SandboxStep.DeviceLinks"/>).</summary>
        public SandboxBuilder DeviceLinks(string directory) => Add(new SandboxStep.DeviceLinks(CheckedTarget(directory, "device links")));

        /// <summary>Writes a kernel parameter through the sandbox's /proc (<see cref="SandboxStep.Sysctl"/>): mount proc first.</summary>
        public SandboxBuilder Sysctl(string key, string value)
        {
            const string What = "sysctl";
            if (key.Length == 0 || key.Contains('/') || System.Array.Exists(key.Split('.'), part => part.Length == 0))
            {
                throw new SandboxUsageException(What, Errno.EINVAL, "'" + key + "'", "a key is dot-separated names (net.ipv4.ip_forward)");
            }

            return Add(new SandboxStep.Sysctl(NoNul(key, What), NoNul(value, What)));
        }

        /// <summary>Creates a directory (with its parents) where the sandbox owns the file system (inside the root, or below a tmpfs made earlier).</summary>
        public SandboxBuilder MakeDirectory(string target) => Add(new SandboxStep.MakeDirectory(CheckedTarget(target, "mkdir")));

        /// <summary>Creates a symbolic link at <paramref name="target"/> pointing at <paramref name="linkTarget"/>.</summary>
        public SandboxBuilder Symlink(string linkTarget, string target) => Add(new SandboxStep.Symlink(CheckedPath(linkTarget, "symlink"), CheckedTarget(target, "symlink")));

        /// <summary>The command's working directory (as seen inside).</summary>
        public SandboxBuilder WorkingDirectory(string directory)
        {
            _workingDirectory = CheckedPath(directory, "chdir");
            return this;
        }

        /// <summary>Sets an environment variable for the command; later calls override earlier ones.</summary>
        public SandboxBuilder SetEnvironment(string name, string value)
        {
            _environmentChanges.Add((CheckedVariable(name, "setenv"), NoNul(value, "setenv")));
            return this;
        }

        /// <summary>Removes an environment variable for the command; later calls override earlier ones.</summary>
        public SandboxBuilder UnsetEnvironment(string name)
        {
            _environmentChanges.Add((CheckedVariable(name, "unsetenv"), null));
            return this;
        }

        /// <summary>Starts the command with an empty environment (plus what <see cref="SetEnvironment"/> adds).</summary>
        public SandboxBuilder ClearEnvironment()
        {
            _clearEnvironment = true;
            _environmentChanges.Clear();
            return this;
        }

        /// <summary>Starts the command in a new session (setsid).</summary>
        public SandboxBuilder NewSession()
        {
            _newSession = true;
            return this;
        }

        /// <summary>Sets no_new_privs for the command.</summary>
        public SandboxBuilder NoNewPrivileges()
        {
            _noNewPrivileges = true;
            return this;
        }

        /// <summary>Shifts CLOCK_MONOTONIC and CLOCK_BOOTTIME inside (adds a time namespace).</summary>
        public SandboxBuilder ClockOffsets(TimeSpan monotonic, TimeSpan boottime)
        {
            _steps.RemoveAll(s => s is SandboxStep.ClockOffsets);
            return Add(new SandboxStep.ClockOffsets(monotonic, boottime));
        }

        /// <summary>
        /// Says which signals this process's parent left ignored before the .NET runtime changed
        /// them (SIGPIPE: nsbox reads it before the runtime starts); the command keeps them ignored.
        /// Without it SIGPIPE starts at SIG_DFL (<see cref="SandboxPlan.InheritedIgnored"/>).
        /// </summary>
        public SandboxBuilder InheritedIgnoredSignals(params int[] signals)
        {
            ArgumentNullException.ThrowIfNull(signals);
            foreach (int signal in signals)
            {
                if (signal <= 0 || signal >= Native.NSIG || signal == Native.SIGKILL || signal == Native.SIGSTOP)
                {
                    throw new SandboxUsageException("inherited ignored signal", Errno.EINVAL, signal.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            _inheritedIgnored = (int[])signals.Clone();
            return this;
        }

        /// <summary>The signal the command gets when the thread that started it dies (default SIGKILL; 0 for none).</summary>
        public SandboxBuilder ParentDeathSignal(int signal)
        {
            if (signal < 0 || signal >= Native.NSIG)
            {
                throw new SandboxUsageException("parent death signal", Errno.EINVAL, signal.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            _parentDeathSignal = signal;
            return this;
        }

        /// <summary>With a PID namespace, make the command PID 1 instead of running the init.</summary>
        public SandboxBuilder WithoutInit()
        {
            _useInit = false;
            return this;
        }

        /// <summary>Wait, set up, before executing the command until <paramref name="fifo"/> is opened for reading (see <see cref="SandboxPlan.StartFifo"/>); implies <see cref="WithoutInit"/>.</summary>
        public SandboxBuilder WaitForStart(string fifo)
        {
            _startFifo = CheckedPath(fifo, "start fifo");
            _useInit = false;
            return this;
        }

        /// <summary>The init program to run as PID 1 (default: found by <see cref="InitLocator"/>).</summary>
        public SandboxBuilder InitProgram(string path)
        {
            _initPath = CheckedPath(path, "init");
            return this;
        }

        /// <summary>Enters these namespaces of a running process (like nsenter --target PID); through one pidfd where the kernel has it (Linux 5.8), else file by file.</summary>
        public SandboxBuilder Enter(int pid, CloneFlags types)
        {
            if (pid <= 0)
            {
                throw new SandboxUsageException("enter", Errno.ESRCH, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "a target is a process id above 0");
            }

            return Add(new SandboxStep.Join(new NamespaceJoin(types, Pid: pid)));
        }

        /// <summary>Enters the namespace a file refers to: /proc/PID/ns/TYPE, or a file a namespace was kept on.</summary>
        public SandboxBuilder Enter(CloneFlags type, string file) => Add(new SandboxStep.Join(new NamespaceJoin(SingleType(type, "enter"), CheckedPath(file, "enter"))));

        /// <summary>After entering a user namespace, keeps this process's ids instead of becoming root there (nsenter --preserve-credentials).</summary>
        public SandboxBuilder PreserveCredentials()
        {
            _preserveCredentials = true;
            return this;
        }

        /// <summary>
        /// Starts the command with every signal at SIG_DFL, also those this process's parent left
        /// ignored (which it otherwise keeps, as under unshare): how runc and crun start a
        /// container's process, and the OCI converter's choice.
        /// </summary>
        public SandboxBuilder DefaultSignalDispositions()
        {
            _defaultSignalDispositions = true;
            return this;
        }

        /// <summary>
        /// With id maps that leave out this process's own ids but map 0 (root mapped to 100000, say),
        /// becomes root of the new user namespace before the mounts, as an OCI runtime does for its
        /// container: unmapped, its ids would be nobody's there and it could create no file on a file
        /// system of the namespace (EOVERFLOW). Without it the process stays unmapped, as under
        /// <c>unshare --map-users</c>.
        /// </summary>
        public SandboxBuilder RootInMappedUserNamespace()
        {
            _rootInMappedUserNamespace = true;
            return this;
        }

        /// <summary>Keeps the new sandbox's namespace of this type alive by bind-mounting it onto <paramref name="file"/> (created, and removed again if the start fails).</summary>
        public SandboxBuilder KeepNamespace(CloneFlags type, string file) => Add(new SandboxStep.KeepNamespace(SingleType(type, "keep"), CheckedPath(file, "keep")));

        /// <summary>Passes a descriptor besides 0-2 on to the command.</summary>
        public SandboxBuilder InheritFd(int fd)
        {
            if (fd < 3)
            {
                throw new SandboxUsageException("inherit fd", Errno.EBADF, fd.ToString(System.Globalization.CultureInfo.InvariantCulture), "0, 1 and 2 are always inherited");
            }

            _inheritedFds.Add(fd);
            return this;
        }

        /// <summary>Drops capabilities (numbers, see <see cref="Capabilities.Parse"/>) from every set, the bounding set included.</summary>
        public SandboxBuilder DropCapabilities(params int[] capabilities)
        {
            RefuseWithCapabilitySets("drop capability");
            foreach (int cap in capabilities)
            {
                if (cap < 0 || cap > 63)
                {
                    throw new SandboxUsageException("drop capability", Errno.EINVAL, cap.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                _droppedCapabilities |= 1UL << cap;
            }

            return this;
        }

        /// <summary>Keeps the capabilities across exec, also for a non-root user inside (ambient set).</summary>
        public SandboxBuilder KeepCapabilities()
        {
            RefuseWithCapabilitySets("keep capabilities");
            _keepCapabilities = true;
            return this;
        }

        /// <summary>
        /// Runs the command as <paramref name="uid"/> and <paramref name="gid"/> with exactly these
        /// supplementary groups (none: the caller's are dropped), set after every mount (<see cref="ProcessUser"/>).
        /// </summary>
        public SandboxBuilder User(uint uid, uint gid, params uint[] additionalGroups)
        {
            // (uid_t)-1 means "leave unchanged" to setresuid and setresgid, never an id to become.
            if (uid == uint.MaxValue || gid == uint.MaxValue || Array.IndexOf(additionalGroups, uint.MaxValue) >= 0)
            {
                throw new SandboxUsageException("user", Errno.EINVAL, "4294967295", "(uid_t)-1 is not an id: setresuid reads it as 'unchanged'");
            }

            if (additionalGroups.Length > Native.NGROUPS_MAX)
            {
                throw new SandboxUsageException("user", Errno.EINVAL, additionalGroups.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), $"at most {Native.NGROUPS_MAX} supplementary groups");
            }

            _user = new ProcessUser(uid, gid, (uint[])additionalGroups.Clone());
            return this;
        }

        /// <summary>Sets all five capability sets of the command (<see cref="CapabilitySets"/>); not with <see cref="DropCapabilities"/> or <see cref="KeepCapabilities"/>.</summary>
        public SandboxBuilder Capabilities(CapabilitySets sets)
        {
            foreach ((string name, ulong set) in new[] { ("bounding", sets.Bounding), ("effective", sets.Effective), ("permitted", sets.Permitted), ("inheritable", sets.Inheritable), ("ambient", sets.Ambient) })
            {
                if ((set & ~Interop.Runtime.Capabilities.All) != 0)
                {
                    throw new SandboxUsageException("capabilities " + name, Errno.EINVAL, "0x" + (set & ~Interop.Runtime.Capabilities.All).ToString("x", System.Globalization.CultureInfo.InvariantCulture),
                        "bits of capabilities this runtime does not know (CAP_CHOWN 0 ... CAP_CHECKPOINT_RESTORE 40)");
                }
            }

            if (_droppedCapabilities != 0 || _keepCapabilities)
            {
                throw new SandboxUsageException("capabilities", Errno.EINVAL, null, "the five sets say everything: not with DropCapabilities or KeepCapabilities");
            }

            _capabilities = sets;
            return this;
        }

        /// <summary>Sets a resource limit of the command (setrlimit); a later call for the same resource replaces the earlier one.</summary>
        public SandboxBuilder ResourceLimit(int resource, ulong soft, ulong hard)
        {
            var limit = new ResourceLimit(resource, soft, hard);
            if (resource < 0 || resource >= Interop.Runtime.ResourceLimit.Count)
            {
                throw new SandboxUsageException("rlimit", Errno.EINVAL, resource.ToString(System.Globalization.CultureInfo.InvariantCulture), "RLIMIT_CPU (0) ... RLIMIT_RTTIME (15)");
            }

            _limits.RemoveAll(l => l.Resource == resource);
            _limits.Add(limit);
            return this;
        }

        /// <summary>
        /// The root's propagation after pivot_root (<see cref="SandboxPlan.RootPropagation"/>): Shared,
        /// Slave, Private or Unbindable, with Recursive for the whole tree. Shared makes a peer group of
        /// the sandbox's own: the host's mounts are made private before the first mount, so none of the
        /// sandbox's reaches the host.
        /// </summary>
        public SandboxBuilder RootPropagation(MountFlags propagation)
        {
            MountFlags kind = propagation & ~MountFlags.Recursive;
            if (kind is not (MountFlags.Shared or MountFlags.Slave or MountFlags.Private or MountFlags.Unbindable))
            {
                throw new SandboxUsageException("root propagation", Errno.EINVAL, propagation.ToString(), "one of Shared, Slave, Private, Unbindable, with Recursive for the whole tree");
            }

            _rootPropagation = propagation;
            return Isolate(CloneFlags.NewMount);
        }

        /// <summary>
        /// Starts the command under a seccomp filter, compiled now (a rule libseccomp refuses is a
        /// <see cref="SandboxUsageException"/> here). Loading it needs no_new_privs
        /// (<see cref="NoNewPrivileges"/>) or CAP_SYS_ADMIN in the sandbox's user namespace.
        /// </summary>
        public SandboxBuilder Seccomp(Seccomp.SeccompProfile profile) => Seccomp(Interop.Runtime.Seccomp.SeccompProgram.Compile(profile));

        /// <summary>Starts the command under a filter compiled before (compile once, start many).</summary>
        public SandboxBuilder Seccomp(Seccomp.SeccompProgram program)
        {
            _seccomp = program ?? throw new System.ArgumentNullException(nameof(program));
            return this;
        }

        /// <summary>Sets the command's umask (0 to 0777).</summary>
        public SandboxBuilder Umask(uint mask)
        {
            if (mask > 0x1FF)
            {
                throw new SandboxUsageException("umask", Errno.EINVAL, System.Convert.ToString(mask, 8), "a umask is permission bits, 0 to 777 (octal)");
            }

            _umask = mask;
            return this;
        }

        /// <summary>Sets the command's oom_score_adj (-1000 to 1000; lowering it needs CAP_SYS_RESOURCE).</summary>
        public SandboxBuilder OomScoreAdjustment(int adjustment)
        {
            if (adjustment < -1000 || adjustment > 1000)
            {
                throw new SandboxUsageException("oom_score_adj", Errno.EINVAL, adjustment.ToString(System.Globalization.CultureInfo.InvariantCulture), "-1000 (never killed) to 1000 (killed first)");
            }

            _oomScoreAdjustment = adjustment;
            return this;
        }

        /// <summary>Gives the command a new pseudo-terminal (<see cref="SandboxPlan.Terminal"/>) of <paramref name="rows"/> by <paramref name="columns"/> (0 and 0: the kernel's size); its master goes over <see cref="ConsoleSocket"/>.</summary>
        public SandboxBuilder Terminal(ushort rows = 0, ushort columns = 0)
        {
            _terminal = true;
            _terminalSize = (rows, columns);
            return this;
        }

        /// <summary>The connected AF_UNIX socket a <see cref="Terminal"/>'s master is sent over (the caller keeps it and closes it after the start).</summary>
        public SandboxBuilder ConsoleSocket(int fd)
        {
            if (fd < 0)
            {
                throw new SandboxUsageException("console socket", Errno.EBADF, fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            _consoleSocket = fd;
            return this;
        }

        /// <summary>Moves the process into the cgroup <paramref name="directory"/> (a host path holding cgroup.procs) before anything else; repeatable, one per hierarchy.</summary>
        public SandboxBuilder JoinCgroup(string directory)
        {
            _cgroups.Add(CheckedTarget(directory, "cgroup"));
            return this;
        }

        /// <summary>
        /// Limits the sandbox with a cgroup of its own (docs/cgroups.md): made before the start,
        /// below this process's cgroup in every hierarchy, the child in it before it can fork,
        /// removed when the <see cref="ChildProcess"/> is waited for. Values set here replace those
        /// set before; null members leave them.
        /// </summary>
        public SandboxBuilder Resources(Cgroups.CgroupResources resources)
        {
            ArgumentNullException.ThrowIfNull(resources);
            Cgroups.CgroupResources a = _resources ?? new Cgroups.CgroupResources();
            _resources = new Cgroups.CgroupResources
            {
                MemoryLimit = resources.MemoryLimit ?? a.MemoryLimit,
                MemoryReservation = resources.MemoryReservation ?? a.MemoryReservation,
                MemorySwap = resources.MemorySwap ?? a.MemorySwap,
                MemorySwappiness = resources.MemorySwappiness ?? a.MemorySwappiness,
                DisableOomKiller = resources.DisableOomKiller ?? a.DisableOomKiller,
                PidsLimit = resources.PidsLimit ?? a.PidsLimit,
                CpuShares = resources.CpuShares ?? a.CpuShares,
                CpuQuota = resources.CpuQuota ?? a.CpuQuota,
                CpuPeriod = resources.CpuPeriod ?? a.CpuPeriod,
                CpusetCpus = resources.CpusetCpus ?? a.CpusetCpus,
                CpusetMems = resources.CpusetMems ?? a.CpusetMems,
                BlkioWeight = resources.BlkioWeight ?? a.BlkioWeight,
                HugepageLimits = resources.HugepageLimits ?? a.HugepageLimits,
                Unified = resources.Unified ?? a.Unified,
            };
            return this;
        }

        /// <summary>
        /// At most <paramref name="bytes"/> of memory, swap included (memory plus swap set to the
        /// same value, as docker's --memory-swap equal to --memory): beyond it the kernel's OOM
        /// killer ends the command (<see cref="ChildProcess.KilledByMemoryLimit"/>).
        /// </summary>
        public SandboxBuilder MemoryLimit(long bytes)
        {
            if (bytes < 4096)
            {
                throw new SandboxUsageException("memory limit", Errno.EINVAL, bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes", "a limit is at least one page (4096 bytes)");
            }

            return Resources(new Cgroups.CgroupResources { MemoryLimit = bytes, MemorySwap = bytes });
        }

        /// <summary>At most <paramref name="limit"/> tasks (processes and threads) at once in the sandbox (pids.max): fork and clone fail with EAGAIN beyond it.</summary>
        public SandboxBuilder PidsLimit(long limit)
        {
            if (limit < 1)
            {
                throw new SandboxUsageException("pids limit", Errno.EINVAL, limit.ToString(System.Globalization.CultureInfo.InvariantCulture), "a limit is at least 1 task");
            }

            return Resources(new Cgroups.CgroupResources { PidsLimit = limit });
        }

        /// <summary>
        /// At most <paramref name="cpus"/> CPUs' worth of time (0.25: a quarter of one; 2: two), as
        /// docker's --cpus: a CFS quota of cpus × 100000 µs per 100000 µs period.
        /// </summary>
        public SandboxBuilder CpuQuota(double cpus)
        {
            if (!double.IsFinite(cpus) || cpus < 0.01 || cpus > 100000)
            {
                throw new SandboxUsageException("cpu quota", Errno.EINVAL, cpus.ToString(System.Globalization.CultureInfo.InvariantCulture) + " cpus", "a fraction of CPUs of at least 0.01 (the kernel's minimum quota is 1000 µs per 100000 µs)");
            }

            return Resources(new Cgroups.CgroupResources { CpuQuota = (long)Math.Round(cpus * Cgroups.CgroupMapping.DefaultCpuPeriod), CpuPeriod = Cgroups.CgroupMapping.DefaultCpuPeriod });
        }

        /// <summary>Runs the sandbox only on the CPUs <paramref name="cpus"/> lists, as the kernel spells a list ("0", "0-1,3").</summary>
        public SandboxBuilder Cpuset(string cpus)
        {
            ArgumentNullException.ThrowIfNull(cpus);
            if (!IsCpuList(cpus))
            {
                throw new SandboxUsageException("cpuset", Errno.EINVAL, "'" + cpus + "'", "a list of CPU numbers and ranges, as 0-1,3");
            }

            return Resources(new Cgroups.CgroupResources { CpusetCpus = cpus });
        }

        /// <summary>Executes <paramref name="path"/> (as the command sees it, not looked up) with the file name given to the constructor as argv[0].</summary>
        public SandboxBuilder Executable(string path)
        {
            _executablePath = CheckedPath(path, "exec");
            return this;
        }

        /// <summary>The plan this builder describes (start it with <see cref="SandboxPlan.Start"/>).</summary>
        public SandboxPlan Build() => new()
        {
            FileName = _fileName,
            Arguments = _arguments,
            Namespaces = _namespaces,
            Steps = _steps.ToArray(),
            Environment = Environment(),
            WorkingDirectory = _workingDirectory,
            NewSession = _newSession,
            PreserveCredentials = _preserveCredentials,
            RootInMappedUserNamespace = _rootInMappedUserNamespace,
            DefaultSignalDispositions = _defaultSignalDispositions,
            NoNewPrivileges = _noNewPrivileges,
            ParentDeathSignal = _parentDeathSignal,
            InheritedIgnored = _inheritedIgnored,
            UseInit = _useInit,
            DroppedCapabilities = _droppedCapabilities,
            KeepCapabilities = _keepCapabilities,
            InheritedFds = _inheritedFds.ToArray(),
            InitPath = _initPath,
            StartFifo = _startFifo,
            User = _user,
            Capabilities = _capabilities,
            ResourceLimits = _limits.ToArray(),
            Umask = _umask,
            Seccomp = _seccomp,
            OomScoreAdjustment = _oomScoreAdjustment,
            RootPropagation = _rootPropagation,
            Terminal = _terminal,
            TerminalSize = _terminalSize,
            ConsoleSocket = _consoleSocket,
            Cgroups = _cgroups.ToArray(),
            Resources = _resources,
            ExecutablePath = _executablePath,
        };

        /// <summary>Starts the sandbox.</summary>
        /// <exception cref="SpawnException">A step failed; the message names it, and nothing is left behind.</exception>
        public ChildProcess Start() => Spawner.Spawn(Build());

        /// <summary>"0", "0-3", "0-1,3": numbers and ascending ranges joined by commas.</summary>
        private static bool IsCpuList(string text)
        {
            if (text.Length == 0)
            {
                return false;
            }

            foreach (string part in text.Split(','))
            {
                string[] ends = part.Split('-');
                if (ends.Length > 2 || !ends.All(e => e.Length is > 0 and < 6 && e.All(char.IsAsciiDigit)))
                {
                    return false;
                }

                if (ends.Length == 2 && int.Parse(ends[0], System.Globalization.CultureInfo.InvariantCulture) > int.Parse(ends[1], System.Globalization.CultureInfo.InvariantCulture))
                {
                    return false;
                }
            }

            return true;
        }

                private void RefuseWithCapabilitySets(string what)
        {
            if (_capabilities is not null)
            {
                throw new SandboxUsageException(what, Errno.EINVAL, null, "the five capability sets are given (Capabilities): they say everything");
            }
        }

        private SandboxBuilder Add(SandboxStep step)
        {
            _steps.Add(step);
            return Isolate(step.Needs);
        }

        /// <summary>One map for the user namespace, as unshare -r and --map-current-user write it; combined with any ranges.</summary>
        private SandboxBuilder MapOwnIds(uint uidInside, uint gidInside) =>
            AddMaps([new IdMapping(uidInside, Native.getuid(), 1)], [new IdMapping(gidInside, Native.getgid(), 1)]);

        /// <summary>Adds ranges to the one MapIds step; ranges that overlap inside or outside are refused (the kernel would refuse the whole map).</summary>
        private SandboxBuilder AddMaps(IdMapping[] users, IdMapping[] groups)
        {
            int at = _steps.FindIndex(s => s is SandboxStep.MapIds);
            SandboxStep.MapIds current = at >= 0 ? (SandboxStep.MapIds)_steps[at] : new SandboxStep.MapIds([], []);
            var merged = new SandboxStep.MapIds(Merge(current.Users, users, "uid"), Merge(current.Groups, groups, "gid"));
            if (at >= 0)
            {
                _steps[at] = merged;
                return Isolate(CloneFlags.NewUser);
            }

            return Add(merged);
        }

        private static IdMapping[] Merge(IdMapping[] existing, IdMapping[] added, string kind)
        {
            foreach (IdMapping range in added)
            {
                if (range.Count == 0)
                {
                    throw new SandboxUsageException($"map {kind}s", Errno.EINVAL, Text(range), "a range maps at least one id");
                }

                foreach (IdMapping other in existing)
                {
                    if (Overlap(range.Inside, other.Inside, range.Count, other.Count) || Overlap(range.Outside, other.Outside, range.Count, other.Count))
                    {
                        throw new SandboxUsageException($"map {kind}s", Errno.EINVAL, Text(range),
                            $"it overlaps {Text(other)} (inside:outside:count); every id is mapped once");
                    }
                }
            }

            return [.. existing, .. added];
        }

        private static bool Overlap(uint a, uint b, uint countA, uint countB) => (ulong)a < (ulong)b + countB && (ulong)b < (ulong)a + countA;

        private static string Text(IdMapping m) => m.ToString().TrimEnd('\n').Replace(' ', ':');

        private static CloneFlags SingleType(CloneFlags type, string what)
        {
            if (NamespaceType.Find(type) is null)
            {
                throw new SandboxUsageException(what, Errno.EINVAL, type.ToString(), "name one namespace type (CloneFlags.NewUts, ...)");
            }

            return type;
        }

        private static string CheckedName(string name, string what)
        {
            if (name.Length == 0 || FileSystemEncoding.GetByteCount(name) > Native.HOST_NAME_MAX)
            {
                throw new SandboxUsageException(what, Errno.EINVAL, "'" + name + "'", $"a {what} is 1 to {Native.HOST_NAME_MAX} bytes");
            }

            return NoNul(name, what);
        }

        private static string CheckedVariable(string name, string what)
        {
            if (name.Length == 0 || name.Contains('='))
            {
                throw new SandboxUsageException(what, Errno.EINVAL, "'" + name + "'", "a variable name is not empty and has no '='");
            }

            return NoNul(name, what);
        }

        private static string CheckedTarget(string target, string what)
        {
            if (target.Length == 0 || target[0] != '/')
            {
                throw new SandboxUsageException(what, Errno.EINVAL, "'" + target + "'", "a mount target is an absolute path (as the command sees it)");
            }

            return CheckedPath(target, what);
        }

        private static string CheckedPath(string path, string what)
        {
            if (path.Length == 0)
            {
                throw new SandboxUsageException(what, Errno.ENOENT, "''");
            }

            if (FileSystemEncoding.GetByteCount(path) >= Native.PATH_MAX)
            {
                throw new SandboxUsageException(what, Errno.ENAMETOOLONG, path.Length > 64 ? path[..64] + "..." : path);
            }

            return NoNul(path, what);
        }

        private static string NoNul(string value, string what)
        {
            if (value.Contains('\0'))
            {
                throw new SandboxUsageException(what, Errno.EINVAL, value.Replace('\0', '@'), "C strings cannot hold a NUL byte");
            }

            return value;
        }

        /// <summary>The environment: this process's own (as bytes, see <see cref="ProcessEnvironment"/>) or none, then every change in call order.</summary>
        private IReadOnlyList<string>? Environment()
        {
            if (!_clearEnvironment && _environmentChanges.Count == 0)
            {
                return null;
            }

            var entries = new List<string>(_clearEnvironment ? [] : ProcessEnvironment.Entries());
            foreach ((string name, string? value) in _environmentChanges)
            {
                entries.RemoveAll(e => e.Length > name.Length && e[name.Length] == '=' && e.StartsWith(name, StringComparison.Ordinal));
                if (value is not null)
                {
                    entries.Add(name + "=" + value);
                }
            }

            return entries;
        }
    }
}
