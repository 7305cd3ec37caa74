using System;
using System.Collections.Generic;
using System.Globalization;
using Interop.Linux;

using Interop.Runtime.Init;
using Interop.Runtime.Seccomp;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// Lowers a <see cref="SandboxPlan"/>, once, into the native <see cref="ChildPlan"/> the child
    /// walks: the kernel's phases in the kernel's order (namespaces, ids, mounts in the caller's
    /// order, pivot_root, names, the process), every path joined under the new root and encoded,
    /// every descriptor to join opened, every mount point to create listed. Each operation records
    /// the step it came from, so a failure in the child is told in the caller's words
    /// (<see cref="Describe"/>). Checks what only the host can answer (a bind source exists, a
    /// mount point may be created there) and throws <see cref="SandboxUsageException"/> before
    /// anything runs.
    /// </summary>
    internal sealed unsafe class PlanLowering
    {
        private static readonly string[] s_deviceNodes = ["null", "zero", "full", "random", "urandom", "tty"];

        private readonly NativeArena _arena;
        private readonly SandboxPlan _plan;
        private readonly IHostFiles _host;
        private readonly List<ChildOperation> _operations = [];

        /// <summary>Targets (as the command sees them) of the tmpfs mounts made so far: below them the sandbox owns the file system.</summary>
        private readonly List<string> _ownedTrees = [];

        /// <summary>Set when the plan has a terminal and a root: /dev/console exists (or will) to bind the pty on.</summary>
        private string? _consoleMountPoint;

        public PlanLowering(NativeArena arena, SandboxPlan plan, IHostFiles? host = null)
        {
            _arena = arena;
            _plan = plan;
            _host = host ?? HostFiles.Instance;
        }

        /// <summary>Descriptors opened for the child (namespaces to join); the spawner closes them after clone.</summary>
        public List<FileDescriptor> OpenedFds { get; } = [];

        /// <summary>Our end of the socket a notifying seccomp filter's listener comes over (<see cref="ChildStep.SendSeccompListener"/>), or null.</summary>
        public FileDescriptor? SeccompListenerSocket { get; private set; }

        /// <summary>Mount points created inside the new root that did not exist: removed again if the start fails.</summary>
        public List<string> CreatedInRoot { get; } = [];

        /// <summary>The operations lowered so far, in order (for tests and for <see cref="Describe"/>).</summary>
        public IReadOnlyList<ChildOperation> Operations => _operations;

        /// <summary>The plan to execute <paramref name="program"/> with <paramref name="argv"/> after the setup.</summary>
        /// <param name="program">The resolved program: the command, or the init.</param>
        /// <param name="argv">Its arguments, argv[0] first.</param>
        /// <param name="passErrorPipeAs">0 or more: the error pipe becomes this fd of the executed program (the init reports on it).</param>
        /// <param name="startFifoFd">The start FIFO's O_PATH descriptor to hand to the start waiter, or -1.</param>
        /// <param name="environment">The envp to pass as it is, or null for the plan's environment (by default this process's).</param>
        public ChildPlan* Lower(string program, IReadOnlyList<string> argv, int passErrorPipeAs, int startFifoFd = -1, byte** environment = null)
        {
            LowerNamespaces();
            LowerUsers();
            LowerMounts();
            LowerIdentity();
            LowerProcess(passErrorPipeAs, startFifoFd);

            ChildPlan* plan = _arena.Allocate<ChildPlan>();
            plan->Path = _arena.Bytes(program);
            plan->Argv = _arena.BytesArray(argv);
            plan->Envp = environment != null ? environment : _arena.BytesArray(_plan.Environment ?? ProcessEnvironment.Entries());
            plan->ProgramFd = -1;
            plan->CloneCgroupFd = -1;
            // A pivot_root warning and a failure are the most one child reports: room to spare.
            plan->ReportCapacity = 4;
            plan->Reports = (ChildReport*)_arena.Allocate((nuint)(sizeof(ChildReport) * plan->ReportCapacity));
            plan->ParentDeathSignal = _plan.ParentDeathSignal;
            foreach (int signal in _plan.InheritedIgnored)
            {
                plan->KeepIgnored |= 1UL << (signal - 1);
            }

            plan->ResetIgnored = _plan.DefaultSignalDispositions ? 1 : 0;
            plan->Operations = (ChildOperation*)_arena.Allocate((nuint)(sizeof(ChildOperation) * Math.Max(1, _operations.Count)));
            for (int i = 0; i < _operations.Count; i++)
            {
                plan->Operations[i] = _operations[i];
            }

            plan->OperationCount = _operations.Count;
            return plan;
        }

        /// <summary>
        /// The failed operation in words: what it did ("bind /dev/null on /srv/dev/null") and, when
        /// that is not the whole step, the step the caller asked for ("dev on /srv/dev").
        /// </summary>
        public static string Describe(ChildPlan* plan, int index, SandboxPlan sandbox)
        {
            if (index < 0 || index >= plan->OperationCount)
            {
                return ChildSteps.Words(ChildStep.None);
            }

            ChildOperation* op = &plan->Operations[index];
            string what = ChildSteps.Describe(op);
            if (op->SourceStep >= 0 && op->SourceStep < sandbox.Steps.Count)
            {
                string step = sandbox.Steps[op->SourceStep].Describe();
                if (step != what)
                {
                    what += " (" + step + ")";
                }
            }

            return what;
        }

        private bool Has(CloneFlags flag) => (_plan.Namespaces & flag) != 0;

        /// <summary>The child runs in a user namespace of the plan: a new one (made by clone, or by UserMaps and joined) or a joined one.</summary>
        private bool InUserNamespace => Has(CloneFlags.NewUser) || System.Linq.Enumerable.Any(_plan.Steps, s => s is SandboxStep.Join j && (j.Namespace.Type & CloneFlags.NewUser) != 0);

        /// <summary>
        /// The file the child writes <c>0</c> to, to join <paramref name="directory"/>: a v1
        /// directory's <c>tasks</c>, a v2 one's <c>cgroup.procs</c> (v2 has no <c>tasks</c>). Both
        /// move the whole child, which is one thread in its own thread group until it executes; but
        /// moving only the writing thread lets the kernel skip cgroup_threadgroup_rwsem, whose write
        /// side first waits for an RCU grace period after a quiet moment (6-12 ms measured here, on
        /// every `run` of an OCI bundle; `tasks` 0.03-0.1 ms: docs/cgroups.md).
        /// </summary>
        private string CgroupJoinFile(string directory, bool placedByClone) =>
            !placedByClone && IsV1Cgroup(_host, directory) ? directory + "/tasks" : directory + "/cgroup.procs";

        /// <summary>Whether <paramref name="directory"/> is a v1 cgroup: it has a tasks file, which cgroup2 has none of.</summary>
        internal static bool IsV1Cgroup(IHostFiles host, string directory) =>
            host.Kind(directory.TrimEnd('/') + "/tasks", out _) == HostFileKind.Other;

        /// <summary>Joins first (user namespace first: it grants the rights to enter the others), then what is created inside them.</summary>
        private void LowerNamespaces()
        {
            foreach (string cgroup in _plan.Cgroups)
            {
                // First of all, while the paths are the host's: the process (and what it forks) is in the cgroup before the command runs.
                // Argument 1: the v2 directory clone3 places the child in (CLONE_INTO_CGROUP); the child
                // skips the write when it did, and writes it as any other when the spawner fell back to clone.
                bool placedByClone = cgroup == _plan.CloneIntoCgroup;
                AddWrite(ChildStep.JoinCgroup, -1, CgroupJoinFile(cgroup.TrimEnd('/'), placedByClone), "0", argument: placedByClone ? 1 : 0);
            }

            var joins = new List<(int Step, NamespaceJoin Join)>();
            for (int i = 0; i < _plan.Steps.Count; i++)
            {
                if (_plan.Steps[i] is SandboxStep.Join join)
                {
                    joins.Add((i, join.Namespace));
                }
            }

            // A stable sort: joins of the same rank keep the caller's order.
            var ordered = new List<(int Step, NamespaceJoin Join)>(joins);
            ordered.Sort((a, b) => Rank(a.Join.Type) != Rank(b.Join.Type) ? Rank(a.Join.Type).CompareTo(Rank(b.Join.Type)) : a.Step.CompareTo(b.Step));
            bool joinsPid = false;
            int joinsUser = -1;
            foreach ((int step, NamespaceJoin join) in ordered)
            {
                joinsPid |= (join.Type & CloneFlags.NewPid) != 0;
                joinsUser = (join.Type & CloneFlags.NewUser) != 0 && joinsUser < 0 ? step : joinsUser;
                foreach ((int fd, CloneFlags type) in Open(join))
                {
                    Add(new ChildOperation { Step = ChildStep.JoinNamespace, SourceStep = step, Fd = fd, Argument = unchecked((int)(ulong)type) });
                }
            }

            if (joinsUser >= 0 && !_plan.PreserveCredentials && (!_plan.CreateByUnshare || _plan.BecomeRootOfPreparedNamespace))
            {
                // Entering a user namespace keeps the caller's ids, which are usually unmapped there (nobody):
                // become its root, as nsenter does (and runc in the namespace it made), unless asked to keep them.
                Add(new ChildOperation { Step = ChildStep.BecomeRoot, SourceStep = joinsUser });
            }

            CloneFlags unshared = _plan.CreateByUnshare ? _plan.Namespaces & ~(CloneFlags.NewUser | CloneFlags.NewTime) : CloneFlags.None;
            if (_plan.UnshareCgroupNamespace)
            {
                // After the cgroup joins above: the new namespace's root is the sandbox's own cgroup.
                unshared |= _plan.Namespaces & CloneFlags.NewCgroup;
            }

            // A type joined is not created too (its steps, a hostname, apply to the joined namespace).
            unshared &= ~_plan.JoinedNamespaces;

            if (unshared != CloneFlags.None)
            {
                Add(new ChildOperation { Step = ChildStep.UnshareNamespaces, SourceStep = -1, Argument = unchecked((int)(ulong)unshared) });
            }

            if (joinsPid || (unshared & CloneFlags.NewPid) != 0)
            {
                // Share the fd table with the grandchild while namespaces are still to be captured for the parent.
                bool captures = _plan.Steps.Exists<SandboxStep.KeepNamespace>();
                Add(new ChildOperation { Step = ChildStep.ForkIntoPidNamespace, SourceStep = -1, Argument = captures ? 1 : 0 });
            }
        }

        private static int Rank(CloneFlags types)
        {
            int rank = int.MaxValue;
            foreach (NamespaceType type in NamespaceType.InEnterOrder)
            {
                if ((types & type.Flag) != 0)
                {
                    rank = Math.Min(rank, type.EnterOrder);
                }
            }

            return rank;
        }

        /// <summary>Opens a join's descriptors now, in the parent: the child only calls setns.</summary>
        private IEnumerable<(int Fd, CloneFlags Type)> Open(NamespaceJoin join)
        {
            if (join.PidFd is { } given)
            {
                return [((int)given.DangerousGetHandle(), join.Type)];
            }

            if (join.Pid > 0)
            {
                // One setns on a pidfd enters every namespace at once; older kernels take the files one by one.
                int pidfd = PrivateDescriptor.MoveUp(Native.pidfd_open(join.Pid, 0));
                if (pidfd >= 0)
                {
                    OpenedFds.Add(new FileDescriptor(pidfd));
                    return [(pidfd, join.Type)];
                }

                Errno errno = LastErrno.Read();
                if (errno is not (Errno.ENOSYS or Errno.EINVAL))
                {
                    throw new SpawnException(ChildStep.JoinNamespace, "pidfd_open", errno, join.Pid.ToString(CultureInfo.InvariantCulture));
                }

                var files = new List<(int, CloneFlags)>();
                foreach (NamespaceJoin file in NamespaceFiles.OfProcess(join.Pid, join.Type))
                {
                    files.Add((OpenFile(file.Path!), file.Type));
                }

                return files;
            }

            return [(OpenFile(join.Path ?? throw new SandboxUsageException("setns", Errno.EINVAL, null, "a namespace join needs a path, a pid or a pidfd")), join.Type)];
        }

        private int OpenFile(string path)
        {
            try
            {
                FileDescriptor fd = _host.OpenNamespace(path);
                OpenedFds.Add(fd);
                return fd.Value;
            }
            catch (ErrnoException e)
            {
                throw new SpawnException(ChildStep.JoinNamespace, "open", e.Errno, path);
            }
        }

        /// <summary>Id maps, the time namespace, the namespaces to keep: before anything uses the new namespaces.</summary>
        private void LowerUsers()
        {
            for (int i = 0; i < _plan.Steps.Count; i++)
            {
                if (_plan.Steps[i] is SandboxStep.MapIds map)
                {
                    // The child writes its own map: one line, its own id (what an unprivileged writer may
                    // map). Anything else goes through UserMaps, which writes them from outside.
                    if (map.Users.Length > 0)
                    {
                        AddWrite(ChildStep.WriteUidMap, i, "/proc/self/uid_map", MapText(map.Users));
                    }

                    if (map.Groups.Length > 0)
                    {
                        AddWrite(ChildStep.DenySetgroups, i, "/proc/self/setgroups", "deny");
                        AddWrite(ChildStep.WriteGidMap, i, "/proc/self/gid_map", MapText(map.Groups));
                    }
                }
            }

            if (Has(CloneFlags.NewTime))
            {
                // clone(2) cannot create a time namespace (its flag is part of the exit signal there):
                // unshare it, set the offsets before any process is in it, and execve enters it.
                int offsets = _plan.Steps.IndexOf<SandboxStep.ClockOffsets>();
                Add(new ChildOperation { Step = ChildStep.EnterTimeNamespace, SourceStep = offsets, Argument = (int)(ulong)CloneFlags.NewTime });
                if (offsets >= 0)
                {
                    var clock = (SandboxStep.ClockOffsets)_plan.Steps[offsets];
                    AddWrite(ChildStep.WriteTimeOffsets, offsets, "/proc/self/timens_offsets", TimeOffsetsText(clock.Monotonic, clock.Boottime));
                }
            }

            bool captured = false;
            for (int i = 0; i < _plan.Steps.Count; i++)
            {
                if (_plan.Steps[i] is SandboxStep.KeepNamespace keep)
                {
                    // Opened into the fd table the child still shares with the parent, which keeps the namespace.
                    string name = keep.Type == CloneFlags.NewTime ? "time_for_children" : NamespaceType.Of(keep.Type).Name;
                    Add(new ChildOperation { Step = ChildStep.CaptureNamespace, SourceStep = i, Fd = -1, Path = _arena.Bytes("/proc/self/ns/" + name) });
                    captured = true;
                }
            }

            if (captured)
            {
                Add(new ChildOperation { Step = ChildStep.UnshareFiles, SourceStep = -1 });
            }
        }

        /// <summary>
        /// mount_namespaces(7): / made recursively private before any mount, or mounts made here
        /// propagate to the host (systemd makes / shared). Then the new root bound onto itself, every
        /// mount step in the caller's order, pivot_root.
        /// </summary>
        private void LowerMounts()
        {
            if (!Has(CloneFlags.NewMount))
            {
                return;
            }

            Add(new ChildOperation
            {
                Step = ChildStep.MakeRootPrivate,
                SourceStep = -1,
                Path = _arena.Bytes("/"),
                // Slave keeps the host's mounts coming in and lets none out: then it is that, not private.
                Flags = (ulong)(MountFlags.Recursive | ((_plan.RootPropagation & MountFlags.Slave) != 0 ? MountFlags.Slave : MountFlags.Private)),
            });

            int rootStep = _plan.Steps.IndexOf<SandboxStep.Root>();
            string? root = rootStep >= 0 ? CheckedRoot(((SandboxStep.Root)_plan.Steps[rootStep]).Directory, _host) : null;
            if (root is not null)
            {
                // pivot_root needs the new root to be a mount point.
                AddMount(rootStep, root, root, null, MountFlags.Bind | MountFlags.Recursive, null);
            }

            for (int i = 0; i < _plan.Steps.Count; i++)
            {
                switch (_plan.Steps[i])
                {
                    case SandboxStep.Bind bind:
                        LowerBind(i, root, bind);
                        break;
                    case SandboxStep.Tmpfs tmpfs:
                        AddMount(i, "tmpfs", MountPoint(i, root, tmpfs.Target, directory: true), "tmpfs", MountFlags.NoSuid | MountFlags.NoDev, "mode=0755");
                        _ownedTrees.Add(Normalized(tmpfs.Target));
                        break;
                    case SandboxStep.Proc proc:
                        AddMount(i, "proc", MountPoint(i, root, proc.Target, directory: true), "proc", MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec, null);
                        break;
                    case SandboxStep.Dev dev:
                        LowerDev(i, root, dev.Target);
                        break;
                    case SandboxStep.Mount mount:
                        LowerMount(i, root, mount);
                        break;
                    case SandboxStep.MaskPath mask:
                        // No mount point: what is there (a file, a directory, nothing) is known only in the child, once /proc and /sys are mounted.
                        Add(new ChildOperation { Step = ChildStep.MaskPath, SourceStep = i, Source = _arena.Bytes("/dev/null"), Path = _arena.Bytes(Inside(root, mask.Target)) });
                        break;
                    case SandboxStep.ReadOnlyPath readOnly:
                        Add(new ChildOperation { Step = ChildStep.ReadOnlyPath, SourceStep = i, Path = _arena.Bytes(Inside(root, readOnly.Target)) });
                        break;
                    case SandboxStep.Device device:
                        LowerDevice(i, root, device);
                        break;
                    case SandboxStep.DeviceLinks links:
                        LowerDeviceLinks(i, root, links.Directory);
                        break;
                    case SandboxStep.Sysctl sysctl:
                        // The sandbox's /proc (mounted earlier in the plan) shows the parameters of its own namespaces.
                        AddWrite(ChildStep.WriteSysctl, i, Inside(root, "/proc/sys/" + sysctl.Key.Replace('.', '/')), sysctl.Value);
                        break;
                    case SandboxStep.MakeDirectory mkdir:
                        MountPoint(i, root, mkdir.Target, directory: true);
                        break;
                    case SandboxStep.Symlink link:
                        if (root is null && OwnedTreeOf(Normalized(link.Target)) is null)
                        {
                            throw new SandboxUsageException(link.Describe(), Errno.EROFS, null,
                                "nsbox creates nothing on the host: make the link below a tmpfs made first (--tmpfs), or inside a new root (--root)");
                        }

                        string at = MountPoint(i, root, Parent(link.Target), directory: true);
                        Add(new ChildOperation { Step = ChildStep.Symlink, SourceStep = i, Source = _arena.Bytes(link.LinkTarget), Path = _arena.Bytes(Join(at, Name(link.Target))) });
                        break;
                }
            }

            if (root is not null)
            {
                if (_plan.Terminal)
                {
                    // The pty is bound onto /dev/console after pivot_root (it is opened inside): its mount point now, as runc makes it.
                    _consoleMountPoint = MountPoint(rootStep, root, "/dev/console", directory: false);
                }

                Add(new ChildOperation { Step = ChildStep.PivotRoot, SourceStep = rootStep, Path = _arena.Bytes(root) });
            }

            if (_plan.RootPropagation != MountFlags.None)
            {
                // After pivot_root, on the new / itself, as runc applies rootfsPropagation.
                AddMount(-1, "none", "/", null, _plan.RootPropagation, null);
            }
        }

        /// <summary>The new root as an absolute host path; it must be a directory.</summary>
        internal static string CheckedRoot(string directory, IHostFiles host)
        {
            string root = Normalized(directory.StartsWith('/') ? directory : host.WorkingDirectory() + "/" + directory);
            HostFileKind kind = host.Kind(root, out Errno errno);
            if (kind != HostFileKind.Directory)
            {
                throw new SandboxUsageException("root", kind == HostFileKind.Missing ? errno : Errno.ENOTDIR, directory,
                    kind == HostFileKind.Missing ? null : "the new root is a directory");
            }

            return root;
        }

        private void LowerBind(int step, string? root, SandboxStep.Bind bind)
        {
            string source = Absolute(bind.Source);
            HostFileKind kind = _host.Kind(source, out Errno errno);
            if (kind == HostFileKind.Missing)
            {
                // Checked here: the mount point must not be made for a source that is not there.
                throw new SandboxUsageException(bind.Describe(), errno);
            }

            string target = MountPoint(step, root, bind.Target, directory: kind == HostFileKind.Directory);
            AddMount(step, source, target, null, MountFlags.Bind | MountFlags.Recursive, null);
            if (bind.ReadOnly)
            {
                // Every submount too, as bubblewrap's are: a plain MS_RDONLY remount covers the top mount only.
                Add(new ChildOperation { Step = ChildStep.MakeReadOnly, SourceStep = step, Path = _arena.Bytes(target) });
            }
        }

        /// <summary>
        /// A mount as mount(8) makes it. A bind takes no flags of its own (the kernel ignores them on
        /// the first call), so they are set by a remount of the new mount, as mount(8) and runc do;
        /// read-only is then also made recursive for an rbind, as every read-only bind here is. A
        /// remount changes a mount that exists already and creates nothing.
        /// </summary>
        private void LowerMount(int step, string? root, SandboxStep.Mount mount)
        {
            const MountFlags Binding = MountFlags.Bind | MountFlags.Recursive | MountFlags.Remount;
            string target;
            if ((mount.Flags & MountFlags.Remount) != 0)
            {
                target = Inside(root, mount.Target);
                AddMount(step, target, target, null, mount.Flags, null);
            }
            else if (mount.IsBind)
            {
                string source = Absolute(mount.Source);
                HostFileKind kind = _host.Kind(source, out Errno errno);
                if (kind == HostFileKind.Missing)
                {
                    throw new SandboxUsageException(mount.Describe(), errno);
                }

                target = MountPoint(step, root, mount.Target, directory: kind == HostFileKind.Directory);
                AddMount(step, source, target, null, mount.Flags & Binding, null);
                MountFlags attributes = mount.Flags & ~Binding;
                if (attributes != MountFlags.None)
                {
                    AddMount(step, source, target, null, MountFlags.Remount | MountFlags.Bind | attributes, null);
                }

                if ((mount.Flags & (MountFlags.Recursive | MountFlags.ReadOnly)) == (MountFlags.Recursive | MountFlags.ReadOnly))
                {
                    Add(new ChildOperation { Step = ChildStep.MakeReadOnly, SourceStep = step, Path = _arena.Bytes(target) });
                }
            }
            else
            {
                target = MountPoint(step, root, mount.Target, directory: true);
                AddMount(step, mount.Source, target, mount.Type, mount.Flags, mount.Data);
                if (mount.Type == "tmpfs")
                {
                    _ownedTrees.Add(Normalized(mount.Target));
                }
            }

            if (mount.Propagation != MountFlags.None)
            {
                AddMount(step, "none", target, null, mount.Propagation, null);
            }
        }

        /// <summary>
        /// A minimal /dev: the host's device nodes are copied (open_tree) before the new tmpfs hides
        /// them, which matters when the tmpfs goes on the host's own /dev; then the tmpfs, the nodes
        /// attached, a private devpts, a shm tmpfs and the usual links.
        /// </summary>
        private void LowerDev(int step, string? root, string dev)
        {
            string target = MountPoint(step, root, dev, directory: true);
            int firstCopy = _operations.Count;
            foreach (string node in s_deviceNodes)
            {
                Add(new ChildOperation { Step = ChildStep.CloneMount, SourceStep = step, Fd = -1, Source = _arena.Bytes("/dev/" + node) });
            }

            AddMount(step, "tmpfs", target, "tmpfs", MountFlags.NoSuid | MountFlags.NoExec, "mode=0755");
            for (int n = 0; n < s_deviceNodes.Length; n++)
            {
                string path = target + "/" + s_deviceNodes[n];
                Add(new ChildOperation { Step = ChildStep.CreateFile, SourceStep = step, Path = _arena.Bytes(path) });
                Add(new ChildOperation { Step = ChildStep.AttachMount, SourceStep = step, Argument = firstCopy + n, Path = _arena.Bytes(path) });
            }

            Add(new ChildOperation { Step = ChildStep.MakeDirectory, SourceStep = step, Path = _arena.Bytes(target + "/pts") });
            AddMount(step, "devpts", target + "/pts", "devpts", MountFlags.NoSuid | MountFlags.NoExec, "newinstance,ptmxmode=0666,mode=620");
            AddSymlink(step, "pts/ptmx", target + "/ptmx");
            Add(new ChildOperation { Step = ChildStep.MakeDirectory, SourceStep = step, Path = _arena.Bytes(target + "/shm") });
            AddMount(step, "tmpfs", target + "/shm", "tmpfs", MountFlags.NoSuid | MountFlags.NoDev, "mode=1777");
            AddSymlink(step, "/proc/self/fd", target + "/fd");
            AddSymlink(step, "/proc/self/fd/0", target + "/stdin");
            AddSymlink(step, "/proc/self/fd/1", target + "/stdout");
            AddSymlink(step, "/proc/self/fd/2", target + "/stderr");
            _ownedTrees.Add(Normalized(dev));
        }

        /// <summary>
        /// A device node: its directory made where missing (inside the root or a tmpfs of the plan),
        /// then mknod in the child; in a new user namespace, where mknod is refused, the host's node
        /// at the same path is bound there (Argument 1), as runc does; the child falls back to that too on EPERM.
        /// </summary>
        private void LowerDevice(int step, string? root, SandboxStep.Device device)
        {
            string at = OwnDirectory(step, root, device.Target, device.Describe());
            var node = (DeviceNode*)_arena.Allocate((nuint)sizeof(DeviceNode));
            node->Device = device.Kind == DeviceKind.Fifo ? 0 : MakeDeviceNumber(device.Major, device.Minor);
            node->Mode = (device.Kind switch { DeviceKind.Block => Native.S_IFBLK, DeviceKind.Fifo => Native.S_IFIFO, _ => Native.S_IFCHR }) | device.Mode;
            node->Uid = device.Uid;
            node->Gid = device.Gid;
            Add(new ChildOperation
            {
                Step = ChildStep.MakeDevice,
                SourceStep = step,
                Path = _arena.Bytes(Join(at, Name(device.Target))),
                Source = _arena.Bytes(Normalized(device.Target)),
                Data = (byte*)node,
                Argument = InUserNamespace ? 1 : 0,
            });
        }

        /// <summary>runc's /dev links: ptmx replaced (Argument 2), the others kept where they exist (Argument 1); core only where the host has /proc/kcore.</summary>
        private void LowerDeviceLinks(int step, string? root, string directory)
        {
            string at = OwnDirectory(step, root, directory + "/ptmx", "device links in " + directory);
            Add(new ChildOperation { Step = ChildStep.Symlink, SourceStep = step, Source = _arena.Bytes("pts/ptmx"), Path = _arena.Bytes(at + "/ptmx"), Argument = 2 });
            foreach ((string link, string name) in new[] { ("/proc/self/fd", "fd"), ("/proc/self/fd/0", "stdin"), ("/proc/self/fd/1", "stdout"), ("/proc/self/fd/2", "stderr") })
            {
                Add(new ChildOperation { Step = ChildStep.Symlink, SourceStep = step, Source = _arena.Bytes(link), Path = _arena.Bytes(at + "/" + name), Argument = 1 });
            }

            if (_host.Kind("/proc/kcore", out _) != HostFileKind.Missing)
            {
                Add(new ChildOperation { Step = ChildStep.Symlink, SourceStep = step, Source = _arena.Bytes("/proc/kcore"), Path = _arena.Bytes(at + "/core"), Argument = 1 });
            }
        }

        /// <summary>The host path of the directory <paramref name="file"/> goes in, made where missing; only where the sandbox owns the file system.</summary>
        private string OwnDirectory(int step, string? root, string file, string what)
        {
            if (root is null && OwnedTreeOf(Normalized(file)) is null)
            {
                throw new SandboxUsageException(what, Errno.EROFS, null,
                    "nsbox creates nothing on the host: make it below a tmpfs made first (--tmpfs), or inside a new root (--root)");
            }

            return MountPoint(step, root, Parent(file), directory: true);
        }

        /// <summary>glibc's makedev: the kernel's 12-bit major and 20-bit minor, spread over 64 bits.</summary>
        private static ulong MakeDeviceNumber(uint major, uint minor) =>
            ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);

        /// <summary>
        /// The host path of <paramref name="target"/>, with what it takes to exist. The host's file
        /// system is never changed: a missing mount point is created only where the sandbox owns
        /// the file system: below a tmpfs made earlier in this plan (created in the child, in the
        /// tmpfs), or inside the new root (created there, and removed again if the start fails).
        /// Anywhere else it must exist already.
        /// </summary>
        private string MountPoint(int step, string? root, string target, bool directory)
        {
            string inside = Normalized(target);
            string? tree = OwnedTreeOf(inside);

            // Inside the new root, symbolic links are followed as the command will see them: an
            // absolute link (/var/run -> /run) or enough ".." must not lead out of the root onto the host.
            string resolved = root is null || tree is not null ? inside : InRoot(root, inside);
            string onHost = root is null ? inside : Join(root, resolved);
            if (tree is not null)
            {
                // Below an earlier tmpfs: nothing of it exists yet at planning time; mkdir -p in the child.
                string treeOnHost = root is null ? tree : Join(root, tree);
                string path = treeOnHost;
                string[] parts = inside[tree.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
                for (int i = 0; i < parts.Length; i++)
                {
                    path = Join(path, parts[i]);
                    bool last = i == parts.Length - 1;
                    Add(new ChildOperation { Step = last && !directory ? ChildStep.CreateFile : ChildStep.MakeDirectory, SourceStep = step, Path = _arena.Bytes(path) });
                }

                return onHost;
            }

            if (_host.Kind(onHost, out Errno why) != HostFileKind.Missing)
            {
                return onHost;
            }

            if (root is null)
            {
                throw new SandboxUsageException(_plan.Steps[step].Describe(), why, null, why != Errno.ENOENT ? null
                    : $"{target} does not exist, and nsbox creates no mount point on the host: mount a tmpfs on a parent first (--tmpfs), or use a new root (--root)");
            }

            // Inside the new root: mkdir -p of what is missing, each created path remembered for the clean-up.
            string at = root;
            string[] names = resolved.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < names.Length; i++)
            {
                at = Join(at, names[i]);
                bool last = i == names.Length - 1;
                if (_host.Kind(at, out _) == HostFileKind.Missing)
                {
                    Add(new ChildOperation { Step = last && !directory ? ChildStep.CreateFile : ChildStep.MakeDirectory, SourceStep = step, Path = _arena.Bytes(at) });
                    CreatedInRoot.Add(at);
                }
            }

            return onHost;
        }

        /// <summary>
        /// <paramref name="inside"/> with every symbolic link under <paramref name="root"/> resolved
        /// as if <paramref name="root"/> were /, as the kernel will resolve it after pivot_root
        /// (what runc's securejoin does): ".." stops at the root, an absolute link starts again there.
        /// </summary>
        private string InRoot(string root, string inside)
        {
            var pending = new List<string>(inside.Split('/', StringSplitOptions.RemoveEmptyEntries));
            var done = new List<string>();
            for (int links = 0; pending.Count > 0;)
            {
                string part = pending[0];
                pending.RemoveAt(0);
                if (part == "." || (part == ".." && done.Count == 0))
                {
                    continue;
                }

                if (part == "..")
                {
                    done.RemoveAt(done.Count - 1);
                    continue;
                }

                string? link = _host.SymbolicLinkTarget(Join(root, "/" + string.Join('/', done) + "/" + part));
                if (link is null)
                {
                    done.Add(part);
                    continue;
                }

                if (++links > 40)
                {
                    throw new SandboxUsageException("resolve", Errno.ELOOP, inside, "symbolic links inside the root point at each other");
                }

                if (link.StartsWith('/'))
                {
                    done.Clear();
                }

                pending.InsertRange(0, link.Split('/', StringSplitOptions.RemoveEmptyEntries));
            }

            return "/" + string.Join('/', done);
        }

        private string? OwnedTreeOf(string inside)
        {
            string? deepest = null;
            foreach (string tree in _ownedTrees)
            {
                bool below = tree == "/" || inside == tree || inside.StartsWith(tree + "/", StringComparison.Ordinal);
                if (below && (deepest is null || tree.Length > deepest.Length))
                {
                    deepest = tree;
                }
            }

            return deepest;
        }

        /// <summary>Hostname and domain name, in the order given.</summary>
        private void LowerIdentity()
        {
            for (int i = 0; i < _plan.Steps.Count; i++)
            {
                string? name = _plan.Steps[i] switch
                {
                    SandboxStep.Hostname h => h.Name,
                    SandboxStep.Domainname d => d.Name,
                    _ => null,
                };
                if (name is not null)
                {
                    ChildStep kind = _plan.Steps[i] is SandboxStep.Hostname ? ChildStep.SetHostname : ChildStep.SetDomainname;
                    Add(new ChildOperation { Step = kind, SourceStep = i, Data = _arena.Bytes(name, out nuint length), Length = length });
                }
            }

            if (Has(CloneFlags.NewNet))
            {
                // A new network namespace starts with lo down.
                Add(new ChildOperation { Step = ChildStep.BringUpLoopback, SourceStep = -1 });
            }
        }

        /// <summary>How the command starts: directory, session, privileges, capabilities, descriptors.</summary>
        private void LowerProcess(int passErrorPipeAs, int startFifoFd)
        {
            if (_plan.OomScoreAdjustment is { } oom)
            {
                AddWrite(ChildStep.SetOomScoreAdjustment, -1, "/proc/self/oom_score_adj", oom.ToString(CultureInfo.InvariantCulture));
            }

            int chdir = -1;
            if (_plan.WorkingDirectory is not null)
            {
                // With a user to become, a directory only that user may enter is tried again after the change (as runc does): Argument 1.
                chdir = _operations.Count;
                Add(new ChildOperation { Step = ChildStep.ChangeDirectory, SourceStep = -1, Path = _arena.Bytes(_plan.WorkingDirectory), Argument = _plan.User is null ? 0 : 1 });
            }

            if (_plan.NewSession)
            {
                Add(new ChildOperation { Step = ChildStep.NewSession, SourceStep = -1 });
            }

            if (_plan.Terminal)
            {
                LowerTerminal();
            }

            // The descriptors before the privileges: a seccomp filter loaded before the credentials
            // change (below) need not allow close_range and dup3; runc's init, too, marks its
            // descriptors close-on-exec before it loads a filter.
            if (_plan.StandardInputFd >= 0)
            {
                Add(new ChildOperation { Step = ChildStep.RedirectStandardStream, SourceStep = -1, Fd = _plan.StandardInputFd, Argument = 0 });
            }

            if (_plan.StandardOutputFd >= 0)
            {
                Add(new ChildOperation { Step = ChildStep.RedirectStandardStream, SourceStep = -1, Fd = _plan.StandardOutputFd, Argument = 1 });
            }

            if (_plan.StandardErrorFd >= 0)
            {
                Add(new ChildOperation { Step = ChildStep.RedirectStandardError, SourceStep = -1, Fd = _plan.StandardErrorFd });
            }

            Add(new ChildOperation { Step = ChildStep.CloseInheritedFds, SourceStep = -1 });
            foreach (int fd in _plan.InheritedFds)
            {
                Add(new ChildOperation { Step = ChildStep.InheritFd, SourceStep = -1, Fd = fd });
            }

            if (passErrorPipeAs >= 0)
            {
                Add(new ChildOperation { Step = ChildStep.PassErrorPipe, SourceStep = -1, Argument = passErrorPipeAs });
            }

            if (startFifoFd >= 0)
            {
                // After CloseInheritedFds: dup3 gives a descriptor without close-on-exec, which the waiter needs.
                Add(new ChildOperation { Step = ChildStep.PassStartFifo, SourceStep = -1, Fd = startFifoFd, Argument = StartWaiter.FifoFd });
            }

            if (_plan.NoNewPrivileges)
            {
                Add(new ChildOperation { Step = ChildStep.NoNewPrivileges, SourceStep = -1 });
            }
            else if (_plan.Seccomp is { } privileged)
            {
                // Without no_new_privs loading a filter needs CAP_SYS_ADMIN, which the user change
                // and the capability sets may take away: before them, as runc does.
                LowerSeccomp(privileged);
            }

            LowerCredentials(chdir);

            if (_plan.DroppedCapabilities != 0 || _plan.KeepCapabilities)
            {
                // Last of the setup: mounts and the rest need the capabilities.
                Add(new ChildOperation { Step = ChildStep.DropCapabilities, SourceStep = -1, Flags = _plan.DroppedCapabilities, Argument = _plan.KeepCapabilities ? 1 : 0 });
            }

            if (_plan.NoNewPrivileges && _plan.Seccomp is { } last)
            {
                // Last before execve, so that as few calls as possible run under the filter (runc's order).
                LowerSeccomp(last);
            }
        }

        /// <summary>
        /// The compiled filter copied into the plan's memory; for one that notifies, a socket pair
        /// whose child end the listener goes over (moved up, so the fd juggling cannot take it).
        /// </summary>
        private void LowerSeccomp(SeccompProgram program)
        {
            ChildSeccomp* seccomp = _arena.Allocate<ChildSeccomp>();
            byte* instructions = (byte*)_arena.Allocate((nuint)Math.Max(1, program.Instructions.Length));
            program.Instructions.Span.CopyTo(new Span<byte>(instructions, program.Instructions.Length));
            seccomp->Program.len = (ushort)program.InstructionCount;
            seccomp->Program.filter = instructions;
            int socket = -1;
            if (program.Notifies)
            {
                int* ends = stackalloc int[2];
                if (Native.socketpair(Native.AF_UNIX, Native.SOCK_STREAM | Native.SOCK_CLOEXEC, 0, ends) == -1 || !PrivateDescriptor.MoveUp(ends))
                {
                    throw new SpawnException(ChildStep.None, "socketpair for the seccomp listener", LastErrno.Read());
                }

                SeccompListenerSocket = new FileDescriptor(ends[0]);
                OpenedFds.Add(new FileDescriptor(ends[1]));
                socket = ends[1];
                DescriptorMessage.Prepare(&seccomp->Listener, _arena.Bytes("seccomp", out nuint length), length);
            }

            Add(new ChildOperation { Step = ChildStep.LoadSeccomp, SourceStep = -1, Data = (byte*)seccomp, Flags = program.Flags, Fd = socket });
        }

        /// <summary>
        /// Resource limits, the umask, then the user and the capabilities, in runc's order: the
        /// bounding set first (dropping needs CAP_SETPCAP, which the user change may take), the
        /// permitted set kept across the change of user (PR_SET_KEEPCAPS), groups before the group
        /// before the user (each needs the capability the next takes away), then the other sets.
        /// </summary>
        private void LowerCredentials(int chdir)
        {
            // A plan that waits for start leaves them to the spawner, which sets them on the waiting
            // process once it is up (Spawner.SetWaiterLimits): the waiter is NativeAOT and reserves
            // its heap when it starts, which a limit like RLIMIT_AS would refuse.
            foreach (ResourceLimit limit in _plan.StartFifo is null ? _plan.ResourceLimits : [])
            {
                var values = (Rlimit*)_arena.Allocate((nuint)sizeof(Rlimit));
                values->rlim_cur = limit.Soft;
                values->rlim_max = limit.Hard;
                Add(new ChildOperation { Step = ChildStep.SetResourceLimit, SourceStep = -1, Argument = limit.Resource, Data = (byte*)values });
            }

            if (_plan.Umask is { } umask)
            {
                Add(new ChildOperation { Step = ChildStep.SetUmask, SourceStep = -1, Argument = (int)umask });
            }

            CapabilitySets? sets = _plan.Capabilities;
            if (sets is not null)
            {
                Add(new ChildOperation { Step = ChildStep.DropBoundingSet, SourceStep = -1, Flags = sets.Bounding });
            }

            if (_plan.User is { } user)
            {
                if (sets is not null)
                {
                    Add(new ChildOperation { Step = ChildStep.KeepCapabilitiesAcrossSetuid, SourceStep = -1, Argument = 1 });
                }

                uint* groups = (uint*)_arena.Allocate((nuint)(sizeof(uint) * Math.Max(1, user.AdditionalGroups.Count)));
                for (int i = 0; i < user.AdditionalGroups.Count; i++)
                {
                    groups[i] = user.AdditionalGroups[i];
                }

                // A user namespace whose setgroups says "deny" refuses every setgroups: runc then leaves the groups alone (Flags 1).
                Add(new ChildOperation { Step = ChildStep.SetGroups, SourceStep = -1, Argument = user.AdditionalGroups.Count, Data = (byte*)groups, Flags = InUserNamespace ? 1UL : 0 });
                Add(new ChildOperation { Step = ChildStep.SetGroupId, SourceStep = -1, Argument = unchecked((int)user.Gid) });
                Add(new ChildOperation { Step = ChildStep.SetUserId, SourceStep = -1, Argument = unchecked((int)user.Uid) });
                if (chdir >= 0)
                {
                    // Again, as the user, if the first try was refused (Argument: that try's index).
                    Add(new ChildOperation { Step = ChildStep.ChangeDirectory, SourceStep = -1, Path = _operations[chdir].Path, Argument = 2 + chdir });
                }

                if (sets is not null)
                {
                    Add(new ChildOperation { Step = ChildStep.KeepCapabilitiesAcrossSetuid, SourceStep = -1, Argument = 0 });
                }
            }

            if (sets is not null)
            {
                ulong* values = (ulong*)_arena.Allocate(4 * sizeof(ulong));
                values[0] = sets.Effective;
                values[1] = sets.Permitted;
                values[2] = sets.Inheritable;
                values[3] = sets.Ambient;
                Add(new ChildOperation { Step = ChildStep.SetCapabilities, SourceStep = -1, Data = (byte*)values });
            }
        }

        /// <summary>The pty, from the sandbox's own /dev/ptmx (after pivot_root or the joined mount namespace), its master sent over the console socket.</summary>
        private void LowerTerminal()
        {
            if (_plan.ConsoleSocket < 0)
            {
                throw new SandboxUsageException("terminal", Errno.EBADF, null, "the pty master goes over a console socket: give one (SandboxBuilder.ConsoleSocket)");
            }

            ChildTerminal* terminal = _arena.Allocate<ChildTerminal>();
            byte* name = _arena.Bytes("/dev/ptmx", out nuint nameLength);
            ChildTerminal.Prepare(terminal, name, nameLength, _plan.TerminalSize.Rows, _plan.TerminalSize.Columns);
            Add(new ChildOperation
            {
                Step = ChildStep.AttachTerminal,
                SourceStep = -1,
                Fd = _plan.ConsoleSocket,
                // The container's own devpts first (runc makes /dev/ptmx a link to it); /dev/ptmx where there is none.
                Path = _arena.Bytes("/dev/pts/ptmx"),
                FileSystemType = _arena.Bytes("/dev/ptmx"),
                Source = _consoleMountPoint is null ? null : _arena.Bytes("/dev/console"),
                Data = (byte*)terminal,
                // The plan's own setsid came just before: a second one fails (EPERM).
                Argument = _plan.NewSession ? 1 : 0,
            });
        }

        private void Add(ChildOperation op) => _operations.Add(op);

        private void AddMount(int step, string source, string target, string? type, MountFlags flags, string? data) => Add(new ChildOperation
        {
            Step = ChildStep.Mount,
            SourceStep = step,
            Source = _arena.Bytes(source),
            Path = _arena.Bytes(target),
            FileSystemType = _arena.BytesOrNull(type),
            Flags = (ulong)flags,
            Data = _arena.BytesOrNull(data),
        });

        private void AddSymlink(int step, string linkTarget, string path) =>
            Add(new ChildOperation { Step = ChildStep.Symlink, SourceStep = step, Source = _arena.Bytes(linkTarget), Path = _arena.Bytes(path) });

        private void AddWrite(ChildStep kind, int step, string file, string text, int argument = 0) =>
            Add(new ChildOperation { Step = kind, SourceStep = step, Path = _arena.Bytes(file), Data = _arena.Bytes(text, out nuint length), Length = length, Argument = argument });

        private static string MapText(IdMapping[] maps) => string.Concat(Array.ConvertAll(maps, m => m.ToString()));

        private static string TimeOffsetsText(TimeSpan monotonic, TimeSpan boottime) =>
            string.Create(CultureInfo.InvariantCulture, $"monotonic {Seconds(monotonic)} {Nanoseconds(monotonic)}\nboottime {Seconds(boottime)} {Nanoseconds(boottime)}\n");

        private static long Seconds(TimeSpan t) => (long)Math.Floor(t.TotalSeconds);

        private static long Nanoseconds(TimeSpan t) => (t.Ticks - (Seconds(t) * TimeSpan.TicksPerSecond)) * 100;

        /// <summary>An absolute path as the kernel resolves it lexically: "." and ".." folded, "//" collapsed. Pure string work: bytes that are not UTF-8 survive.</summary>
        internal static string Normalized(string path)
        {
            var parts = new List<string>();
            foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }

                    continue;
                }

                parts.Add(part);
            }

            return "/" + string.Join('/', parts);
        }

        /// <summary>The host path of <paramref name="target"/> as the command sees it, creating nothing.</summary>
        private static string Inside(string? root, string target) => root is null ? Normalized(target) : Normalized(target) == "/" ? root : Join(root, target);

        private string Absolute(string path) => Normalized(path.StartsWith('/') ? path : _host.WorkingDirectory() + "/" + path);

        private static string Join(string directory, string inside) => directory == "/" ? Normalized(inside) : directory.TrimEnd('/') + Normalized(inside);

        private static string Parent(string path)
        {
            string normalized = Normalized(path);
            int slash = normalized.LastIndexOf('/');
            return slash <= 0 ? "/" : normalized[..slash];
        }

        private static string Name(string path)
        {
            string normalized = Normalized(path);
            return normalized[(normalized.LastIndexOf('/') + 1)..];
        }
    }
}
