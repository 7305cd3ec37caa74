using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using Interop.Runtime.Json;

namespace Interop.Runtime.Oci
{
    /// <summary>
    /// What nsbox implements of the runtime spec, in the shape of the spec's features.md (what
    /// <c>runc features</c> prints and engines read to know a runtime). Every list is asked of the
    /// code that carries the feature out, not written down beside it, so it stays true as features
    /// land: the mount options are the words <see cref="OciMountOptions"/> takes as options, the
    /// namespaces the types config.json's converter accepts, the capabilities <see cref="Capabilities"/>' table;
    /// seccomp (the actions, operators, architectures and flags its reader takes); AppArmor, SELinux and Intel RDT are refused by the converter today, so not enabled.
    /// </summary>
    [JsonModel]
    public sealed partial class OciFeatures
    {
        // The words the spec, mount(8) and runc give mount options: each is offered to nsbox's parser,
        // which keeps those it knows (the rest would be file-system data, or are refused as not implemented yet).
        private static readonly string[] s_mountOptionWords =
        [
            "acl", "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "iversion", "lazytime", "loud", "mand",
            "noacl", "noatime", "nodev", "nodiratime", "noexec", "noiversion", "nolazytime", "nomand", "norelatime", "nostrictatime",
            "nosuid", "nosymfollow", "private", "ratime", "rbind", "rdev", "rdiratime", "relatime", "remount", "rexec", "rnoatime",
            "rnodev", "rnodiratime", "rnoexec", "rnorelatime", "rnostrictatime", "rnosuid", "rnosymfollow", "ro", "rprivate",
            "rrelatime", "rro", "rrw", "rshared", "rslave", "rstrictatime", "rsuid", "rsymfollow", "runbindable", "rw", "shared",
            "silent", "slave", "strictatime", "suid", "symfollow", "sync", "tmpcopyup", "unbindable", "idmap", "ridmap",
            "copy-symlink", "move",
        ];

        /// <summary>The oldest runtime-spec version nsbox reads (any 1.x).</summary>
        [JsonPropertyName("ociVersionMin")]
        public string OciVersionMin { get; init; } = "1.0.0";

        /// <summary>The version nsbox implements.</summary>
        [JsonPropertyName("ociVersionMax")]
        public string OciVersionMax { get; init; } = OciBundle.SpecVersion;

        /// <summary>The hooks the verbs run (all of the spec's).</summary>
        [JsonPropertyName("hooks")]
        public IReadOnlyList<string> Hooks { get; init; } = [];

        /// <summary>The mount options nsbox carries out, sorted.</summary>
        [JsonPropertyName("mountOptions")]
        public IReadOnlyList<string> MountOptions { get; init; } = [];

        /// <summary>The Linux part.</summary>
        [JsonPropertyName("linux")]
        public OciLinuxFeatures Linux { get; init; } = new();

        /// <summary>Facts about this build (its version).</summary>
        [JsonPropertyName("annotations")]
        public Dictionary<string, string> Annotations { get; init; } = [];

        /// <summary>What this nsbox implements, <paramref name="version"/> being its own version.</summary>
        public static OciFeatures Current(string version) => new()
        {
            Hooks = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"],
            MountOptions = s_mountOptionWords.Where(IsMountOption).Order(StringComparer.Ordinal).ToArray(),
            Linux = new OciLinuxFeatures
            {
                // The spec's namespace types (config-linux.md: NamespaceType.OciName), each offered to the converter.
                Namespaces = NamespaceType.All.Select(t => t.OciName).Order(StringComparer.Ordinal).Where(IsNamespaceType).ToArray(),
                Capabilities = Capabilities.Names,
                // runtime/Cgroups: the cgroupfs driver on v1, hybrid and v2 hosts; no systemd driver.
                Cgroup = new OciCgroupFeatures { V1 = true, V2 = true },
                Seccomp = new OciSeccompFeatures
                {
                    Enabled = true,
                    Actions = Seccomp.SeccompAction.Names.Split(", "),
                    Operators = Seccomp.SeccompCondition.OperatorNames.Split(", "),
                    Architectures = Seccomp.SeccompArchitectures.Names.Split(", ").Where(a => Seccomp.SeccompArchitectures.Token(a) != 0).ToArray(),
                    KnownFlags = Seccomp.SeccompProfile.FlagNames.Split(", "),
                    SupportedFlags = Seccomp.SeccompProfile.FlagNamesOf(Seccomp.SeccompProgram.SupportedFlags),
                },
            },
            Annotations = new() { ["org.nsbox.version"] = version },
        };

        /// <summary>The JSON <c>nsbox features</c> prints: indented by 4, as runc's.</summary>
        public string ToJson() => JsonModel.Write(this, new JsonWriterOptions { Indented = true, IndentSize = 4 });

