using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Interop.Linux;

namespace Interop.Runtime.Oci
{
    /// <summary>
    /// config.json → <see cref="SandboxBuilder"/> calls, in the spec's order: namespaces (created,
    /// or joined by path), id maps, clock offsets, the root, the mounts in order, masked and
    /// read-only paths, the root made read-only, hostname and domain name, the process. First every
    /// field nsbox does not carry out yet is refused by name (EOPNOTSUPP), so nothing asked for is
    /// ever dropped; a value the spec does not allow is EINVAL. An error from the builder is
    /// told with the field it came from.
    /// </summary>
    internal sealed class OciPlanConverter
    {
        private const string NotYet = "is not implemented yet";

        private readonly OciConfig _config;
        private readonly string _bundle;
        private readonly string? _containerId;
        private SandboxBuilder _builder = null!;
        private CloneFlags _created;
        private CloneFlags _joined;

        private OciPlanConverter(OciConfig config, string bundle, string? containerId = null)
        {
            _config = config;
            _bundle = bundle;
            _containerId = containerId;
        }

        /// <summary>config.json as builder calls; <paramref name="containerId"/>, when it is a container's, names its default cgroup (a `cgroup` mount shows it).</summary>
        public static SandboxBuilder Convert(OciConfig config, string bundleDirectory, string? containerId = null)
        {
            var converter = new OciPlanConverter(config, bundleDirectory, containerId);
            converter.RefuseWhatIsNotImplemented();
            return converter.Build();
        }

        private SandboxBuilder Build()
        {
            OciProcess process = _config.Process ?? throw Invalid("process", null, "a container to start needs its process");
            if (process.Args is not { Length: > 0 } args || args[0].Length == 0)
            {
                throw Invalid("process.args", null, "at least the program to run");
            }

            _builder = new SandboxBuilder(args[0], args[1..]);
            OciLinux linux = _config.Linux ?? new OciLinux();
            Namespaces(linux.Namespaces ?? []);
            IdMaps(linux);
            ClockOffsets(linux.TimeOffsets);
            Root();
            Mounts(_config.Mounts ?? []);
            Devices(linux.Devices ?? [], _config.Mounts ?? []);
            Sysctls(linux.Sysctl);
            Paths("linux.maskedPaths", linux.MaskedPaths, (b, p) => b.MaskPath(p));
            Paths("linux.readonlyPaths", linux.ReadonlyPaths, (b, p) => b.ReadOnlyPath(p));
            RootPropagation(linux.RootfsPropagation);
            if (_config.Root?.ReadOnly == true)
            {
                // Last of the mounts, as runc does: mount points inside the root are created first.
                // Only the root's own mount: the mounts on it keep their flags.
                Apply("root.readonly", b => b.Mount("", "/", "/", MountFlags.Remount | MountFlags.Bind | MountFlags.ReadOnly));
            }

            Names();
            Process(process);
            return _builder;
        }

        /// <summary>Each namespace in the config's order: a path joins it (setns), no path creates it.</summary>
        private void Namespaces(OciNamespace[] namespaces)
        {
            for (int i = 0; i < namespaces.Length; i++)
            {
                string field = $"linux.namespaces[{i}]";
                CloneFlags type = NamespaceType.FindOci(namespaces[i].Type)?.Flag
                    ?? throw Invalid(field + ".type", Quoted(namespaces[i].Type), "one of " + string.Join(", ", NamespaceType.All.Select(t => t.OciName)));
                if (((_created | _joined) & type) != 0)
                {
                    throw Invalid(field + ".type", Quoted(namespaces[i].Type), "each namespace type is listed once");
                }

                if (string.IsNullOrEmpty(namespaces[i].Path))
                {
                    _created |= type;
                    Apply(field, b => b.Isolate(type));
                }
                else
                {
                    if (type == CloneFlags.NewMount)
                    {
                        // The root and the mounts would then change that namespace, which is not ours to change yet.
                        throw Refused(field + ".path", "joining a mount namespace " + NotYet);
                    }

                    _joined |= type;
                    string path = namespaces[i].Path!;
                    Apply(field + ".path", b => b.Enter(type, path));
                }
            }
        }

