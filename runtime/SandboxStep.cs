using System;
using System.Globalization;
using Interop.Linux;

namespace Interop.Runtime
{
    /// <summary>
    /// One thing a sandbox sets up, in the order it was asked for. <see cref="SandboxBuilder"/>
    /// appends these to a <see cref="SandboxPlan"/>; the spawner lowers the list, once, into the
    /// native steps the child walks. The kernel imposes an order between phases (namespaces joined
    /// before ids are mapped, ids mapped before anything is mounted, mounts before pivot_root, ...):
    /// each step belongs to a <see cref="SandboxPhase"/>, and inside a phase the caller's order is
    /// kept, which is what makes <c>--tmpfs /mnt --bind SRC:/mnt/x</c> work.
    /// Paths are as the command will see them (inside the new root when there is one).
    /// </summary>
    public abstract record SandboxStep
    {
        private SandboxStep(SandboxPhase phase, CloneFlags needs)
        {
            Phase = phase;
            Needs = needs;
        }

        /// <summary>Where this step runs among the kernel-ordered phases.</summary>
        public SandboxPhase Phase { get; }

        /// <summary>The step in words, as error lines name it ("bind /src on /dst", "tmpfs on /tmp").</summary>
        public abstract string Describe();

        /// <summary>The namespaces this step needs; the builder adds them.</summary>
        internal CloneFlags Needs { get; }

        /// <summary>Enter an existing namespace (setns): a /proc/PID/ns file or a kept one, or every <see cref="NamespaceJoin.Type"/> of a process at once.</summary>
        public sealed record Join(NamespaceJoin Namespace) : SandboxStep(SandboxPhase.Namespaces, CloneFlags.None)
        {
            /// <inheritdoc/>
            public override string Describe() => Namespace.Pid > 0
                ? "setns pid " + Namespace.Pid.ToString(CultureInfo.InvariantCulture)
                : "setns " + (Namespace.Path ?? "pidfd");
        }

        /// <summary>Map ids in the new user namespace: uid ranges, gid ranges.</summary>
        public sealed record MapIds(IdMapping[] Users, IdMapping[] Groups) : SandboxStep(SandboxPhase.Users, CloneFlags.NewUser)
        {
            /// <inheritdoc/>
            public override string Describe() => "map uids " + string.Join(",", Array.ConvertAll(Users, Line)) + " gids " + string.Join(",", Array.ConvertAll(Groups, Line));

            private static string Line(IdMapping m) => m.ToString().TrimEnd('\n').Replace(' ', ':');
        }

        /// <summary>Shift CLOCK_MONOTONIC and CLOCK_BOOTTIME in a new time namespace.</summary>
        public sealed record ClockOffsets(TimeSpan Monotonic, TimeSpan Boottime) : SandboxStep(SandboxPhase.Users, CloneFlags.NewTime)
        {
            /// <inheritdoc/>
            public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"clock offsets monotonic {Monotonic.TotalSeconds}s boottime {Boottime.TotalSeconds}s");
        }

        /// <summary>Keep the new namespace of <paramref name="Type"/> alive in <paramref name="File"/> (a bind mount of it, as unshare --uts=FILE does).</summary>
        public sealed record KeepNamespace(CloneFlags Type, string File) : SandboxStep(SandboxPhase.Users, Type)
        {
            /// <inheritdoc/>
            public override string Describe() => $"keep the {NamespaceType.Of(Type).Name} namespace in {File}";
        }

