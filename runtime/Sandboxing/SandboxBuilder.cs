using System;
using System.Collections.Generic;
using System.Linq;
using Interop.Linux;

namespace Interop.Runtime
{
    /// <summary>
    /// A readable way to describe a sandbox: what to isolate, the file systems, the user maps, the
    /// command. Each call returns the builder; <see cref="Start"/> starts it.
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
        private CloneFlags _namespaces;
        private string? _hostname, _domainname, _root, _workingDirectory;
        private readonly List<IdMapping> _uids = [], _gids = [];
        private readonly List<MountRequest> _mounts = [];
        private readonly Dictionary<string, string> _setEnvironment = new(StringComparer.Ordinal);
        private readonly HashSet<string> _unsetEnvironment = new(StringComparer.Ordinal);
        private bool _clearEnvironment, _newSession, _noNewPrivileges;
        private TimeSpan _monotonic, _boottime;
        private int _parentDeathSignal = Native.SIGKILL;
        private bool _useInit = true;
        private ulong _droppedCapabilities;
        private bool _keepCapabilities;
        private readonly List<NamespaceJoin> _joins = [];
        private readonly List<NamespaceKeep> _keeps = [];
        private readonly List<int> _inheritedFds = [];
        private string? _initPath;

        /// <summary>A sandbox that runs <paramref name="fileName"/> (looked up in PATH) with <paramref name="arguments"/>.</summary>
        public SandboxBuilder(string fileName, params string[] arguments)
        {
            _fileName = fileName;
            _arguments = arguments;
        }

        /// <summary>Adds namespaces to create (CloneFlags.New*; NewTime included).</summary>
        public SandboxBuilder Isolate(CloneFlags namespaces)
        {
            _namespaces |= namespaces;
            return this;
        }

        /// <summary>Sets the hostname inside (adds a UTS namespace).</summary>
        public SandboxBuilder Hostname(string name) => Set(ref _hostname, name, CloneFlags.NewUts);

        /// <summary>Sets the NIS domain name inside (adds a UTS namespace).</summary>
        public SandboxBuilder Domainname(string name) => Set(ref _domainname, name, CloneFlags.NewUts);

        /// <summary>Maps this process's user and group to root inside (adds a user namespace), like unshare -r.</summary>
        public SandboxBuilder MapRootUser() => MapIds(0, 0);

        /// <summary>Maps this process's user and group to themselves inside (adds a user namespace), like unshare --map-current-user.</summary>
        public SandboxBuilder MapCurrentUser() => MapIds(Native.getuid(), Native.getgid());

        /// <summary>Adds a uid range (adds a user namespace).</summary>
        public SandboxBuilder MapUsers(uint inside, uint outside, uint count)
        {
            _uids.Add(new IdMapping(inside, outside, count));
            return Isolate(CloneFlags.NewUser);
        }

        /// <summary>Adds a gid range (adds a user namespace).</summary>
        public SandboxBuilder MapGroups(uint inside, uint outside, uint count)
        {
            _gids.Add(new IdMapping(inside, outside, count));
            return Isolate(CloneFlags.NewUser);
        }

        /// <summary>Makes <paramref name="directory"/> the root (pivot_root; adds a mount namespace).</summary>
        public SandboxBuilder Root(string directory) => Set(ref _root, directory, CloneFlags.NewMount);

        /// <summary>Binds a host path at <paramref name="target"/> (default: the same path).</summary>
        public SandboxBuilder Bind(string source, string? target = null) => Mount(new MountRequest.Bind(source, target ?? source));

        /// <summary>Binds a host path read-only.</summary>
        public SandboxBuilder ReadOnlyBind(string source, string? target = null) => Mount(new MountRequest.Bind(source, target ?? source, ReadOnly: true));

        /// <summary>Mounts an empty tmpfs.</summary>
        public SandboxBuilder Tmpfs(string target) => Mount(new MountRequest.Tmpfs(target));

        /// <summary>Mounts proc for the sandbox's PID namespace.</summary>
        public SandboxBuilder Proc(string target) => Mount(new MountRequest.Proc(target));

        /// <summary>Sets up a minimal /dev.</summary>
        public SandboxBuilder Dev(string target) => Mount(new MountRequest.Dev(target));

        /// <summary>The command's working directory (as seen inside).</summary>
        public SandboxBuilder WorkingDirectory(string directory) => Set(ref _workingDirectory, directory, CloneFlags.None);

        /// <summary>Sets an environment variable for the command.</summary>
        public SandboxBuilder SetEnvironment(string name, string value)
        {
            _setEnvironment[name] = value;
            _unsetEnvironment.Remove(name);
            return this;
        }

        /// <summary>Removes an environment variable for the command.</summary>
        public SandboxBuilder UnsetEnvironment(string name)
        {
            _unsetEnvironment.Add(name);
            _setEnvironment.Remove(name);
            return this;
        }

        /// <summary>Starts the command with an empty environment (plus what <see cref="SetEnvironment"/> adds).</summary>
        public SandboxBuilder ClearEnvironment()
        {
            _clearEnvironment = true;
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
            _monotonic = monotonic;
            _boottime = boottime;
            return Isolate(CloneFlags.NewTime);
        }