        private void IdMaps(OciLinux linux)
        {
            if (linux.UidMappings is { Length: > 0 } || linux.GidMappings is { Length: > 0 })
            {
                Require(CloneFlags.NewUser, linux.UidMappings is { Length: > 0 } ? "linux.uidMappings" : "linux.gidMappings", "user");
            }

            OciIdMapping[] users = linux.UidMappings ?? [], groups = linux.GidMappings ?? [];
            if (users.Length > 0)
            {
                // The container's process is root of its user namespace from the start (runc), also
                // where the maps leave out the runtime's own ids; process.user applies afterwards.
                _builder.RootInMappedUserNamespace();
            }

            for (int i = 0; i < users.Length; i++)
            {
                OciIdMapping m = users[i];
                Apply($"linux.uidMappings[{i}]", b => b.MapUsers(m.ContainerId, m.HostId, m.Size));
            }

            for (int i = 0; i < groups.Length; i++)
            {
                OciIdMapping m = groups[i];
                Apply($"linux.gidMappings[{i}]", b => b.MapGroups(m.ContainerId, m.HostId, m.Size));
            }
        }

        private void ClockOffsets(OciTimeOffsets? offsets)
        {
            if (offsets is null)
            {
                return;
            }

            Require(CloneFlags.NewTime, "linux.timeOffsets", "time");
            Apply("linux.timeOffsets", b => b.ClockOffsets(Offset(offsets.Monotonic), Offset(offsets.Boottime)));
        }

        private static TimeSpan Offset(OciClockOffset? offset) =>
            offset is null ? TimeSpan.Zero : TimeSpan.FromSeconds(offset.Secs) + TimeSpan.FromTicks(offset.Nanosecs / 100);

        /// <summary>root.path, relative to the bundle unless absolute (the spec's rule).</summary>
        private void Root()
        {
            string? path = _config.Root?.Path;
            if (string.IsNullOrEmpty(path))
            {
                throw Invalid("root.path", null, "the container's root file system (absolute, or relative to the bundle: \"rootfs\")");
            }

            Require(CloneFlags.NewMount, "root", "mount");
            string full = Path.IsPathRooted(path) ? path : Path.Combine(_bundle, path);
            Apply("root.path", b => b.Root(full));
        }

        /// <summary>
        /// Every mount in order. A bind (type "bind", or a bind/rbind option: runc's rootless spec
        /// binds /sys with type "none") of a host path; rbind with only ro/rw is the builder's
        /// <see cref="SandboxBuilder.Bind"/> or <see cref="SandboxBuilder.ReadOnlyBind"/>, anything
        /// else (bind without r, nosuid, nodev, noexec, the access times, a propagation) a
        /// <see cref="SandboxBuilder.Mount"/> with those flags. Every other type is a file system
        /// mounted with its flags and the rest of the options as its data.
        /// </summary>
        private void Mounts(OciMount[] mounts)
        {
            if (mounts.Length > 0)
            {
                Require(CloneFlags.NewMount, "mounts", "mount");
            }

            for (int i = 0; i < mounts.Length; i++)
            {
                OciMount mount = mounts[i];
                string field = $"mounts[{i}]";
                if (string.IsNullOrEmpty(mount.Destination) || mount.Destination[0] != '/')
                {
                    throw Invalid(field + ".destination", Quoted(mount.Destination), "an absolute path inside the container");
                }

                if (Present(mount.UidMappings) || Present(mount.GidMappings))
                {
                    throw Refused(field + (Present(mount.UidMappings) ? ".uidMappings" : ".gidMappings"), "idmapped mounts are not implemented yet");
                }

                OciMountOptions options = OciMountOptions.Parse(mount.Options);
                if (options.Unsupported is not null)
                {
                    throw Refused(field + ".options", $"the option {NotYet} (mount on {mount.Destination})", Quoted(options.Unsupported));
                }

                string type = mount.Type ?? "";
                string destination = mount.Destination;
                // Private or rprivate is what every mount made in the sandbox is already: the
                // lowering makes / recursively private before the first mount, and a mount made
                // below a private one is private.
                MountFlags propagation = (options.Propagation & ~MountFlags.Recursive) == MountFlags.Private ? MountFlags.None : options.Propagation;
                if (type == "bind" || options.Bind)
                {
                    if (string.IsNullOrEmpty(mount.Source))
                    {
                        throw Invalid(field + ".source", null, "a bind mount names the host path to bind");
                    }

                    // File system options (mode=755, size=1k) mean nothing to a bind: runc passes them to
                    // mount(2), which ignores data with MS_BIND; nsbox leaves them out.
                    // A relative source is relative to the bundle, where runc runs.
                    string source = Path.IsPathRooted(mount.Source) ? mount.Source : Path.Combine(_bundle, mount.Source);
                    // rro is read-only all the way down, which every read-only rbind here is (and a plain bind has no submounts).
                    MountFlags flags = options.Flags | (options.RecursiveReadOnly ? MountFlags.ReadOnly : MountFlags.None);
                    if (options.Recursive && (flags & ~MountFlags.ReadOnly) == MountFlags.None && propagation == MountFlags.None)
                    {
                        bool readOnly = flags == MountFlags.ReadOnly;
                        Apply(field, b => readOnly ? b.ReadOnlyBind(source, destination) : b.Bind(source, destination));
                    }
                    else
                    {
                        MountFlags bind = MountFlags.Bind | (options.Recursive ? MountFlags.Recursive : MountFlags.None);
                        Apply(field, b => b.Mount("bind", source, destination, bind | flags, null, propagation));
                    }

                    continue;
                }

                if (type.Length == 0)
                {
                    throw Invalid(field + ".type", null, "a file system type (tmpfs, proc, ...) or a bind");
                }

                if (type == "cgroup")
                {
                    // A v1 cgroup mount means every hierarchy (runc mounts a tmpfs and each controller): not one mount(2).
                    CgroupMount(field, destination, options.Flags);
                    continue;
                }

                if (options.RecursiveReadOnly)
                {
                    throw Invalid(field + ".options", "'rro'", "only a bind mount is recursively read-only");
                }

                string data = string.Join(',', options.Data);
                string fileSystem = string.IsNullOrEmpty(mount.Source) ? type : mount.Source;
                Apply(field, b => b.Mount(type, fileSystem, destination, options.Flags, data.Length == 0 ? null : data, propagation));
            }
        }

