using System.Collections.Generic;
using System.Text.Json.Serialization;
using Interop.Runtime.Json;

namespace Nsbox.Oci
{
    /// <summary>
    /// What <c>nsbox create</c> records in <c>--root/ID/state.json</c> and every later verb reads: the
    /// spec's state fields but the status (which is looked at, never stored: a process ends without
    /// telling anyone), plus the process's start time, which tells the container's process from a
    /// later one that got the same pid.
    /// </summary>
    [JsonModel]
    internal sealed partial class ContainerState
    {
        [JsonPropertyName("ociVersion")]
        public string OciVersion { get; set; } = "";

        [JsonPropertyName("id")]
        public string Id { get; set; } = "";

        [JsonPropertyName("pid")]
        public int Pid { get; set; }

        [JsonPropertyName("bundle")]
        public string Bundle { get; set; } = "";

        [JsonPropertyName("rootfs")]
        public string Rootfs { get; set; } = "";

        [JsonPropertyName("created")]
        public string Created { get; set; } = "";

        [JsonPropertyName("owner")]
        public string Owner { get; set; } = "";

        [JsonPropertyName("annotations")]
        public Dictionary<string, string>? Annotations { get; set; }

        /// <summary>config.json's hooks, kept for start (poststart) and delete (poststop), as runc keeps its config: the bundle may have changed or gone by then.</summary>
        [JsonPropertyName("hooks")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public Interop.Runtime.Oci.OciHooks? Hooks { get; set; }

        /// <summary>config.json's seccomp profile, kept for exec: runc starts every process of the container under it.</summary>
        [JsonPropertyName("seccomp")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public Interop.Runtime.Oci.OciSeccomp? Seccomp { get; set; }

        /// <summary>The container's cgroup, one directory per hierarchy (null: none, a state from before cgroups).</summary>
        [JsonPropertyName("cgroupPaths")]
        public string[]? CgroupPaths { get; set; }

        /// <summary>The cgroup directories create made, in the order made: delete removes exactly these, innermost first.</summary>
        [JsonPropertyName("cgroupsCreated")]
        public string[]? CgroupsCreated { get; set; }

        /// <summary>The limits in force: config.json's linux.resources as create applied them, with what update changed since (null: none, or a state from before).</summary>
        [JsonPropertyName("resources")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public Interop.Runtime.Cgroups.CgroupResources? Resources { get; set; }

        /// <summary>
        /// Whether the container has a PID namespace of its own: then its processes end with its
        /// PID 1, and what else is in its cgroup is someone else's (delete kills leftovers only
        /// without one, as runc).
        /// </summary>
        [JsonPropertyName("newPidNamespace")]
        public bool NewPidNamespace { get; set; }

        /// <summary>Field 22 of /proc/PID/stat (clock ticks after boot) when the process was created.</summary>
        [JsonPropertyName("processStartTime")]
        public ulong ProcessStartTime { get; set; }
    }
}
