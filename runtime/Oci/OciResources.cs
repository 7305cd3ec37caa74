using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Interop.Linux;
using Interop.Runtime.Json;

namespace Interop.Runtime.Oci
{
    /// <summary>
    /// config.json's <c>linux.resources</c> (and what <c>nsbox update --resources</c> reads): cgroup
    /// limits, every controller the runtime spec names, typed as runc reads them (a negative number
    /// where the spec has an unsigned one is a JSON error, as in Go). <see cref="ToCgroupResources"/>
    /// turns them into what <c>Cgroup.Apply</c> writes, refusing by name what nsbox does not set.
    /// </summary>
    [JsonModel]
    public sealed partial class OciResources
    {
        /// <summary>Device access rules (the devices controller).</summary>
        public OciDeviceRule[]? Devices { get; init; }

        /// <summary>The pids controller.</summary>
        public OciPidsLimit? Pids { get; init; }

        /// <summary>The memory controller.</summary>
        public OciMemory? Memory { get; init; }

        /// <summary>The cpu and cpuset controllers.</summary>
        public OciCpu? Cpu { get; init; }

        /// <summary>The blkio / io controller.</summary>
        [JsonPropertyName("blockIO")]
        public OciBlockIo? BlockIo { get; init; }

        /// <summary>The hugetlb controller, by page size.</summary>
        public OciHugepageLimit[]? HugepageLimits { get; init; }

        /// <summary>net_cls and net_prio.</summary>
        public OciNetwork? Network { get; init; }

        /// <summary>The rdma controller, by device name.</summary>
        public Dictionary<string, OciRdma>? Rdma { get; init; }

        /// <summary>cgroup v2 files, by name.</summary>
        public Dictionary<string, string>? Unified { get; init; }

        /// <summary>
        /// Reads <paramref name="json"/> as a <c>linux.resources</c> object (runc update's
        /// <c>--resources</c> file); <paramref name="source"/> names it in the error.
        /// </summary>
        /// <exception cref="SandboxUsageException">Not JSON of the spec's shape.</exception>
        public static OciResources Parse(string json, string source)
        {
            try
            {
                return JsonModel.Parse<OciResources>(json)
                    ?? throw new SandboxUsageException(source, Errno.EINVAL, null, "the resources are an object, not null");
            }
            catch (JsonException e)
            {
                throw new SandboxUsageException(source, Errno.EINVAL, null, e.Message.ReplaceLineEndings(" "));
            }
        }

        /// <summary>
        /// The limits as <c>Cgroup.Apply</c> takes them, converted as runc 1.1 converts them (0 and
        /// "" are "not set"; kernel memory is ignored, <paramref name="warnings"/> says so);
        /// <paramref name="field"/> names the object in errors ("config.json: linux.resources").
        /// </summary>
        /// <exception cref="SandboxUsageException">A setting nsbox does not carry out (realtime cpu, blkio per device, net_cls, rdma, ...), or an invalid one; the message names it.</exception>
        public Cgroups.CgroupResources ToCgroupResources(string field, List<string>? warnings = null) =>
            OciResourceConverter.Convert(this, field, warnings);
    }

    /// <summary>One of config.json's <c>linux.resources.devices</c>.</summary>
    [JsonModel]
    public sealed partial class OciDeviceRule
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
    [JsonModel]
    public sealed partial class OciPidsLimit
    {
        /// <summary>The most tasks the cgroup may hold (-1: no limit, 0: not set).</summary>
        public long Limit { get; init; }
    }

    /// <summary>config.json's <c>linux.resources.memory</c>, in bytes.</summary>
    [JsonModel]
    public sealed partial class OciMemory
    {
        /// <summary>The memory limit (-1: none).</summary>
        public long? Limit { get; init; }

        /// <summary>The soft limit.</summary>
        public long? Reservation { get; init; }

        /// <summary>Memory plus swap (-1: no limit).</summary>
        public long? Swap { get; init; }

        /// <summary>Kernel memory (deprecated by the spec; runc 1.1 ignores it with a warning).</summary>
        public long? Kernel { get; init; }

        /// <summary>Kernel TCP buffer memory (likewise ignored).</summary>
        [JsonPropertyName("kernelTCP")]
        public long? KernelTcp { get; init; }

        /// <summary>The swappiness, 0 to 100.</summary>
        public ulong? Swappiness { get; init; }

        /// <summary>Whether the OOM killer is off for the cgroup (v1).</summary>
        [JsonPropertyName("disableOOMKiller")]
        public bool? DisableOomKiller { get; init; }

        /// <summary>v1's memory.use_hierarchy (runc 1.1 does not set it either).</summary>
        public bool? UseHierarchy { get; init; }

        /// <summary>Whether an update checks the usage against the new limit first (runc 1.2).</summary>
        public bool? CheckBeforeUpdate { get; init; }
    }