        // runc's default devices, made in every container whose /dev is not a bind mount (the config's node of the same path wins).
        private static readonly (string Path, uint Major, uint Minor)[] s_defaultDevices =
        [
            ("/dev/null", 1, 3), ("/dev/zero", 1, 5), ("/dev/full", 1, 7), ("/dev/tty", 5, 0), ("/dev/urandom", 1, 9), ("/dev/random", 1, 8),
        ];

        /// <summary>
        /// As runc does, unless the config binds something on /dev: runc's default nodes, then the
        /// config's (mode 0666 and owner 0:0 where it gives none), then the /dev links (ptmx to
        /// pts/ptmx, fd, stdin, stdout, stderr). With /dev bound, runc makes none of them, the
        /// config's devices included, and neither does nsbox.
        /// </summary>
        private void Devices(OciDevice[] devices, OciMount[] mounts)
        {
            if (mounts.Any(m => m.Destination is not null && PlanPath(m.Destination) == "/dev" && (m.Type == "bind" || OciMountOptions.Parse(m.Options).Bind)))
            {
                return;
            }

            var given = new HashSet<string>(devices.Where(d => d.Path is not null).Select(d => PlanPath(d.Path!)), StringComparer.Ordinal);
            foreach ((string path, uint major, uint minor) in s_defaultDevices)
            {
                if (!given.Contains(path))
                {
                    Apply("linux.devices (runc's default " + path + ")", b => b.Device(path, DeviceKind.Character, major, minor));
                }
            }

            for (int i = 0; i < devices.Length; i++)
            {
                OciDevice device = devices[i];
                string field = $"linux.devices[{i}]";
                if (string.IsNullOrEmpty(device.Path) || device.Path[0] != '/')
                {
                    throw Invalid(field + ".path", Quoted(device.Path), "an absolute path inside the container");
                }

                DeviceKind kind = device.Type switch
                {
                    "c" or "u" => DeviceKind.Character,
                    "b" => DeviceKind.Block,
                    "p" => DeviceKind.Fifo,
                    _ => throw Invalid(field + ".type", Quoted(device.Type), "c (or u), b or p"),
                };
                if (kind != DeviceKind.Fifo && (device.Major is null || device.Minor is null))
                {
                    throw Invalid(field + (device.Major is null ? ".major" : ".minor"), null, "a character or block device has a major and a minor number");
                }

                if (device.Major is < 0 or > uint.MaxValue || device.Minor is < 0 or > uint.MaxValue)
                {
                    throw Invalid(field + ".major", device.Major + ":" + device.Minor, "device numbers are not negative");
                }

                uint major = (uint)(device.Major ?? 0), minor = (uint)(device.Minor ?? 0);
                string path = device.Path;
                Apply(field, b => b.Device(path, kind, major, minor, device.FileMode ?? 0x1B6, device.Uid ?? 0, device.Gid ?? 0));
            }

            Apply("linux.devices", b => b.DeviceLinks("/dev"));
        }

