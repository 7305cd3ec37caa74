using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Interop.Runtime.Oci
{
    /// <summary>config.json's <c>linux.resources</c>: cgroup limits. The controllers nsbox does not model in detail are kept as JSON, to be refused by name.</summary>
    public sealed class OciResources
    {
        /// <summary>Device access rules (the devices controller).</summary>
        public OciDeviceRule[]? Devices { get; init; }

        /// <summary>The pids controller.</summary>
        public OciPidsLimit? Pids { get; init; }

        /// <summary>The memory controller.</summary>
        public JsonElement? Memory { get; init; }

        /// <summary>The cpu and cpuset controllers.</summary>
        public JsonElement? Cpu { get; init; }

        /// <summary>The blkio / io controller.</summary>
        [JsonPropertyName("blockIO")]
        public JsonElement? BlockIo { get; init; }

        /// <summary>The hugetlb controller.</summary>
        public JsonElement? HugepageLimits { get; init; }

        /// <summary>net_cls and net_prio.</summary>
        public JsonElement? Network { get; init; }

        /// <summary>The rdma controller.</summary>
        public JsonElement? Rdma { get; init; }

        /// <summary>cgroup v2 files, by name.</summary>
        public Dictionary<string, string>? Unified { get; init; }
    }

    /// <summary>One of config.json's <c>linux.resources.devices</c>.</summary>
    public sealed class OciDeviceRule
    {
        /// <summary>Allow or deny.</summary>
        public bool Allow { get; init; }

        /// <summary>a, c or b.</summary>
        public string? Type { get; init; }

        /// <summary>The major number (null: any).</summary>
        public long? Major { get; init; }

        /// <summary>The minor number (null: any).</summary>
        public long? Minor { get; init; }

        /// <summary>Some of r, w, m.</summary>
        public string? Access { get; init; }
    }

    /// <summary>config.json's <c>linux.resources.pids</c>.</summary>
    public sealed class OciPidsLimit
    {
        /// <summary>The most tasks the cgroup may hold.</summary>
        public long Limit { get; init; }
    }
}