        // An option word nsbox sets something for: neither refused nor passed on as file-system data.
        private static bool IsMountOption(string word)
        {
            OciMountOptions parsed = OciMountOptions.Parse([word]);
            return parsed.Unsupported is null && parsed.Data.Count == 0;
        }

        // A type the converter turns into a namespace to create (the rest it refuses).
        private static bool IsNamespaceType(string type)
        {
            // With a mount namespace, which a root needs; a refusal of the type names the namespaces' list.
            string others = type == "mount" ? "" : ",{\"type\":\"mount\"}";
            string json = "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"/bin/true\"],\"cwd\":\"/\"},\"root\":{\"path\":\"/\"},\"linux\":{\"namespaces\":[{\"type\":\"" + type + "\"}" + others + "]}}";
            try
            {
                OciBundle.FromJson("/", json).ToBuilder();
                return true;
            }
            catch (SandboxUsageException e)
            {
                return !e.Message.Contains("linux.namespaces", StringComparison.Ordinal);
            }
        }
    }

    /// <summary>features.md's <c>linux</c>.</summary>
    [JsonModel]
    public sealed partial class OciLinuxFeatures
    {
        /// <summary>The namespace types config.json may ask for.</summary>
        [JsonPropertyName("namespaces")]
        public IReadOnlyList<string> Namespaces { get; init; } = [];

        /// <summary>The capabilities nsbox knows (CAP_*).</summary>
        [JsonPropertyName("capabilities")]
        public IReadOnlyList<string> Capabilities { get; init; } = [];

        /// <summary>The cgroup drivers: cgroupfs on v1 and v2 (runtime/Cgroups), not systemd (cgroupsPath's slice form is refused).</summary>
        [JsonPropertyName("cgroup")]
        public OciCgroupFeatures Cgroup { get; init; } = new();

        /// <summary>linux.seccomp: compiled with libseccomp (runtime/Seccomp).</summary>
        [JsonPropertyName("seccomp")]
        public OciSeccompFeatures Seccomp { get; init; } = new();

        /// <summary>process.apparmorProfile is refused.</summary>
        [JsonPropertyName("apparmor")]
        public OciEnabledFeature Apparmor { get; init; } = new();

        /// <summary>process.selinuxLabel and linux.mountLabel are refused.</summary>
        [JsonPropertyName("selinux")]
        public OciEnabledFeature Selinux { get; init; } = new();

        /// <summary>linux.intelRdt is refused.</summary>
        [JsonPropertyName("intelRdt")]
        public OciEnabledFeature IntelRdt { get; init; } = new();
    }

    /// <summary>features.md's <c>linux.cgroup</c>: which drivers the runtime has.</summary>
    [JsonModel]
    public sealed partial class OciCgroupFeatures
    {
        /// <summary>cgroup v1 hierarchies.</summary>
        [JsonPropertyName("v1")]
        public bool V1 { get; init; }

        /// <summary>The unified (v2) hierarchy.</summary>
        [JsonPropertyName("v2")]
        public bool V2 { get; init; }

        /// <summary>Through systemd.</summary>
        [JsonPropertyName("systemd")]
        public bool Systemd { get; init; }

        /// <summary>Through the user's systemd.</summary>
        [JsonPropertyName("systemdUser")]
        public bool SystemdUser { get; init; }
    }

    /// <summary>A feature that is there or not (<c>{"enabled": false}</c>).</summary>
    [JsonModel]
    public sealed partial class OciSeccompFeatures
    {
        /// <summary>Whether nsbox carries out linux.seccomp.</summary>
        [JsonPropertyName("enabled")]
        public bool Enabled { get; init; }

        /// <summary>The SCMP_ACT_* names it reads.</summary>
        [JsonPropertyName("actions")]
        public IReadOnlyList<string> Actions { get; init; } = [];

        /// <summary>The SCMP_CMP_* names it reads.</summary>
        [JsonPropertyName("operators")]
        public IReadOnlyList<string> Operators { get; init; } = [];

        /// <summary>The SCMP_ARCH_* names libseccomp knows here.</summary>
        [JsonPropertyName("archs")]
        public IReadOnlyList<string> Architectures { get; init; } = [];

        /// <summary>The SECCOMP_FILTER_FLAG_* names it reads.</summary>
        [JsonPropertyName("knownFlags")]
        public IReadOnlyList<string> KnownFlags { get; init; } = [];

        /// <summary>The known flags this kernel has (probed with seccomp(2), as runc asks libseccomp).</summary>
        [JsonPropertyName("supportedFlags")]
        public IReadOnlyList<string> SupportedFlags { get; init; } = [];
    }

    /// <summary>A feature that is on or off.</summary>
    [JsonModel]
    public sealed partial class OciEnabledFeature
    {
        /// <summary>Whether nsbox carries it out.</summary>
        [JsonPropertyName("enabled")]
        public bool Enabled { get; init; }
    }

}