        /// <summary>
        /// linux.rootfsPropagation, applied to the new / after pivot_root as runc applies it; private and
        /// rprivate are what nsbox makes it anyway. shared makes the new / a peer group of its own (its
        /// mounts reach binds of / made inside, never the host, whose mounts were made private first).
        /// </summary>
        private void RootPropagation(string? propagation)
        {
            if (string.IsNullOrEmpty(propagation) || propagation is "private" or "rprivate")
            {
                return;
            }

            MountFlags flags = propagation switch
            {
                "shared" => MountFlags.Shared,
                "rshared" => MountFlags.Shared | MountFlags.Recursive,
                "slave" => MountFlags.Slave,
                "rslave" => MountFlags.Slave | MountFlags.Recursive,
                "unbindable" => MountFlags.Unbindable,
                "runbindable" => MountFlags.Unbindable | MountFlags.Recursive,
                _ => throw Invalid("linux.rootfsPropagation", Quoted(propagation), "one of shared, slave, private, unbindable and their r forms"),
            };
            Apply("linux.rootfsPropagation", b => b.RootPropagation(flags));
        }

        // The kernel parameters the IPC namespace has (runc's list), besides fs.mqueue.*.
        private static readonly string[] s_ipcSysctls = ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"];

        /// <summary>
        /// Each parameter, in the config's order, refused unless it belongs to a namespace the
        /// container has of its own (runc's validator): the IPC ones need an ipc namespace, net.*
        /// a network one (created or joined), kernel.domainname a uts one; kernel.hostname is the
        /// hostname field's; anything else is the host's and refused.
        /// </summary>
        private void Sysctls(Dictionary<string, string>? sysctls)
        {
            foreach ((string key, string value) in sysctls ?? [])
            {
                string field = "linux.sysctl " + key;
                CloneFlags owned = _created | _joined;
                string? refusal =
                    s_ipcSysctls.Contains(key) || key.StartsWith("fs.mqueue.", StringComparison.Ordinal) ? ((owned & CloneFlags.NewIpc) != 0 ? null : "not allowed in the host's ipc namespace: add {\"type\": \"ipc\"} to linux.namespaces")
                    : key.StartsWith("net.", StringComparison.Ordinal) ? ((owned & CloneFlags.NewNet) != 0 ? null : "not allowed in the host's network namespace: add {\"type\": \"network\"} to linux.namespaces")
                    : key == "kernel.domainname" && (owned & CloneFlags.NewUts) != 0 ? null
                    : key == "kernel.hostname" && (owned & CloneFlags.NewUts) != 0 ? "not allowed: it conflicts with the hostname field"
                    : "not in a separate kernel namespace";
                if (refusal is not null)
                {
                    throw new SandboxUsageException(OciBundle.ConfigFileName + ": " + field, Errno.EINVAL, null, refusal);
                }

                Apply(field, b => b.Sysctl(key, value));
            }
        }

        /// <summary>An absolute path folded as the kernel folds it ("/dev/", "/dev/./" are "/dev").</summary>
        private static string PlanPath(string path) => Interop.Runtime.Spawning.PlanLowering.Normalized(path);

        private void Paths(string field, string[]? paths, Func<SandboxBuilder, string, SandboxBuilder> add)
        {
            if (paths is not { Length: > 0 })
            {
                return;
            }

            Require(CloneFlags.NewMount, field, "mount");
            for (int i = 0; i < paths.Length; i++)
            {
                string path = paths[i];
                Apply($"{field}[{i}]", b => add(b, path));
            }
        }

