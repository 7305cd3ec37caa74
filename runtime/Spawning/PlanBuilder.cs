using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// Turns <see cref="SpawnOptions"/> into the native <see cref="ChildPlan"/> the child walks: every
    /// path joined and made absolute, every text formatted, every mount point to create listed, so
    /// the child only issues system calls. Also keeps, per file system operation, the words the
    /// parent uses when that operation fails ("mount /srv/root/proc").
    /// </summary>
    internal sealed unsafe class PlanBuilder
    {
        private const string NoSource = "";
        private static readonly string[] s_deviceNodes = ["null", "zero", "full", "random", "urandom", "tty"];

        private readonly NativeArena _arena;
        private readonly SpawnOptions _options;
        private readonly List<(FileSystemOperationKind Kind, string Source, string Target, string? Type, ulong Flags, string? Data)> _operations = [];

        public PlanBuilder(NativeArena arena, SpawnOptions options)
        {
            _arena = arena;
            _options = options;
        }

        /// <summary>What each file system operation is, for error messages ("mount /x"), by index.</summary>
        public List<string> OperationDescriptions { get; } = [];

        /// <summary>The plan to execute <paramref name="path"/> with <paramref name="argv"/> after the setup.</summary>
        public ChildPlan* Build(string path, IReadOnlyList<string> argv)
        {
            ChildPlan* plan = _arena.Allocate<ChildPlan>();
            plan->Path = _arena.Utf8(path);
            plan->Argv = _arena.Utf8Array(argv);
            plan->PassErrorPipeAs = -1;
            plan->ProgramFd = -1;
            plan->StandardErrorFd = _options.StandardErrorFd;
            if (_options.CreateByUnshare)
            {
                plan->UnshareFlags = unchecked((int)(ulong)(_options.Namespaces & ~(CloneFlags.NewUser | CloneFlags.NewTime)));
            }
            plan->Envp = _arena.Utf8Array(_options.Environment ?? CurrentEnvironment());
            plan->ParentDeathSignal = _options.ParentDeathSignal;
            PlanJoins(plan);
            PlanCaptures(plan);
            plan->InheritedFdCount = _options.InheritedFds.Count;
            plan->InheritedFds = (int*)_arena.Allocate((nuint)(sizeof(int) * Math.Max(1, _options.InheritedFds.Count)));
            for (int i = 0; i < _options.InheritedFds.Count; i++)
            {
                plan->InheritedFds[i] = _options.InheritedFds[i];
            }

            plan->UidMap = Text(MapText(_options.UidMappings));
            plan->GidMap = Text(MapText(_options.GidMappings));
            if (Has(CloneFlags.NewTime))
            {
                plan->TimeOffsets = Text(TimeOffsetsText(_options.MonotonicOffset, _options.BoottimeOffset));
            }

            if (Has(CloneFlags.NewMount))
            {
                plan->MakeRootPrivate = 1;
                PlanFileSystem();
                plan->Operations = (FileSystemOperation*)_arena.Allocate((nuint)(_operations.Count * sizeof(FileSystemOperation)));
                for (int i = 0; i < _operations.Count; i++)
                {
                    var op = _operations[i];
                    plan->Operations[i] = new FileSystemOperation
                    {
                        Kind = op.Kind,
                        Source = op.Source.Length == 0 ? null : _arena.Utf8(op.Source),
                        Target = _arena.Utf8(op.Target),
                        FileSystemType = op.Type is null ? null : _arena.Utf8(op.Type),
                        Flags = op.Flags,
                        Data = op.Data is null ? null : _arena.Utf8(op.Data),
                    };
                }

                plan->OperationCount = _operations.Count;
                plan->NewRoot = _options.RootDirectory is null ? null : _arena.Utf8(Path.GetFullPath(_options.RootDirectory));
            }

            plan->Hostname = _options.Hostname is null ? default : Text(_options.Hostname);
            plan->Domainname = _options.Domainname is null ? default : Text(_options.Domainname);
            plan->BringUpLoopback = Has(CloneFlags.NewNet) ? 1 : 0;
            plan->WorkingDirectory = _options.WorkingDirectory is null ? null : _arena.Utf8(_options.WorkingDirectory);
            plan->NewSession = _options.NewSession ? 1 : 0;
            plan->NoNewPrivileges = _options.NoNewPrivileges ? 1 : 0;
            plan->DroppedCapabilities = _options.DroppedCapabilities;
            plan->KeepCapabilities = _options.KeepCapabilities ? 1 : 0;
            return plan;
        }

        // Mount points that did not exist when planned: the child may create them on the host's file system.
        private readonly List<(string Path, bool IsDirectory)> _createdOnHost = [];

        /// <summary>
        /// After a failed spawn: removes the mount points the child created on the host (empty ones
        /// only, deepest first), so a failure leaves nothing behind. After a success they stay, as
        /// mkdir -p would leave them.
        /// </summary>
        public void RemoveCreatedMountPoints()
        {
            for (int i = _createdOnHost.Count - 1; i >= 0; i--)
            {
                (string path, bool isDirectory) = _createdOnHost[i];
                try
                {
                    if (isDirectory && Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
                    {
                        Directory.Delete(path);
                    }
                    else if (!isDirectory && File.Exists(path) && new FileInfo(path).Length == 0)
                    {
                        File.Delete(path);
                    }
                }
                catch (IOException)
                {
                    // Busy or changed meanwhile: leave it rather than guess.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        /// <summary>Descriptors this builder opened (namespace files to join); the spawner closes them after clone.</summary>
        public List<int> OpenedFds { get; } = [];

        /// <summary>What each join is, for error messages ("setns /proc/42/ns/uts"), by index.</summary>
        public List<string> JoinDescriptions { get; } = [];

        /// <summary>Opens every namespace to join now, in the parent: the child only calls setns.</summary>
        private void PlanJoins(ChildPlan* plan)
        {
            var joins = new List<NamespaceJoin>();
            foreach (NamespaceJoin join in _options.JoinNamespaces)
            {
                if (join.Pid <= 0)
                {
                    joins.Add(join);
                    continue;
                }

                // One setns on a pidfd enters every namespace at once; older kernels take the files one by one.
                int pidfd = Native.pidfd_open(join.Pid, 0);
                if (pidfd >= 0)
                {
                    OpenedFds.Add(pidfd);
                    joins.Add(join with { PidFd = new FileDescriptor(pidfd, ownsHandle: false) });
                }
                else if (LastErrno.Read() is Errno.ENOSYS or Errno.EINVAL)
                {
                    joins.AddRange(NamespaceFiles.OfProcess(join.Pid, join.Type));
                }
                else
                {
                    throw new SpawnException(ChildStep.JoinNamespace, "pidfd_open", LastErrno.Read(), join.Pid.ToString(CultureInfo.InvariantCulture));
                }
            }

            plan->Joins = (NamespaceFd*)_arena.Allocate((nuint)(sizeof(NamespaceFd) * Math.Max(1, joins.Count)));
            plan->JoinCount = joins.Count;
            for (int i = 0; i < joins.Count; i++)
            {
                NamespaceJoin join = joins[i];
                int fd;
                if (join.PidFd is { } pidfd)
                {
                    fd = (int)pidfd.DangerousGetHandle();
                    JoinDescriptions.Add(join.Pid > 0 ? $"setns pid {join.Pid}" : "setns pidfd " + fd);
                }
                else
                {
                    string path = join.Path ?? throw new ArgumentException("a namespace join needs a Path or a PidFd", "options");
                    fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(path + "\0"))
                    {
                        fd = Native.open(p, Native.O_RDONLY | Native.O_CLOEXEC, 0);
                    }

                    if (fd == -1)
                    {
                        throw new SpawnException(ChildStep.JoinNamespace, "open", LastErrno.Read(), path);
                    }

                    OpenedFds.Add(fd);
                    JoinDescriptions.Add("setns " + path);
                }

                plan->Joins[i] = new NamespaceFd { Fd = fd, Type = unchecked((int)(ulong)join.Type) };
            }
        }

        /// <summary>The /proc/self/ns entries the child opens for the parent (time: the one its children get).</summary>
        private void PlanCaptures(ChildPlan* plan)
        {
            var keeps = _options.KeepNamespaces;
            plan->Captures = (NamespaceCapture*)_arena.Allocate((nuint)(sizeof(NamespaceCapture) * Math.Max(1, keeps.Count)));
            plan->CaptureCount = keeps.Count;
            for (int i = 0; i < keeps.Count; i++)
            {
                string name = keeps[i].Type == CloneFlags.NewTime ? "time_for_children" : NamespaceFiles.Name(keeps[i].Type);
                plan->Captures[i] = new NamespaceCapture { Path = _arena.Utf8("/proc/self/ns/" + name), Fd = -1 };
            }
        }

        private bool Has(CloneFlags flag) => (_options.Namespaces & flag) != 0;

        /// <summary>
        /// The root (bound onto itself, so pivot_root accepts it), then every requested mount with
        /// its mount point created first, all below the new root when there is one.
        /// </summary>
        private void PlanFileSystem()
        {
            string? root = _options.RootDirectory is null ? null : Path.GetFullPath(_options.RootDirectory);
            if (root is not null)
            {
                Add(FileSystemOperationKind.Mount, root, root, null, Flags(MountFlags.Bind | MountFlags.Recursive), null, "bind the new root onto itself");
            }

            foreach (MountRequest request in _options.Mounts)
            {
                string target = Inside(root, request.Target);
                switch (request)
                {
                    case MountRequest.Bind bind:
                        string source = Path.GetFullPath(bind.Source);
                        if (!File.Exists(source) && !Directory.Exists(source))
                        {
                            // Checked here: otherwise making the mount point could create a missing source on the host.
                            throw new SpawnException(ChildStep.FileSystem, $"bind {source} on", Errno.ENOENT, target);
                        }

                        MakeMountPoint(root, target, isDirectory: Directory.Exists(source));
                        Add(FileSystemOperationKind.Mount, source, target, null, Flags(MountFlags.Bind | MountFlags.Recursive), null, $"bind {source} on");
                        if (bind.ReadOnly)
                        {
                            // A remount in a user namespace must keep the flags the kernel locked on the source.
                            ulong locked = LockedFlags(source);
                            Add(FileSystemOperationKind.Mount, NoSource, target, null, Flags(MountFlags.Bind | MountFlags.Remount | MountFlags.ReadOnly) | locked, null, "remount read-only");
                        }

                        break;
                    case MountRequest.Tmpfs:
                        MakeMountPoint(root, target, isDirectory: true);
                        Add(FileSystemOperationKind.Mount, "tmpfs", target, "tmpfs", Flags(MountFlags.NoSuid | MountFlags.NoDev), "mode=0755", "mount tmpfs on");
                        break;
                    case MountRequest.Proc:
                        MakeMountPoint(root, target, isDirectory: true);
                        Add(FileSystemOperationKind.Mount, "proc", target, "proc", Flags(MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec), null, "mount proc on");
                        break;
                    case MountRequest.Dev:
                        PlanDev(root, target);
                        break;
                }
            }
        }

        /// <summary>A minimal /dev, as bubblewrap makes it: device nodes bound from the host, a private devpts, a shm tmpfs.</summary>
        private void PlanDev(string? root, string dev)
        {
            MakeMountPoint(root, dev, isDirectory: true);
            Add(FileSystemOperationKind.Mount, "tmpfs", dev, "tmpfs", Flags(MountFlags.NoSuid | MountFlags.NoExec), "mode=0755", "mount tmpfs on");
            foreach (string node in s_deviceNodes)
            {
                string target = dev + "/" + node;
                Add(FileSystemOperationKind.CreateFile, NoSource, target, null, 0, null, "create");
                Add(FileSystemOperationKind.Mount, "/dev/" + node, target, null, Flags(MountFlags.Bind), null, $"bind /dev/{node} on");
            }

            Add(FileSystemOperationKind.MakeDirectory, NoSource, dev + "/pts", null, 0, null, "mkdir");
            Add(FileSystemOperationKind.Mount, "devpts", dev + "/pts", "devpts", Flags(MountFlags.NoSuid | MountFlags.NoExec), "newinstance,ptmxmode=0666,mode=620", "mount devpts on");
            Add(FileSystemOperationKind.Symlink, "pts/ptmx", dev + "/ptmx", null, 0, null, "symlink");
            Add(FileSystemOperationKind.MakeDirectory, NoSource, dev + "/shm", null, 0, null, "mkdir");
            Add(FileSystemOperationKind.Mount, "tmpfs", dev + "/shm", "tmpfs", Flags(MountFlags.NoSuid | MountFlags.NoDev), "mode=1777", "mount tmpfs on");
            Add(FileSystemOperationKind.Symlink, "/proc/self/fd", dev + "/fd", null, 0, null, "symlink");
            Add(FileSystemOperationKind.Symlink, "/proc/self/fd/0", dev + "/stdin", null, 0, null, "symlink");
            Add(FileSystemOperationKind.Symlink, "/proc/self/fd/1", dev + "/stdout", null, 0, null, "symlink");
            Add(FileSystemOperationKind.Symlink, "/proc/self/fd/2", dev + "/stderr", null, 0, null, "symlink");
        }

        /// <summary>
        /// mkdir -p for the mount point's missing parents (inside the new root, the part below it
        /// only: the root itself must exist), then the mount point itself: a directory, or an empty
        /// file when a file is bound.
        /// </summary>
        private void MakeMountPoint(string? root, string target, bool isDirectory)
        {
            string start = root ?? "/";
            string? parent = Path.GetDirectoryName(target);
            var missing = new Stack<string>();
            for (string? dir = parent; dir is not null && dir.Length > start.Length && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
            {
                missing.Push(dir);
            }

            while (missing.Count > 0)
            {
                string dir = missing.Pop();
                _createdOnHost.Add((dir, true));
                Add(FileSystemOperationKind.MakeDirectory, NoSource, dir, null, 0, null, "mkdir");
            }

            // An existing mount point is used as it is: opening a file we may not write to would fail (EACCES).
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                _createdOnHost.Add((target, isDirectory));
                Add(isDirectory ? FileSystemOperationKind.MakeDirectory : FileSystemOperationKind.CreateFile, NoSource, target, null, 0, null, isDirectory ? "mkdir" : "create");
            }
        }

        private void Add(FileSystemOperationKind kind, string source, string target, string? type, ulong flags, string? data, string description)
        {
            _operations.Add((kind, source, target, type, flags, data));
            OperationDescriptions.Add(description + " " + target);
        }

        private static ulong Flags(MountFlags flags) => (ulong)flags;

        /// <summary>
        /// The flags of the mount holding <paramref name="path"/> that a user namespace may not clear
        /// on remount (nosuid, nodev, noexec, ro): read from statvfs, like bubblewrap does.
        /// </summary>
        private static ulong LockedFlags(string path)
        {
            StatVfs info;
            fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(path + "\0"))
            {
                if (Native.statvfs(p, &info) != 0)
                {
                    return 0;
                }
            }

            ulong flags = 0;
            if ((info.f_flag & Native.ST_NOSUID) != 0) flags |= (ulong)MountFlags.NoSuid;
            if ((info.f_flag & Native.ST_NODEV) != 0) flags |= (ulong)MountFlags.NoDev;
            if ((info.f_flag & Native.ST_NOEXEC) != 0) flags |= (ulong)MountFlags.NoExec;
            return flags;
        }

        /// <summary>The host path of a path as the command will see it.</summary>
        private static string Inside(string? root, string target)
        {
            if (!Path.IsPathRooted(target))
            {
                throw new ArgumentException($"mount target '{target}' must be an absolute path", nameof(target));
            }

            return root is null ? Path.GetFullPath(target) : Path.GetFullPath(root + "/" + target.TrimStart('/'));
        }

        private static string? MapText(IReadOnlyList<IdMapping> mappings)
        {
            if (mappings.Count == 0)
            {
                return null;
            }

            if (mappings.Count > 1)
            {
                throw new NotSupportedException("a map of several ranges needs newuidmap/newgidmap, which is not supported yet; map one range");
            }

            return mappings[0].ToString();
        }

        private static string TimeOffsetsText(TimeSpan monotonic, TimeSpan boottime) =>
            string.Create(CultureInfo.InvariantCulture, $"monotonic {Seconds(monotonic)} {Nanoseconds(monotonic)}\nboottime {Seconds(boottime)} {Nanoseconds(boottime)}\n");

        private static long Seconds(TimeSpan t) => (long)Math.Floor(t.TotalSeconds);

        private static long Nanoseconds(TimeSpan t) => (t.Ticks - (Seconds(t) * TimeSpan.TicksPerSecond)) * 100;

        private NativeText Text(string? text)
        {
            if (text is null)
            {
                return default;
            }

            NativeText result;
            result.Bytes = _arena.Utf8(text, out result.Length);
            return result;
        }

        private static List<string> CurrentEnvironment()
        {
            var entries = new List<string>();
            foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            {
                entries.Add((string)e.Key + "=" + (string?)e.Value);
            }

            return entries;
        }
    }
}