        /// <summary>Make <paramref name="Directory"/> the root: pivot_root, old root detached (MS_MOVE + chroot where pivot_root is refused).</summary>
        public sealed record Root(string Directory) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => "root " + Directory;
        }

        /// <summary>Bind a host path (recursively) at <paramref name="Target"/>; read-only all the way down when asked.</summary>
        public sealed record Bind(string Source, string Target, bool ReadOnly) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => (ReadOnly ? "ro-bind " : "bind ") + Source + " on " + Target;
        }

        /// <summary>A fresh, empty tmpfs (mode 0755, nosuid, nodev).</summary>
        public sealed record Tmpfs(string Target) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => "tmpfs on " + Target;
        }

        /// <summary>A proc file system of the sandbox's PID namespace.</summary>
        public sealed record Proc(string Target) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => "proc on " + Target;
        }

        /// <summary>
        /// A minimal /dev, as bubblewrap makes it: a tmpfs holding the host's null, zero, full,
        /// random, urandom and tty (bound, since mknod is refused in a user namespace), a private
        /// devpts at pts with ptmx, a tmpfs at shm, and the fd, stdin, stdout, stderr links.
        /// </summary>
        public sealed record Dev(string Target) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => "dev on " + Target;
        }

        /// <summary>Create a directory (and its missing parents) inside the sandbox's own file systems.</summary>
        public sealed record MakeDirectory(string Target) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => "mkdir " + Target;
        }

        /// <summary>Create the symbolic link <paramref name="Target"/> pointing at <paramref name="LinkTarget"/>.</summary>
        public sealed record Symlink(string LinkTarget, string Target) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => "symlink " + Target + " -> " + LinkTarget;
        }

        /// <summary>
        /// A mount as mount(8) takes it: a file system of <paramref name="Type"/> (<paramref name="Data"/>
        /// its options), or with <see cref="MountFlags.Bind"/> a host path bound (recursively with
        /// <see cref="MountFlags.Recursive"/>) and then remounted with the per-mount
        /// <paramref name="Flags"/>, or with <see cref="MountFlags.Remount"/> and
        /// <see cref="MountFlags.Bind"/> an existing mount's flags changed. <paramref name="Propagation"/>
        /// (Shared, Slave, Private or Unbindable, with Recursive) is applied afterwards.
        /// </summary>
        public sealed record Mount(string Type, string Source, string Target, MountFlags Flags, string? Data, MountFlags Propagation) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            private static readonly (MountFlags Flag, string Word)[] s_words =
            [
                (MountFlags.ReadOnly, "ro"), (MountFlags.NoSuid, "nosuid"), (MountFlags.NoDev, "nodev"),
                (MountFlags.NoExec, "noexec"), (MountFlags.Synchronous, "sync"), (MountFlags.MandatoryLock, "mand"), (MountFlags.DirSync, "dirsync"),
                (MountFlags.NoSymFollow, "nosymfollow"), (MountFlags.NoAccessTime, "noatime"), (MountFlags.NoDirAccessTime, "nodiratime"),
                (MountFlags.RelativeAccessTime, "relatime"), (MountFlags.StrictAccessTime, "strictatime"), (MountFlags.LazyTime, "lazytime"),
            ];

            /// <summary>Binds a host path (or changes a bound mount's flags) rather than mounting a file system.</summary>
            public bool IsBind => (Flags & MountFlags.Bind) != 0;

            /// <inheritdoc/>
            public override string Describe()
            {
                var options = new System.Collections.Generic.List<string>();
                if ((Flags & MountFlags.Remount) != 0)
                {
                    options.Add("remount");
                }

                if (IsBind)
                {
                    options.Add((Flags & MountFlags.Recursive) != 0 ? "rbind" : "bind");
                }

                foreach ((MountFlags flag, string word) in s_words)
                {
                    if ((Flags & flag) != 0)
                    {
                        options.Add(word);
                    }
                }

                if (Propagation != MountFlags.None)
                {
                    options.Add(PropagationWord(Propagation));
                }

                if (!string.IsNullOrEmpty(Data))
                {
                    options.Add(Data);
                }

                string what = IsBind ? "mount" : "mount -t " + Type;
                string source = (Flags & MountFlags.Remount) != 0 ? "" : Source + " ";
                return what + (options.Count > 0 ? " -o " + string.Join(',', options) : "") + " " + source + Target;
            }

            /// <summary>The mount(8) word of a propagation: "rslave", "private", ...</summary>
            internal static string PropagationWord(MountFlags propagation)
            {
                string word = (propagation & ~MountFlags.Recursive) switch
                {
                    MountFlags.Shared => "shared",
                    MountFlags.Slave => "slave",
                    MountFlags.Private => "private",
                    MountFlags.Unbindable => "unbindable",
                    _ => propagation.ToString(),
                };
                return ((propagation & MountFlags.Recursive) != 0 ? "r" : "") + word;
            }
        }

        /// <summary>
        /// Hide <paramref name="Target"/>, as runc masks a path: /dev/null bound over a file, an
        /// empty read-only tmpfs over a directory, nothing where the path does not exist. Which of
        /// them is decided when the sandbox starts (paths in /proc and /sys exist only then), and
        /// no mount point is ever created.
        /// </summary>
        public sealed record MaskPath(string Target) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => "mask " + Target;
        }

        /// <summary>
        /// Make <paramref name="Target"/> read-only with every submount: bound onto itself, then
        /// read-only all the way down; nothing where the path does not exist (decided when the
        /// sandbox starts, as for <see cref="MaskPath"/>).
        /// </summary>
        public sealed record ReadOnlyPath(string Target) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => "read-only " + Target;
        }

        /// <summary>
        /// A device node at <paramref name="Target"/>, as runc creates one: mknod with exactly
        /// <paramref name="Mode"/> (the umask does not apply), then chown; an existing node is left
        /// as it is. In a user namespace, where mknod is refused, the host's node at the same path is
        /// bound there instead. Created inside the root or below a tmpfs made earlier, never on the host.
        /// </summary>
        public sealed record Device(string Target, DeviceKind Kind, uint Major, uint Minor, uint Mode, uint Uid, uint Gid) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => string.Create(CultureInfo.InvariantCulture,
                $"mknod {Target} {(Kind switch { DeviceKind.Block => "b", DeviceKind.Fifo => "p", _ => "c" })} {Major}:{Minor} mode {System.Convert.ToString(Mode, 8)} owner {Uid}:{Gid}");
        }

        /// <summary>
        /// The links a /dev has, as runc makes them in <paramref name="Directory"/>: ptmx to pts/ptmx
        /// (replacing what is there), fd to /proc/self/fd, stdin, stdout, stderr to /proc/self/fd/0-2
        /// (an existing one is left), and core to /proc/kcore where the host has one.
        /// </summary>
        public sealed record DeviceLinks(string Directory) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => "device links in " + Directory;
        }

        /// <summary>
        /// Write <paramref name="Value"/> to the kernel parameter <paramref name="Key"/>
        /// ("net.ipv4.ip_forward": /proc/sys/net/ipv4/ip_forward, through the sandbox's own /proc,
        /// so in its namespaces), after the mounts and before read-only paths, as runc writes them.
        /// </summary>
        public sealed record Sysctl(string Key, string Value) : SandboxStep(SandboxPhase.Mounts, CloneFlags.NewMount)
        {
            /// <inheritdoc/>
            public override string Describe() => "sysctl " + Key + "=" + Value;
        }

        /// <summary>Set the hostname of the new UTS namespace.</summary>
        public sealed record Hostname(string Name) : SandboxStep(SandboxPhase.Identity, CloneFlags.NewUts)
        {
            /// <inheritdoc/>
            public override string Describe() => "sethostname " + Name;
        }

        /// <summary>Set the NIS domain name of the new UTS namespace.</summary>
        public sealed record Domainname(string Name) : SandboxStep(SandboxPhase.Identity, CloneFlags.NewUts)
        {
            /// <inheritdoc/>
            public override string Describe() => "setdomainname " + Name;
        }
    }

    /// <summary>The phases the kernel imposes, in the order the child runs them.</summary>
    public enum SandboxPhase
    {
        /// <summary>Enter existing namespaces (setns), then create the rest.</summary>
        Namespaces = 0,

        /// <summary>Id maps, clock offsets, namespaces kept in files: before anything uses the new namespaces.</summary>
        Users = 1,

        /// <summary>File systems, in the caller's order, then pivot_root.</summary>
        Mounts = 2,

        /// <summary>Hostname and domain name.</summary>
        Identity = 3,
    }
}