        private void Names()
        {
            if (!string.IsNullOrEmpty(_config.Hostname))
            {
                Require(CloneFlags.NewUts, "hostname", "uts", joinedWill: true);
                Apply("hostname", b => b.Hostname(_config.Hostname));
            }

            if (!string.IsNullOrEmpty(_config.Domainname))
            {
                Require(CloneFlags.NewUts, "domainname", "uts", joinedWill: true);
                Apply("domainname", b => b.Domainname(_config.Domainname));
            }
        }

        /// <summary>The environment is the config's whole (nothing of nsbox's own), the directory, no_new_privs, capabilities.</summary>
        private void Process(OciProcess process)
        {
            // runc and crun start the container's process with every signal at its default, also
            // those the runtime's own caller left ignored (measured: `trap '' HUP INT PIPE ...`
            // before `runc run` gives SigIgn 0 inside), unlike unshare.
            _builder.DefaultSignalDispositions();
            if (string.IsNullOrEmpty(process.Cwd) || process.Cwd[0] != '/')
            {
                throw Invalid("process.cwd", Quoted(process.Cwd), "the working directory is an absolute path inside the container");
            }

            Apply("process.cwd", b => b.WorkingDirectory(process.Cwd));
            _builder.ClearEnvironment();
            string[] env = process.Env ?? [];
            for (int i = 0; i < env.Length; i++)
            {
                string entry = env[i];
                int equals = entry.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw Invalid($"process.env[{i}]", Quoted(entry), "an entry is KEY=VALUE");
                }

                Apply($"process.env[{i}]", b => b.SetEnvironment(entry[..equals], entry[(equals + 1)..]));
            }

            if (process.NoNewPrivileges)
            {
                _builder.NoNewPrivileges();
            }

            if (_config.Linux?.Seccomp is { } seccomp)
            {
                // Compiled here, in the parent; the child loads it last (runc's place, by no_new_privs).
                _builder.Seccomp(seccomp.ToProfile());
            }

            if (process.Terminal)
            {
                // The pty is opened inside, its master sent over the caller's console socket (SandboxBuilder.ConsoleSocket).
                (ushort rows, ushort columns) = ConsoleSize(process.ConsoleSize);
                _builder.Terminal(rows, columns);
            }

            ResourceLimits(process.Rlimits ?? []);
            if (process.OomScoreAdj is { } oom)
            {
                Apply("process.oomScoreAdj", b => b.OomScoreAdjustment(oom));
            }

            User(process.User);
            Capabilities(process.Capabilities);
        }

        /// <summary>Each limit by its spec name (RLIMIT_NOFILE, ...), set in the child before the user changes.</summary>
        private void ResourceLimits(OciRlimit[] rlimits)
        {
            for (int i = 0; i < rlimits.Length; i++)
            {
                OciRlimit limit = rlimits[i];
                string field = $"process.rlimits[{i}]";
                int resource;
                try
                {
                    resource = ResourceLimit.Parse(limit.Type ?? "");
                }
                catch (FormatException)
                {
                    throw Invalid(field + ".type", Quoted(limit.Type), "one of the spec's RLIMIT_CPU, RLIMIT_FSIZE, ... RLIMIT_RTTIME");
                }

                Apply(field, b => b.ResourceLimit(resource, limit.Soft, limit.Hard));
            }
        }

