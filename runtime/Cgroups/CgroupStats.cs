namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// What a sandbox's cgroup has used, read by <c>Cgroup.ReadStats</c> from whichever
    /// hierarchy holds each controller (null: that controller is not there). The names follow
    /// runc's <c>events --stats</c> output.
    /// </summary>
    public sealed record CgroupStats
    {
        /// <summary>Memory in use now, in bytes (memory.usage_in_bytes / memory.current).</summary>
        public ulong? MemoryUsage { get; init; }

        /// <summary>The most memory used, in bytes (memory.max_usage_in_bytes / memory.peak where the kernel has it).</summary>
        public ulong? MemoryMaxUsage { get; init; }

        /// <summary>The memory limit in force, in bytes (null: none).</summary>
        public ulong? MemoryLimit { get; init; }

        /// <summary>How many processes the OOM killer killed in this cgroup because of its limit (memory.oom_control oom_kill / memory.events oom_kill).</summary>
        public ulong? OomKills { get; init; }

        /// <summary>Tasks in the cgroup now (pids.current).</summary>
        public ulong? PidsCurrent { get; init; }

        /// <summary>pids.max (null: no limit).</summary>
        public ulong? PidsLimit { get; init; }

        /// <summary>CPU time used, in nanoseconds (cpuacct.usage / cpu.stat usage_usec times 1000).</summary>
        public ulong? CpuUsageNanoseconds { get; init; }

        /// <summary>Periods in which the quota held the cgroup back (cpu.stat nr_throttled).</summary>
        public ulong? CpuThrottledPeriods { get; init; }
    }
}
