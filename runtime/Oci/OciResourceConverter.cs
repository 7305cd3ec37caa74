using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Interop.Linux;
using Interop.Runtime.Cgroups;

namespace Interop.Runtime.Oci
{
    /// <summary>
    /// <c>linux.resources</c> to <see cref="CgroupResources"/>, as runc 1.1's specconv reads it: 0
    /// (and "") is "not set" wherever runc writes nothing for it, kernel memory is ignored with a
    /// warning, and what nsbox does not write (realtime cpu time, cpu idle and burst, blkio per
    /// device and leaf weights, net_cls and net_prio, rdma) is refused by name rather than dropped.
    /// The device rules are <see cref="OciPlanConverter"/>'s (they belong to CgroupSettings).
    /// </summary>
    internal static class OciResourceConverter
    {
        public static CgroupResources Convert(OciResources resources, string field, List<string>? warnings)
        {
            var result = new CgroupResources
            {
                PidsLimit = resources.Pids is { Limit: not 0 } pids ? pids.Limit : null,
                HugepageLimits = HugepageLimits(resources.HugepageLimits, field + ".hugepageLimits"),
                Unified = Unified(resources.Unified, field + ".unified"),
            };
            result = Memory(result, resources.Memory, field + ".memory", warnings);
            result = Cpu(result, resources.Cpu, field + ".cpu");
            result = BlockIo(result, resources.BlockIo, field + ".blockIO");
            if (resources.Network is { } network)
            {
                if (network.ClassId is not (null or 0))
                {
                    throw Refused(field + ".network.classID", "the net_cls controller's class id is not set by nsbox", network.ClassId.Value.ToString(CultureInfo.InvariantCulture));
                }

                if (network.Priorities is { Length: > 0 })
                {
                    throw Refused(field + ".network.priorities", "the net_prio controller's interface priorities are not set by nsbox");
                }
            }

            if (resources.Rdma is { Count: > 0 } rdma)
            {
                throw Refused(field + ".rdma", "the rdma controller's limits are not set by nsbox", rdma.Keys.First());
            }

            return result;
        }

        private static CgroupResources Memory(CgroupResources result, OciMemory? memory, string field, List<string>? warnings)
        {
            if (memory is null)
            {
                return result;
            }

            if (memory.Kernel is not null || memory.KernelTcp is not null)
            {
                // runc 1.1: "Kernel memory settings are ignored and will be removed" (the kernel dropped kmem limits in 5.16).
                warnings?.Add(field + (memory.Kernel is not null ? ".kernel" : ".kernelTCP") + ": kernel memory settings are ignored (as runc ignores them)");
            }

            long? limit = NonZero(memory.Limit);
            long? swap = NonZero(memory.Swap);
            if (limit > 0 && swap > 0 && swap < limit)
            {
                throw Invalid(field + ".swap", swap.Value.ToString(CultureInfo.InvariantCulture), "memory plus swap must be at least the memory limit (" + limit.Value.ToString(CultureInfo.InvariantCulture) + ")");
            }

            // runc treats a swappiness of -1 (as uint64) as unset; above 100 the kernel would refuse it.
            ulong? swappiness = memory.Swappiness == ulong.MaxValue ? null : memory.Swappiness;
            if (swappiness > 100)
            {
                throw Invalid(field + ".swappiness", swappiness.Value.ToString(CultureInfo.InvariantCulture), "0 to 100");
            }

            return result with
            {
                MemoryLimit = limit,
                MemoryReservation = NonZero(memory.Reservation),
                MemorySwap = swap,
                MemorySwappiness = swappiness,
                DisableOomKiller = memory.DisableOomKiller == true ? true : null,
            };
        }