        /// <summary>
        /// A `cgroup` mount as runc makes it on a v1 or hybrid host without a cgroup namespace: a
        /// tmpfs (mode 755) at the destination, and below it, at each hierarchy's name, the
        /// container's own directory of that hierarchy bound with the mount's flags (so inside,
        /// /sys/fs/cgroup/memory is the container's memory cgroup); the tmpfs made read-only last
        /// when the mount is. On a v2-only host the container's unified directory is bound at the
        /// destination. The directories are those the runtime places the container in
        /// (linux.cgroupsPath, else the id): without an id and a path there is no cgroup to show.
        /// </summary>
        private void CgroupMount(string field, string destination, MountFlags flags)
        {
            string? cgroupsPath = string.IsNullOrEmpty(_config.Linux?.CgroupsPath) ? null : _config.Linux!.CgroupsPath;
            if (_containerId is null && cgroupsPath is null)
            {
                throw Refused(field + ".type", "the cgroup file system shows the container's cgroup: without linux.cgroupsPath it needs the container's id (OciBundle.ToBuilder(id), as nsbox create gives it)", "'cgroup'");
            }

            Cgroups.CgroupPath path = Cgroups.CgroupPath.Parse(cgroupsPath, _containerId ?? "");
            Cgroups.CgroupHost host = Cgroups.CgroupHost.Detect();
            IReadOnlyList<Cgroups.CgroupDirectory> directories = host.DirectoriesFor(path);
            const MountFlags PerMount = MountFlags.ReadOnly | MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec | MountFlags.NoAccessTime
                | MountFlags.NoDirAccessTime | MountFlags.RelativeAccessTime | MountFlags.StrictAccessTime;
            MountFlags perMount = flags & PerMount;
            if (host.Mode == Cgroups.CgroupMode.V2)
            {
                string unified = directories[0].Path;
                Apply(field, b => b.Mount("bind", unified, destination, MountFlags.Bind | perMount));
                return;
            }

            Apply(field, b => b.Mount("tmpfs", "tmpfs", destination, perMount & ~MountFlags.ReadOnly, "mode=755"));
            foreach (Cgroups.CgroupDirectory directory in directories)
            {
                string target = destination.TrimEnd('/') + "/" + System.IO.Path.GetFileName(directory.Hierarchy.MountPoint.TrimEnd('/'));
                string source = directory.Path;
                Apply(field, b => b.MakeDirectory(target).Mount("bind", source, target, MountFlags.Bind | perMount));
            }

            if ((perMount & MountFlags.ReadOnly) != 0)
            {
                Apply(field, b => b.Mount("", destination, destination, MountFlags.Remount | MountFlags.Bind | perMount));
            }
        }

        /// <summary>process.consoleSize: {"height": rows, "width": columns}; absent, the kernel's size.</summary>
        private static (ushort Rows, ushort Columns) ConsoleSize(JsonElement? size)
        {
            if (size is not { ValueKind: JsonValueKind.Object } box)
            {
                return (0, 0);
            }

            return (Dimension(box, "height"), Dimension(box, "width"));
        }

        private static ushort Dimension(JsonElement size, string name)
        {
            if (!size.TryGetProperty(name, out JsonElement value))
            {
                return 0;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt16(out ushort n))
            {
                throw Invalid("process.consoleSize." + name, value.ToString(), "a number of character cells, 0 to 65535");
            }

            return n;
        }

        /// <summary>
        /// A process object on its own (process.json, as <c>nsbox exec --process</c> reads it):
        /// the same refusals and the same conversion as config.json's process, onto a builder of
        /// its own; a mistake names <paramref name="file"/> instead of config.json.
        /// </summary>
        public static SandboxBuilder ConvertProcess(OciProcess process, string file)
        {
            var converter = new OciPlanConverter(new OciConfig { Process = process }, "/");
            try
            {
                converter.RefuseWhatIsNotImplemented();
                if (process.Args is not { Length: > 0 } args || args[0].Length == 0)
                {
                    throw Invalid("process.args", null, "at least the program to run");
                }

                converter._builder = new SandboxBuilder(args[0], args[1..]);
                converter.Process(process);
                return converter._builder;
            }
            catch (SandboxUsageException e) when (e.Message.StartsWith(OciBundle.ConfigFileName + ": ", StringComparison.Ordinal))
            {
                // "config.json: FIELD ARG: strerror (ERRNO): hint" -> the same about FILE.
                string tail = ErrnoException.Format("", e.Errno, e.Argument) + (e.Hint is null ? "" : ": " + e.Hint);
                string field = e.Message[(OciBundle.ConfigFileName.Length + 2)..^tail.Length];
                throw new SandboxUsageException(file + ": " + field, e.Errno, e.Argument, e.Hint);
            }
        }

        /// <summary>
        /// The user, group and supplementary groups, always set, as runc sets them: a config
        /// without additionalGids runs with none (setgroups of an empty list), not with nsbox's.
        /// The umask is the config's, or 0022 where it has none, runc's default.
        /// </summary>
        private void User(OciUser? user)
        {
            OciUser given = user ?? new OciUser();
            uint[] groups = given.AdditionalGids ?? [];
            Apply(given.AdditionalGids is { Length: > 0 } ? "process.user.additionalGids" : "process.user", b => b.User(given.Uid, given.Gid, groups));
            uint umask = given.Umask ?? 0x12 /* 0022 */;
            Apply("process.user.umask", b => b.Umask(umask));
        }

