using System.Collections.Generic;
using Interop.Runtime.Json;

namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// The limits a sandbox's cgroup carries, in the OCI runtime spec's terms (<c>linux.resources</c>,
    /// cgroup v1 units): every member null means "not set", and <c>Cgroup.Apply</c> writes
    /// nothing for it. On a v2 host the values are converted the way runc documents it
    /// (docs/cgroups.md: shares to cpu.weight, blkio weight to io.weight, memory swap to
    /// memory.swap.max as swap minus limit, and so on). <see cref="Unified"/> is written as given,
    /// after the converted values, and only on v2.
    /// </summary>
    [JsonModel]
    public sealed partial record CgroupResources
    {
        /// <summary>memory.limit_in_bytes / memory.max in bytes; -1: no limit.</summary>
        public long? MemoryLimit { get; init; }

        /// <summary>memory.soft_limit_in_bytes / memory.low in bytes; -1: none.</summary>
        public long? MemoryReservation { get; init; }

        /// <summary>memory.memsw.limit_in_bytes (memory plus swap, as the spec counts it) / memory.swap.max (the swap part); -1: no limit.</summary>
        public long? MemorySwap { get; init; }

        /// <summary>memory.swappiness (v1 only; 0-100).</summary>
        public ulong? MemorySwappiness { get; init; }

        /// <summary>memory.oom_control's oom_kill_disable (v1 only).</summary>
        public bool? DisableOomKiller { get; init; }

        /// <summary>pids.max; -1: no limit ("max"), 0: not set (the spec's unset).</summary>
        public long? PidsLimit { get; init; }

        /// <summary>cpu.shares (v1) / cpu.weight (v2, converted).</summary>
        public ulong? CpuShares { get; init; }

        /// <summary>cpu.cfs_quota_us / the first field of cpu.max, in microseconds; -1: no limit.</summary>
        public long? CpuQuota { get; init; }

        /// <summary>cpu.cfs_period_us / the second field of cpu.max, in microseconds.</summary>
        public ulong? CpuPeriod { get; init; }

        /// <summary>cpuset.cpus, as the kernel spells it ("0-1,3").</summary>
        public string? CpusetCpus { get; init; }

        /// <summary>cpuset.mems, as the kernel spells it.</summary>
        public string? CpusetMems { get; init; }

        /// <summary>blkio.weight (v1, 10-1000) / io.weight or io.bfq.weight (v2, converted).</summary>
        public ushort? BlkioWeight { get; init; }

        /// <summary>hugetlb limits in bytes by page size as the kernel names it ("2MB", "1GB").</summary>
        public IReadOnlyDictionary<string, ulong>? HugepageLimits { get; init; }

        /// <summary>cgroup v2 files written as given (file name to content), after everything else.</summary>
        public IReadOnlyDictionary<string, string>? Unified { get; init; }

        /// <summary>
        /// Whether any member is set (0 pids, 0 shares and 0 blkio weight are the spec's "unset"):
        /// beside the members, so a new one is counted where it is declared.
        /// </summary>
        public bool SetsAny =>
            MemoryLimit is not null || MemoryReservation is not null || MemorySwap is not null || MemorySwappiness is not null
            || DisableOomKiller is not null || PidsLimit is not (null or 0) || CpuShares is not (null or 0) || CpuQuota is not null
            || CpuPeriod is not null || CpusetCpus is not null || CpusetMems is not null || BlkioWeight is not (null or 0)
            || HugepageLimits is { Count: > 0 } || Unified is { Count: > 0 };
    }
}