    /// <summary>config.json's <c>linux.resources.cpu</c>.</summary>
    [JsonModel]
    public sealed partial class OciCpu
    {
        /// <summary>The relative weight (cpu.shares).</summary>
        public ulong? Shares { get; init; }

        /// <summary>The CFS quota in microseconds per period (-1: none).</summary>
        public long? Quota { get; init; }

        /// <summary>The CFS burst in microseconds (runtime-spec 1.1).</summary>
        public ulong? Burst { get; init; }

        /// <summary>The CFS period in microseconds.</summary>
        public ulong? Period { get; init; }

        /// <summary>The realtime runtime in microseconds per realtime period.</summary>
        public long? RealtimeRuntime { get; init; }

        /// <summary>The realtime period in microseconds.</summary>
        public ulong? RealtimePeriod { get; init; }

        /// <summary>The CPUs (cpuset.cpus).</summary>
        public string? Cpus { get; init; }

        /// <summary>The memory nodes (cpuset.mems).</summary>
        public string? Mems { get; init; }

        /// <summary>cgroup v2's cpu.idle (0 or 1).</summary>
        public long? Idle { get; init; }
    }

    /// <summary>config.json's <c>linux.resources.blockIO</c>.</summary>
    [JsonModel]
    public sealed partial class OciBlockIo
    {
        /// <summary>The relative weight, 10 to 1000.</summary>
        public ushort? Weight { get; init; }

        /// <summary>The weight of the cgroup's own tasks against its children (v1 CFQ).</summary>
        public ushort? LeafWeight { get; init; }

        /// <summary>Weights by device.</summary>
        public OciWeightDevice[]? WeightDevice { get; init; }

        /// <summary>Read bytes per second, by device.</summary>
        public OciThrottleDevice[]? ThrottleReadBpsDevice { get; init; }

        /// <summary>Written bytes per second, by device.</summary>
        public OciThrottleDevice[]? ThrottleWriteBpsDevice { get; init; }

        /// <summary>Read operations per second, by device.</summary>
        [JsonPropertyName("throttleReadIOPSDevice")]
        public OciThrottleDevice[]? ThrottleReadIopsDevice { get; init; }

        /// <summary>Write operations per second, by device.</summary>
        [JsonPropertyName("throttleWriteIOPSDevice")]
        public OciThrottleDevice[]? ThrottleWriteIopsDevice { get; init; }
    }

    /// <summary>One of <c>blockIO.weightDevice</c>.</summary>
    [JsonModel]
    public sealed partial class OciWeightDevice
    {
        /// <summary>The device's major number.</summary>
        public long Major { get; init; }

        /// <summary>The device's minor number.</summary>
        public long Minor { get; init; }

        /// <summary>The weight for the device.</summary>
        public ushort? Weight { get; init; }

        /// <summary>The leaf weight for the device.</summary>
        public ushort? LeafWeight { get; init; }
    }

    /// <summary>One of <c>blockIO.throttle*Device</c>.</summary>
    [JsonModel]
    public sealed partial class OciThrottleDevice
    {
        /// <summary>The device's major number.</summary>
        public long Major { get; init; }

        /// <summary>The device's minor number.</summary>
        public long Minor { get; init; }

        /// <summary>The rate (bytes or operations per second).</summary>
        public ulong Rate { get; init; }
    }

    /// <summary>One of <c>linux.resources.hugepageLimits</c>.</summary>
    [JsonModel]
    public sealed partial class OciHugepageLimit
    {
        /// <summary>The page size as the kernel names it ("2MB", "1GB").</summary>
        public string? PageSize { get; init; }

        /// <summary>The limit in bytes.</summary>
        public ulong Limit { get; init; }
    }

    /// <summary>config.json's <c>linux.resources.network</c>.</summary>
    [JsonModel]
    public sealed partial class OciNetwork
    {
        /// <summary>net_cls.classid.</summary>
        [JsonPropertyName("classID")]
        public uint? ClassId { get; init; }

        /// <summary>net_prio.ifpriomap entries.</summary>
        public OciInterfacePriority[]? Priorities { get; init; }
    }

    /// <summary>One of <c>network.priorities</c>.</summary>
    [JsonModel]
    public sealed partial class OciInterfacePriority
    {
        /// <summary>The interface's name.</summary>
        public string? Name { get; init; }

        /// <summary>Its priority.</summary>
        public uint Priority { get; init; }
    }

    /// <summary>One of <c>linux.resources.rdma</c>'s values.</summary>
    [JsonModel]
    public sealed partial class OciRdma
    {
        /// <summary>The most HCA handles.</summary>
        public uint? HcaHandles { get; init; }

        /// <summary>The most HCA objects.</summary>
        public uint? HcaObjects { get; init; }
    }
}