        /// <summary>
        /// The five sets as the config lists them (a missing set is empty), applied as runc applies
        /// them (<see cref="CapabilitySets"/>). No capabilities object at all is every set empty:
        /// runc 1.1.5 starts such a container with CapBnd, CapPrm, CapEff 0 (measured).
        /// </summary>
        private void Capabilities(OciCapabilities? capabilities)
        {
            const string Field = "process.capabilities";
            CapabilitySets sets = capabilities is null ? CapabilitySets.None : new CapabilitySets(
                CapabilitySet(Field + ".bounding", capabilities.Bounding),
                CapabilitySet(Field + ".effective", capabilities.Effective),
                CapabilitySet(Field + ".permitted", capabilities.Permitted),
                CapabilitySet(Field + ".inheritable", capabilities.Inheritable),
                CapabilitySet(Field + ".ambient", capabilities.Ambient));
            Apply(Field, b => b.Capabilities(sets));
        }

        private static ulong CapabilitySet(string field, string[]? names)
        {
            ulong set = 0;
            string[] list = names ?? [];
            for (int i = 0; i < list.Length; i++)
            {
                try
                {
                    set |= 1UL << Interop.Runtime.Capabilities.Parse(list[i]);
                }
                catch (FormatException)
                {
                    throw Invalid($"{field}[{i}]", Quoted(list[i]), "not a capability this nsbox knows (CAP_CHOWN ... CAP_CHECKPOINT_RESTORE)");
                }
            }

            return set;
        }

        /// <summary>Every field the spec defines that nsbox does not carry out yet, refused by name before anything else is looked at.</summary>
        private void RefuseWhatIsNotImplemented()
        {
            if (Present(_config.Vm))
            {
                throw Refused("vm", "virtual-machine containers are not implemented");
            }

            if (_config.Hooks is { } hooks)
            {
                foreach ((string name, OciHook[]? list) in new[]
                {
                    ("prestart", hooks.Prestart), ("createRuntime", hooks.CreateRuntime), ("createContainer", hooks.CreateContainer),
                    ("startContainer", hooks.StartContainer), ("poststart", hooks.Poststart), ("poststop", hooks.Poststop),
                })
                {
                    // Run by the verbs (OciHookRunner), not part of the plan: here only what the spec requires of each.
                    for (int i = 0; list is not null && i < list.Length; i++)
                    {
                        string field = "hooks." + name + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
                        if (list[i].Path is not { Length: > 0 } path || path[0] != '/')
                        {
                            throw Invalid(field + ".path", Quoted(list[i].Path ?? ""), "a hook's path is absolute");
                        }

                        if (list[i].Timeout is <= 0)
                        {
                            throw Invalid(field + ".timeout", null, "a hook's timeout is greater than zero");
                        }
                    }
                }
            }

            if (_config.Process is { } process)
            {
                if (!string.IsNullOrEmpty(process.ApparmorProfile))
                {
                    throw Refused("process.apparmorProfile", "AppArmor " + NotYet, process.ApparmorProfile);
                }

                if (!string.IsNullOrEmpty(process.SelinuxLabel))
                {
                    throw Refused("process.selinuxLabel", "SELinux " + NotYet, process.SelinuxLabel);
                }

                RefuseJson("process.ioPriority", process.IoPriority, "the I/O priority");
                RefuseJson("process.scheduler", process.Scheduler, "the scheduling policy");
                RefuseJson("process.execCPUAffinity", process.ExecCpuAffinity, "CPU affinity");
            }

            if (_config.Linux is not { } linux)
            {
                return;
            }

            if (linux.Resources is { } resources)
            {
                RefuseResources(resources);
            }

            // linux.cgroupsPath is carried out by the runtime that creates the container (nsbox create), through CgroupSettingsOf.

            if (!string.IsNullOrEmpty(linux.MountLabel))
            {
                throw Refused("linux.mountLabel", "SELinux " + NotYet, linux.MountLabel);
            }

            RefuseJson("linux.intelRdt", linux.IntelRdt, "Intel RDT");
            RefuseJson("linux.personality", linux.Personality, "the personality");
            RefuseJson("linux.netDevices", linux.NetDevices, "moving a network device in");
            RefuseJson("linux.memoryPolicy", linux.MemoryPolicy, "a memory policy");
        }

