using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Interop.Runtime.Json;

namespace Interop.Runtime.Oci
{
    /// <summary>config.json's <c>linux</c>.</summary>
    [JsonModel]
    public sealed partial class OciLinux
    {
        /// <summary>Namespaces to create, or (with a path) to join.</summary>
        public OciNamespace[]? Namespaces { get; init; }

        /// <summary>User id ranges of a new user namespace.</summary>
        public OciIdMapping[]? UidMappings { get; init; }

        /// <summary>Group id ranges of a new user namespace.</summary>
        public OciIdMapping[]? GidMappings { get; init; }

        /// <summary>Clock offsets of a new time namespace.</summary>
        public OciTimeOffsets? TimeOffsets { get; init; }

        /// <summary>Device nodes to create in the container.</summary>
        public OciDevice[]? Devices { get; init; }

        /// <summary>The cgroup to place the container in.</summary>
        public string? CgroupsPath { get; init; }

        /// <summary>cgroup limits.</summary>
        public OciResources? Resources { get; init; }

        /// <summary>Intel RDT (resctrl) settings.</summary>
        public JsonElement? IntelRdt { get; init; }

        /// <summary>Kernel parameters to set inside (/proc/sys).</summary>
        public Dictionary<string, string>? Sysctl { get; init; }

        /// <summary>A seccomp filter.</summary>
        public OciSeccomp? Seccomp { get; init; }

        /// <summary>The propagation of the root mount (private, rprivate, slave, ...).</summary>
        public string? RootfsPropagation { get; init; }

        /// <summary>Paths to hide.</summary>
        public string[]? MaskedPaths { get; init; }

        /// <summary>Paths to make read-only.</summary>
        public string[]? ReadonlyPaths { get; init; }

        /// <summary>An SELinux mount label.</summary>
        public string? MountLabel { get; init; }

        /// <summary>The execution domain (personality(2)).</summary>
        public JsonElement? Personality { get; init; }

        /// <summary>Network devices to move into the container.</summary>
        public JsonElement? NetDevices { get; init; }

        /// <summary>A NUMA memory policy.</summary>
        public JsonElement? MemoryPolicy { get; init; }
    }

    /// <summary>One of config.json's <c>linux.namespaces</c>.</summary>
    [JsonModel]
    public sealed partial class OciNamespace
    {
        /// <summary>pid, network, mount, ipc, uts, user, cgroup or time.</summary>
        public string? Type { get; init; }

        /// <summary>A namespace file to join (setns) instead of creating one.</summary>
        public string? Path { get; init; }
    }

    /// <summary>One range of config.json's <c>linux.uidMappings</c> or <c>gidMappings</c>.</summary>
    [JsonModel]
    public sealed partial class OciIdMapping
    {
        /// <summary>The first id inside.</summary>
        [JsonPropertyName("containerID")]
        public uint ContainerId { get; init; }

        /// <summary>The first id outside.</summary>
        [JsonPropertyName("hostID")]
        public uint HostId { get; init; }

        /// <summary>How many ids.</summary>
        public uint Size { get; init; }
    }

    /// <summary>config.json's <c>linux.timeOffsets</c>.</summary>
    [JsonModel]
    public sealed partial class OciTimeOffsets
    {
        /// <summary>The CLOCK_MONOTONIC offset.</summary>
        public OciClockOffset? Monotonic { get; init; }

        /// <summary>The CLOCK_BOOTTIME offset.</summary>
        public OciClockOffset? Boottime { get; init; }
    }

    /// <summary>One clock's offset: seconds and nanoseconds.</summary>
    [JsonModel]
    public sealed partial class OciClockOffset
    {
        /// <summary>Seconds.</summary>
        public long Secs { get; init; }

        /// <summary>Nanoseconds.</summary>
        public uint Nanosecs { get; init; }
    }

    /// <summary>One of config.json's <c>linux.devices</c>: a node to create.</summary>
    [JsonModel]
    public sealed partial class OciDevice
    {
        /// <summary>c, b, u or p.</summary>
        public string? Type { get; init; }

        /// <summary>Where, inside.</summary>
        public string? Path { get; init; }

        /// <summary>The major number.</summary>
        public long? Major { get; init; }

        /// <summary>The minor number.</summary>
        public long? Minor { get; init; }

        /// <summary>The permission bits.</summary>
        public uint? FileMode { get; init; }

        /// <summary>The owner.</summary>
        public uint? Uid { get; init; }

        /// <summary>The group.</summary>
        public uint? Gid { get; init; }
    }
}
