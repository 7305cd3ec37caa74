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
        private SandboxBuilder _builder = null!;
        private CloneFlags _created;
        private CloneFlags _joined;

        private OciPlanConverter(OciConfig config, string bundle)
        {
            _config = config;
            _bundle = bundle;
        }

        public static SandboxBuilder Convert(OciConfig config, string bundleDirectory)
        {
            var converter = new OciPlanConverter(config, bundleDirectory);
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
            Paths("linux.maskedPaths", linux.MaskedPaths, (b, p) => b.MaskPath(p));
            Paths("linux.readonlyPaths", linux.ReadonlyPaths, (b, p) => b.ReadOnlyPath(p));
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
                CloneFlags type = namespaces[i].Type switch
                {
                    "pid" => CloneFlags.NewPid,
                    "network" => CloneFlags.NewNet,
                    "mount" => CloneFlags.NewMount,
                    "ipc" => CloneFlags.NewIpc,
                    "uts" => CloneFlags.NewUts,
                    "user" => CloneFlags.NewUser,
                    "cgroup" => CloneFlags.NewCgroup,
                    "time" => CloneFlags.NewTime,
                    _ => throw Invalid(field + ".type", Quoted(namespaces[i].Type), "one of pid, network, mount, ipc, uts, user, cgroup, time"),
                };
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

                    if (options.Data.Count > 0)
                    {
                        throw Invalid(field + ".options", "'" + options.Data[0] + "'", "not a bind mount's option (the kernel ignores data for a bind)");
                    }

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
                    throw Refused(field + ".type", "the cgroup (v1) file system " + NotYet + "; cgroup2 is mounted as asked", "'cgroup'");
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
                Require(CloneFlags.NewUts, "hostname", "uts");
                Apply("hostname", b => b.Hostname(_config.Hostname));
            }

            if (!string.IsNullOrEmpty(_config.Domainname))
            {
                Require(CloneFlags.NewUts, "domainname", "uts");
                Apply("domainname", b => b.Domainname(_config.Domainname));
            }
        }

        /// <summary>The environment is the config's whole (nothing of nsbox's own), the directory, no_new_privs, capabilities.</summary>
        private void Process(OciProcess process)
        {
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

            if (process.Terminal)
            {
                // The pty is opened inside, its master sent over the caller's console socket (SandboxBuilder.ConsoleSocket).
                (ushort rows, ushort columns) = ConsoleSize(process.ConsoleSize);
                _builder.Terminal(rows, columns);
            }

            Capabilities(process.Capabilities);
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
        /// The process runs as root inside, and execve gives root the bounding set as its permitted
        /// and effective sets. So what can be carried out is: a bounding set, with permitted and
        /// effective equal to it (podman's and runc's specs are), inheritable and ambient empty;
        /// every other capability is dropped from every set. No capabilities object at all keeps
        /// nsbox's own, as runc does.
        /// </summary>
        private void Capabilities(OciCapabilities? capabilities)
        {
            if (capabilities is null)
            {
                return;
            }

            ulong bounding = CapabilitySet("process.capabilities.bounding", capabilities.Bounding);
            if (CapabilitySet("process.capabilities.inheritable", capabilities.Inheritable) != 0)
            {
                throw Refused("process.capabilities.inheritable", "a non-empty inheritable set " + NotYet);
            }

            if (CapabilitySet("process.capabilities.ambient", capabilities.Ambient) != 0)
            {
                throw Refused("process.capabilities.ambient", "a non-empty ambient set " + NotYet);
            }

            foreach ((string name, string[]? set) in new[] { ("effective", capabilities.Effective), ("permitted", capabilities.Permitted) })
            {
                if (CapabilitySet("process.capabilities." + name, set) != bounding)
                {
                    throw Refused("process.capabilities." + name, $"{(name == "effective" ? "an" : "a")} {name} set other than the bounding set {NotYet} (the process runs as root, whose {name} set execve makes the bounding set)");
                }
            }

            int[] dropped = Enumerable.Range(0, 64).Where(cap => ((Interop.Runtime.Capabilities.All & ~bounding) & (1UL << cap)) != 0).ToArray();
            if (dropped.Length > 0)
            {
                _builder.DropCapabilities(dropped);
            }
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
                    if (list is { Length: > 0 })
                    {
                        throw Refused("hooks." + name, "hooks are " + NotYet[3..]);
                    }
                }
            }

            if (_config.Process is { } process)
            {
                if (process.User is { } user)
                {
                    if (user.Uid != 0)
                    {
                        throw Refused("process.user.uid", "a user other than root (0) " + NotYet, user.Uid.ToString(CultureInfo.InvariantCulture));
                    }

                    if (user.Gid != 0)
                    {
                        throw Refused("process.user.gid", "a group other than root (0) " + NotYet, user.Gid.ToString(CultureInfo.InvariantCulture));
                    }

                    if (user.Umask is { } umask)
                    {
                        throw Refused("process.user.umask", "setting the umask " + NotYet, System.Convert.ToString(umask, 8));
                    }

                    if (user.AdditionalGids is { Length: > 0 })
                    {
                        throw Refused("process.user.additionalGids", "supplementary groups are " + NotYet[3..]);
                    }
                }

                if (process.Rlimits is { Length: > 0 } rlimits)
                {
                    throw Refused("process.rlimits", "resource limits are " + NotYet[3..], rlimits[0].Type);
                }

                if (process.OomScoreAdj is { } oom)
                {
                    throw Refused("process.oomScoreAdj", "setting oom_score_adj " + NotYet, oom.ToString(CultureInfo.InvariantCulture));
                }

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

            if (linux.Seccomp is not null)
            {
                throw Refused("linux.seccomp", "seccomp " + NotYet);
            }

            if (linux.Resources is { } resources)
            {
                RefuseResources(resources);
            }

            if (!string.IsNullOrEmpty(linux.CgroupsPath))
            {
                throw Refused("linux.cgroupsPath", "placing the container in a cgroup " + NotYet, linux.CgroupsPath);
            }

            if (linux.Devices is { Length: > 0 } devices)
            {
                throw Refused("linux.devices", "creating device nodes " + NotYet, devices[0].Path);
            }

            if (linux.Sysctl is { Count: > 0 } sysctl)
            {
                throw Refused("linux.sysctl", "setting kernel parameters " + NotYet, sysctl.Keys.First());
            }

            if (!string.IsNullOrEmpty(linux.RootfsPropagation) && linux.RootfsPropagation != "rprivate")
            {
                throw Refused("linux.rootfsPropagation", "a root propagation other than rprivate (what nsbox makes it) " + NotYet, "'" + linux.RootfsPropagation + "'");
            }

            if (!string.IsNullOrEmpty(linux.MountLabel))
            {
                throw Refused("linux.mountLabel", "SELinux " + NotYet, linux.MountLabel);
            }

            RefuseJson("linux.intelRdt", linux.IntelRdt, "Intel RDT");
            RefuseJson("linux.personality", linux.Personality, "the personality");
            RefuseJson("linux.netDevices", linux.NetDevices, "moving a network device in");
            RefuseJson("linux.memoryPolicy", linux.MemoryPolicy, "a memory policy");
        }

        /// <summary>cgroup limits, by controller: each is its own issue (resource limits come with the cgroup placement).</summary>
        private static void RefuseResources(OciResources resources)
        {
            if (resources.Devices is { Length: > 0 })
            {
                throw Refused("linux.resources.devices", "device access rules (the devices cgroup) are " + NotYet[3..]);
            }

            if (resources.Pids is not null)
            {
                throw Refused("linux.resources.pids", "the pids limit " + NotYet, resources.Pids.Limit.ToString(CultureInfo.InvariantCulture));
            }

            RefuseJson("linux.resources.memory", resources.Memory, "the memory controller");
            RefuseJson("linux.resources.cpu", resources.Cpu, "the cpu controller");
            RefuseJson("linux.resources.blockIO", resources.BlockIo, "the blkio (io) controller");
            RefuseJson("linux.resources.hugepageLimits", resources.HugepageLimits, "the hugetlb controller");
            RefuseJson("linux.resources.network", resources.Network, "the net_cls and net_prio setting");
            RefuseJson("linux.resources.rdma", resources.Rdma, "the rdma controller");
            if (resources.Unified is { Count: > 0 } unified)
            {
                throw Refused("linux.resources.unified", "cgroup v2 settings are " + NotYet[3..], unified.Keys.First());
            }
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

        /// <summary>A field that asks for something the builder adds a namespace for: the config must list that namespace as new.</summary>
        private void Require(CloneFlags type, string field, string name)
        {
            if ((_created & type) != 0)
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