        /// <summary>cgroup limits: checked here (a plan refuses what nsbox does not set), carried out by the runtime that places the container (CgroupSettingsOf).</summary>
        private static void RefuseResources(OciResources resources)
        {
            DeviceRules(resources);
            resources.ToCgroupResources(ResourcesField);
        }

        private const string ResourcesField = OciBundle.ConfigFileName + ": linux.resources";

        /// <summary>
        /// The cgroup the config asks for: <c>linux.cgroupsPath</c>, <c>linux.resources</c> as
        /// <see cref="Cgroups.CgroupResources"/> and its device rules (each rule checked, EINVAL
        /// naming it), for the runtime that places the container's process (a plan does not place
        /// itself). What runc ignores with a warning (kernel memory) goes to <paramref name="warnings"/>.
        /// </summary>
        internal static Cgroups.CgroupSettings CgroupSettingsOf(OciConfig config, List<string>? warnings = null)
        {
            OciResources? resources = config.Linux?.Resources;
            Cgroups.CgroupResources limits = resources?.ToCgroupResources(ResourcesField, warnings) ?? new Cgroups.CgroupResources();
            return new Cgroups.CgroupSettings(
                string.IsNullOrEmpty(config.Linux?.CgroupsPath) ? null : config.Linux!.CgroupsPath,
                limits.PidsLimit,
                resources is null ? [] : DeviceRules(resources),
                limits.CpuShares)
            {
                Resources = limits,
            };
        }

        private static Cgroups.CgroupDeviceRule[] DeviceRules(OciResources resources)
        {
            OciDeviceRule[] rules = resources.Devices ?? [];
            var checkedRules = new Cgroups.CgroupDeviceRule[rules.Length];
            for (int i = 0; i < rules.Length; i++)
            {
                checkedRules[i] = Cgroups.CgroupDeviceRule.FromSpec(OciBundle.ConfigFileName + $": linux.resources.devices[{i}]", rules[i].Allow, rules[i].Type, rules[i].Major, rules[i].Minor, rules[i].Access);
            }

            return checkedRules;
        }

        /// <summary>A field kept as JSON only to be refused: <paramref name="what"/> names it, singular ("the memory limit is not implemented yet").</summary>
        private static void RefuseJson(string field, JsonElement? value, string what)
        {
            if (Present(value))
            {
                throw Refused(field, what + " " + NotYet);
            }
        }

        private static bool Present(JsonElement? value) => value is { ValueKind: not JsonValueKind.Null };

        /// <summary>
        /// A field that asks for something the builder adds a namespace for: the config must list that
        /// namespace as new, or as joined where <paramref name="joinedWill"/> (runc sets the hostname of
        /// a joined UTS namespace; the plan then joins it and creates none).
        /// </summary>
        private void Require(CloneFlags type, string field, string name, bool joinedWill = false)
        {
            if ((_created & type) != 0 || (joinedWill && (_joined & type) != 0))
            {
                return;
            }

            throw (_joined & type) != 0
                ? Refused(field, $"setting it in a joined {name} namespace {NotYet}")
                : Invalid(field, null, $"needs a new {name} namespace: add {{\"type\": \"{name}\"}} to linux.namespaces");
        }

        /// <summary>One builder call; its mistake is told with the field it came from.</summary>
        private void Apply(string field, Func<SandboxBuilder, SandboxBuilder> call)
        {
            try
            {
                call(_builder);
            }
            catch (SandboxUsageException e)
            {
                throw new SandboxUsageException(OciBundle.ConfigFileName + ": " + field, e.Errno, e.Argument, e.Hint);
            }
        }

        private static string? Quoted(string? value) => value is null ? null : "'" + value + "'";

        private static SandboxUsageException Refused(string field, string hint, string? argument = null) =>
            new(OciBundle.ConfigFileName + ": " + field, Errno.EOPNOTSUPP, argument, hint);

        private static SandboxUsageException Invalid(string field, string? argument, string hint) =>
            new(OciBundle.ConfigFileName + ": " + field, Errno.EINVAL, argument, hint);
    }
}