        /// <summary>The signal the command gets when the thread that started it dies (default SIGKILL; 0 for none).</summary>
        public SandboxBuilder ParentDeathSignal(int signal)
        {
            _parentDeathSignal = signal;
            return this;
        }

        /// <summary>With a PID namespace, make the command PID 1 instead of running nsbox's init.</summary>
        public SandboxBuilder WithoutInit()
        {
            _useInit = false;
            return this;
        }

        /// <summary>The init program to run as PID 1 (default: found by <see cref="InitLocator"/>).</summary>
        public SandboxBuilder InitProgram(string path)
        {
            _initPath = path;
            return this;
        }

        /// <summary>Enters these namespaces of a running process (like nsenter --target PID); through one pidfd where the kernel has it (Linux 5.8), else file by file.</summary>
        public SandboxBuilder Enter(int pid, CloneFlags types)
        {
            _joins.Add(new NamespaceJoin(types, Pid: pid));
            return this;
        }

        /// <summary>Enters the namespace a file refers to: /proc/PID/ns/TYPE, or a file a namespace was kept on.</summary>
        public SandboxBuilder Enter(CloneFlags type, string file)
        {
            _joins.Add(new NamespaceJoin(type, file));
            return this;
        }

        /// <summary>Keeps the new sandbox's namespace of this type alive by bind-mounting it onto <paramref name="file"/>.</summary>
        public SandboxBuilder KeepNamespace(CloneFlags type, string file)
        {
            _keeps.Add(new NamespaceKeep(type, file));
            return Isolate(type);
        }

        /// <summary>Passes a descriptor besides 0-2 on to the command.</summary>
        public SandboxBuilder InheritFd(int fd)
        {
            _inheritedFds.Add(fd);
            return this;
        }

        /// <summary>Drops capabilities (numbers, see <see cref="Capabilities.Parse"/>) from every set, the bounding set included.</summary>
        public SandboxBuilder DropCapabilities(params int[] capabilities)
        {
            foreach (int cap in capabilities)
            {
                _droppedCapabilities |= 1UL << cap;
            }

            return this;
        }

        /// <summary>Keeps the capabilities across exec, also for a non-root user inside (ambient set).</summary>
        public SandboxBuilder KeepCapabilities()
        {
            _keepCapabilities = true;
            return this;
        }

        /// <summary>The options this builder describes, for <see cref="Spawning.Spawner.Spawn"/>.</summary>
        public SpawnOptions ToOptions() => new()
        {
            FileName = _fileName,
            Arguments = _arguments,
            Namespaces = _namespaces,
            Hostname = _hostname,
            Domainname = _domainname,
            Environment = Environment(),
            UidMappings = _uids.ToArray(),
            GidMappings = _gids.ToArray(),
            Mounts = _mounts.ToArray(),
            RootDirectory = _root,
            WorkingDirectory = _workingDirectory,
            MonotonicOffset = _monotonic,
            BoottimeOffset = _boottime,
            NewSession = _newSession,
            NoNewPrivileges = _noNewPrivileges,
            ParentDeathSignal = _parentDeathSignal,
            UseInit = _useInit,
            DroppedCapabilities = _droppedCapabilities,
            KeepCapabilities = _keepCapabilities,
            JoinNamespaces = _joins.ToArray(),
            KeepNamespaces = _keeps.ToArray(),
            InheritedFds = _inheritedFds.ToArray(),
            InitPath = _initPath,
        };

        /// <summary>Starts the sandbox.</summary>
        /// <exception cref="SpawnException">A step failed; the message names it, and nothing is left behind.</exception>
        public ChildProcess Start() => Spawning.Spawner.Spawn(ToOptions());

        private SandboxBuilder MapIds(uint uidInside, uint gidInside)
        {
            _uids.Clear();
            _gids.Clear();
            _uids.Add(new IdMapping(uidInside, Native.getuid(), 1));
            _gids.Add(new IdMapping(gidInside, Native.getgid(), 1));
            return Isolate(CloneFlags.NewUser);
        }

        private SandboxBuilder Mount(MountRequest request)
        {
            _mounts.Add(request);
            return Isolate(CloneFlags.NewMount);
        }

        private SandboxBuilder Set(ref string? field, string value, CloneFlags adds)
        {
            field = value;
            return Isolate(adds);
        }

        private IReadOnlyList<string>? Environment()
        {
            if (!_clearEnvironment && _setEnvironment.Count == 0 && _unsetEnvironment.Count == 0)
            {
                return null;
            }

            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!_clearEnvironment)
            {
                foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
                {
                    entries[(string)e.Key] = (string?)e.Value ?? "";
                }
            }

            foreach (string name in _unsetEnvironment)
            {
                entries.Remove(name);
            }

            foreach (KeyValuePair<string, string> e in _setEnvironment)
            {
                entries[e.Key] = e.Value;
            }

            return entries.Select(e => e.Key + "=" + e.Value).ToArray();
        }
    }
}