        private static CgroupResources Cpu(CgroupResources result, OciCpu? cpu, string field)
        {
            if (cpu is null)
            {
                return result;
            }

            if (cpu.RealtimeRuntime is not (null or 0) || cpu.RealtimePeriod is not (null or 0))
            {
                throw Refused(field + (cpu.RealtimeRuntime is not (null or 0) ? ".realtimeRuntime" : ".realtimePeriod"),
                    "realtime cpu time (cpu.rt_runtime_us, cpu.rt_period_us) is not set by nsbox");
            }

            if (cpu.Idle is not (null or 0))
            {
                throw Refused(field + ".idle", "cgroup v2's cpu.idle is not set by nsbox", cpu.Idle.Value.ToString(CultureInfo.InvariantCulture));
            }

            if (cpu.Burst is not (null or 0))
            {
                throw Refused(field + ".burst", "the cfs burst (cpu.cfs_burst_us, cpu.max.burst) is not set by nsbox", cpu.Burst.Value.ToString(CultureInfo.InvariantCulture));
            }

            ulong? shares = cpu.Shares is 0 ? null : cpu.Shares;
            if (shares is < 2 or > 262144)
            {
                // The v1 kernel clamps to this range (runc then fails on reading back another value); v2's weight has no room beyond it.
                throw Invalid(field + ".shares", shares.Value.ToString(CultureInfo.InvariantCulture), "a relative weight, 2 to 262144");
            }

            return result with
            {
                CpuShares = shares,
                CpuQuota = NonZero(cpu.Quota),
                CpuPeriod = cpu.Period is 0 ? null : cpu.Period,
                CpusetCpus = string.IsNullOrEmpty(cpu.Cpus) ? null : cpu.Cpus,
                CpusetMems = string.IsNullOrEmpty(cpu.Mems) ? null : cpu.Mems,
            };
        }

        private static CgroupResources BlockIo(CgroupResources result, OciBlockIo? blockIo, string field)
        {
            if (blockIo is null)
            {
                return result;
            }

            if (blockIo.LeafWeight is not (null or 0))
            {
                throw Refused(field + ".leafWeight", "the blkio leaf weight (CFQ's blkio.leaf_weight) is not set by nsbox", blockIo.LeafWeight.Value.ToString(CultureInfo.InvariantCulture));
            }

            foreach ((string name, bool given) in new[]
            {
                ("weightDevice", blockIo.WeightDevice is { Length: > 0 }),
                ("throttleReadBpsDevice", blockIo.ThrottleReadBpsDevice is { Length: > 0 }),
                ("throttleWriteBpsDevice", blockIo.ThrottleWriteBpsDevice is { Length: > 0 }),
                ("throttleReadIOPSDevice", blockIo.ThrottleReadIopsDevice is { Length: > 0 }),
                ("throttleWriteIOPSDevice", blockIo.ThrottleWriteIopsDevice is { Length: > 0 }),
            })
            {
                if (given)
                {
                    throw Refused(field + "." + name, "per-device blkio (io) settings are not set by nsbox: only the cgroup's weight");
                }
            }

            ushort? weight = blockIo.Weight is 0 ? null : blockIo.Weight;
            if (weight is < 10 or > 1000)
            {
                throw Invalid(field + ".weight", weight.Value.ToString(CultureInfo.InvariantCulture), "a relative weight, 10 to 1000");
            }

            return result with { BlkioWeight = weight };
        }

        private static Dictionary<string, ulong>? HugepageLimits(OciHugepageLimit[]? limits, string field)
        {
            if (limits is not { Length: > 0 })
            {
                return null;
            }

            var bySize = new Dictionary<string, ulong>();
            for (int i = 0; i < limits.Length; i++)
            {
                string? size = limits[i].PageSize;
                if (string.IsNullOrEmpty(size) || size.Contains('/') || size.Contains('.'))
                {
                    throw Invalid(field + $"[{i}].pageSize", size is null ? null : "'" + size + "'", "a page size as the kernel names it (2MB, 1GB)");
                }

                bySize[size] = limits[i].Limit;
            }

            return bySize;
        }

        private static Dictionary<string, string>? Unified(Dictionary<string, string>? unified, string field)
        {
            if (unified is not { Count: > 0 })
            {
                return null;
            }

            foreach (string name in unified.Keys)
            {
                if (name.Length == 0 || name.Contains('/') || name is "." or "..")
                {
                    throw Invalid(field, "'" + name + "'", "a file name of the container's cgroup (no slashes)");
                }
            }

            return new Dictionary<string, string>(unified);
        }

        private static long? NonZero(long? value) => value is 0 ? null : value;

        private static SandboxUsageException Refused(string field, string hint, string? argument = null) =>
            new(field, Errno.EOPNOTSUPP, argument, hint);

        private static SandboxUsageException Invalid(string field, string? argument, string hint) =>
            new(field, Errno.EINVAL, argument, hint);
    }
}
