using System;
using System.Collections.Generic;
using System.Globalization;
using Interop.Linux;

namespace Interop.Runtime.Cgroups
{
    /// <summary>One file write of <see cref="Cgroup.Apply"/>: <paramref name="File"/> in the directory of <paramref name="Controller"/>'s hierarchy (<paramref name="Version"/> 1 or 2).</summary>
    /// <param name="Controller">The controller whose hierarchy holds the file ("memory", "cpu", ...; "" for a v2 core file such as cgroup.freeze).</param>
    /// <param name="Version">1: the controller's v1 hierarchy; 2: the unified one (the controller enabled on the way down).</param>
    /// <param name="File">The file name.</param>
    /// <param name="Value">What is written, in one write(2).</param>
    /// <param name="RetryAfterNext">An EINVAL is not final: the write is tried again after the next one (cfs_period_us before a quota that makes it valid, as runc does).</param>
    internal readonly record struct CgroupWrite(string Controller, int Version, string File, string Value, bool RetryAfterNext = false);

    /// <summary>
    /// The one place where <see cref="CgroupResources"/> (the OCI spec's v1 units) becomes files:
    /// the v1 names, and on cgroup v2 runc's conversions (docs/cgroups.md has the table). Pure: the
    /// layout is asked through <see cref="ICgroupLayout"/>, so the mapping is tested without a host.
    /// </summary>
    internal static class CgroupMapping
    {
        /// <summary>v1 memory.limit_in_bytes reads this (PAGE_COUNTER_MAX pages) or more when there is no limit.</summary>
        internal const ulong V1Unlimited = 0x7FFFFFFFFFFFF000;

        /// <summary>The CFS period docker and the kernel use by default (100 ms), in microseconds.</summary>
        public const ulong DefaultCpuPeriod = 100000;

        /// <summary>What <see cref="Writes"/> asks of the host.</summary>
        internal interface ICgroupLayout
        {
            /// <summary>1 when <paramref name="controller"/> has a v1 hierarchy, 2 when the unified hierarchy offers it (cgroup.controllers at its root), 0 when neither.</summary>
            int VersionOf(string controller);

            /// <summary>Whether the cgroup has <paramref name="file"/> in <paramref name="controller"/>'s directory (memory.memsw.limit_in_bytes without swap accounting, blkio.weight without CFQ).</summary>
            bool HasFile(string controller, int version, string file);

            /// <summary>Whether there is a unified (v2) hierarchy at all.</summary>
            bool HasUnified { get; }

            /// <summary>The v1 memory limit in force now, in bytes (the order of the limit and memsw writes depends on it).</summary>
            ulong CurrentMemoryLimit();
        }

        /// <summary>
        /// cpu.shares (v1, 2-262144) to cpu.weight (v2, 1-10000): 1 + ((shares - 2) * 9999) / 262142,
        /// runc's conversion until 1.3 (crun's and systemd's too); 0 is "unset".
        /// </summary>
        public static ulong CpuWeight(ulong shares) => shares == 0 ? 0 : shares <= 2 ? 1 : shares >= 262144 ? 10000 : 1 + ((shares - 2) * 9999 / 262142);

        /// <summary>blkio.weight (v1, 10-1000) to io.weight (v2, 1-10000): 1 + (weight - 10) * 9999 / 990, runc's ConvertBlkIOToIOWeightValue; 0 is "unset".</summary>
        public static ulong IoWeight(ushort weight) => weight == 0 ? 0 : weight <= 10 ? 1 : 1 + (((ulong)weight - 10) * 9999 / 990);

        /// <summary>
        /// The spec's memory.swap (memory plus swap) to memory.swap.max (the swap alone), as runc's
        /// ConvertMemorySwapToCgroupV2Value: -1 and 0 as they are; with no memory limit the value as
        /// it is; otherwise swap minus limit. Null: nothing to write.
        /// </summary>
        /// <exception cref="SandboxUsageException">A swap limit without a memory limit, or below it (EINVAL).</exception>
        public static long? SwapMax(long? swap, long? limit)
        {
            long s = swap ?? 0;
            long m = limit ?? 0;
            if (m == -1 && s == 0)
            {
                return -1;
            }

            if (s is -1 or 0 || m == -1)
            {
                return s == 0 ? null : s;
            }

            if (m == 0)
            {
                throw new SandboxUsageException("memory swap", Errno.EINVAL, Bytes(s), "a swap limit needs a memory limit");
            }

            if (s < m)
            {
                throw new SandboxUsageException("memory swap", Errno.EINVAL, Bytes(s), "memory plus swap (" + Bytes(s) + ") is at least the memory limit (" + Bytes(m) + ")");
            }

            return s - m;
        }

        /// <summary>cpu.max: "QUOTA PERIOD", "max PERIOD" without a quota (runc's; the period defaults to 100000).</summary>
        public static string CpuMax(long? quota, ulong? period) =>
            (quota is > 0 ? quota.Value.ToString(CultureInfo.InvariantCulture) : "max") + " " + (period is > 0 ? period.Value : DefaultCpuPeriod).ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Every write that carries out <paramref name="r"/>, in order: memory, pids, cpu, cpuset,
        /// blkio/io, hugetlb, then the unified map. Checked as a whole before anything is written:
        /// a value this host cannot carry out is refused here, so nothing is half applied.
        /// </summary>
        /// <exception cref="SandboxUsageException">A controller the host lacks, a value outside its range, a v1-only setting on v2, a unified key on a v1 controller.</exception>
        public static List<CgroupWrite> Writes(CgroupResources r, ICgroupLayout layout)
        {
            var writes = new List<CgroupWrite>();
            Memory(r, layout, writes);

            if (r.PidsLimit is { } pids && pids != 0)
            {
                int v = Need(layout, "pids", "pids.max");
                writes.Add(new("pids", v, "pids.max", pids < 0 ? "max" : Num(pids)));
            }

            Cpu(r, layout, writes);

            if (r.CpusetCpus is { } cpus)
            {
                writes.Add(new("cpuset", Need(layout, "cpuset", "cpuset.cpus"), "cpuset.cpus", cpus));
            }

            if (r.CpusetMems is { } mems)
            {
                writes.Add(new("cpuset", Need(layout, "cpuset", "cpuset.mems"), "cpuset.mems", mems));
            }

            if (r.BlkioWeight is { } weight && weight != 0)
            {
                if (weight is < 10 or > 1000)
                {
                    throw new SandboxUsageException("blkio weight", Errno.ERANGE, Num(weight), "a weight is 10 to 1000");
                }

                int v = layout.VersionOf("blkio") == 1 ? 1 : layout.VersionOf("io") == 2 ? 2 : Need(layout, "blkio", "blkio.weight");
                if (v == 1)
                {
                    // CFQ's blkio.weight; with BFQ only blkio.bfq.weight exists (same range).
                    string file = layout.HasFile("blkio", 1, "blkio.weight") ? "blkio.weight" : layout.HasFile("blkio", 1, "blkio.bfq.weight") ? "blkio.bfq.weight"
                        : throw new SandboxUsageException("blkio weight", Errno.EOPNOTSUPP, Num(weight), "the blkio hierarchy has neither blkio.weight nor blkio.bfq.weight (no CFQ or BFQ scheduler)");
                    writes.Add(new("blkio", 1, file, Num(weight)));
                }
                else
                {
                    // runc: BFQ takes the v1 weight as it is, io.weight the converted one.
                    writes.Add(layout.HasFile("io", 2, "io.bfq.weight") ? new("io", 2, "io.bfq.weight", Num(weight)) : new("io", 2, "io.weight", Num(IoWeight(weight))));
                }
            }

            if (r.HugepageLimits is { } huge)
            {
                foreach ((string size, ulong limit) in huge)
                {
                    if (size.Length == 0 || size.Contains('/', StringComparison.Ordinal) || size.Contains('.', StringComparison.Ordinal))
                    {
                        throw new SandboxUsageException("hugetlb", Errno.EINVAL, "'" + size + "'", "a page size as the kernel names it (2MB, 1GB)");
                    }

                    int v = Need(layout, "hugetlb", "hugetlb." + size);
                    writes.Add(new("hugetlb", v, v == 1 ? "hugetlb." + size + ".limit_in_bytes" : "hugetlb." + size + ".max", Num(limit)));
                }
            }

            if (r.Unified is { Count: > 0 } unified)
            {
                if (!layout.HasUnified)
                {
                    throw new SandboxUsageException("unified", Errno.EOPNOTSUPP, null, "unified keys are cgroup v2 files, and this host has no cgroup v2 hierarchy");
                }

                foreach ((string key, string value) in unified)
                {
                    int dot = key.IndexOf('.', StringComparison.Ordinal);
                    if (dot <= 0 || key.Contains('/', StringComparison.Ordinal))
                    {
                        throw new SandboxUsageException("unified", Errno.EINVAL, "'" + key + "'", "a key is a cgroup v2 file name (memory.high, cgroup.freeze)");
                    }

                    string controller = key[..dot];
                    if (controller == "cgroup")
                    {
                        writes.Add(new("", 2, key, value));
                        continue;
                    }

                    if (layout.VersionOf(controller) != 2)
                    {
                        throw new SandboxUsageException("unified " + key, Errno.EOPNOTSUPP, null, layout.VersionOf(controller) == 1
                            ? "the " + controller + " controller is in a v1 hierarchy here, not in cgroup v2: use the v1 setting"
                            : "cgroup v2 here has no " + controller + " controller (cgroup.controllers)");
                    }

                    writes.Add(new(controller, 2, key, value));
                }
            }

            return writes;
        }

        private static void Memory(CgroupResources r, ICgroupLayout layout, List<CgroupWrite> writes)
        {
            bool any = r.MemoryLimit is not null || r.MemoryReservation is not null || r.MemorySwap is not null || r.MemorySwappiness is not null || r.DisableOomKiller is true;
            if (!any)
            {
                return;
            }

            int v = Need(layout, "memory", "memory limits");
            long limit = r.MemoryLimit ?? 0;
            long swap = r.MemorySwap ?? 0;
            if (limit < -1 || swap < -1 || (r.MemoryReservation ?? 0) < -1)
            {
                throw new SandboxUsageException("memory", Errno.EINVAL, Num(Math.Min(limit, Math.Min(swap, r.MemoryReservation ?? 0))), "a size in bytes, or -1 for no limit");
            }

            if (v == 2)
            {
                if (r.MemorySwappiness is not null)
                {
                    throw new SandboxUsageException("memory swappiness", Errno.EOPNOTSUPP, Num(r.MemorySwappiness.Value), "cgroup v2 has no memory.swappiness (v1 only)");
                }

                if (r.DisableOomKiller is true)
                {
                    throw new SandboxUsageException("memory disableOOMKiller", Errno.EOPNOTSUPP, null, "cgroup v2 cannot turn the OOM killer off (memory.oom_control is v1 only)");
                }

                // runc's order: memory.swap.max, memory.max, memory.low.
                if (SwapMax(r.MemorySwap, r.MemoryLimit) is { } swapMax)
                {
                    if (layout.HasFile("memory", 2, "memory.swap.max"))
                    {
                        writes.Add(new("memory", 2, "memory.swap.max", swapMax < 0 ? "max" : Num(swapMax)));
                    }
                    else if (swapMax > 0)
                    {
                        throw new SandboxUsageException("memory swap", Errno.EOPNOTSUPP, Bytes(swap), "this kernel has no swap accounting (no memory.swap.max): give swap equal to the memory limit, or -1");
                    }
                }

                if (limit != 0)
                {
                    writes.Add(new("memory", 2, "memory.max", limit < 0 ? "max" : Num(limit)));
                }

                if (r.MemoryReservation is { } low && low != 0)
                {
                    writes.Add(new("memory", 2, "memory.low", low < 0 ? "max" : Num(low)));
                }

                return;
            }

            // v1: memory.memsw.limit_in_bytes is memory plus swap; it exists only with swap accounting.
            bool memsw = layout.HasFile("memory", 1, "memory.memsw.limit_in_bytes");
            if (limit == -1 && swap == 0 && memsw)
            {
                // runc: no memory limit and swap not given means no swap limit either.
                swap = -1;
            }

            if (swap != 0 && !memsw)
            {
                if (swap == -1 || swap == limit)
                {
                    // Nothing to enforce that the memory limit does not already say (no swap is charged separately).
                    swap = 0;
                }
                else
                {
                    throw new SandboxUsageException("memory swap", Errno.EOPNOTSUPP, Bytes(swap), "this kernel has no swap accounting (no memory.memsw.limit_in_bytes; swapaccount=1 turns it on): give swap equal to the memory limit, or -1");
                }
            }

            if (swap > 0 && limit > 0 && swap < limit)
            {
                throw new SandboxUsageException("memory swap", Errno.EINVAL, Bytes(swap), "memory plus swap (" + Bytes(swap) + ") is at least the memory limit (" + Bytes(limit) + ")");
            }

            var memory = new CgroupWrite("memory", 1, "memory.limit_in_bytes", Num(limit));
            var both = new CgroupWrite("memory", 1, "memory.memsw.limit_in_bytes", Num(swap));
            if (limit != 0 && swap != 0 && (swap == -1 || layout.CurrentMemoryLimit() < (ulong)swap))
            {
                // The kernel keeps memsw >= limit at every write: raising both, memsw goes first.
                writes.Add(both);
                writes.Add(memory);
            }
            else
            {
                if (limit != 0)
                {
                    writes.Add(memory);
                }

                if (swap != 0)
                {
                    writes.Add(both);
                }
            }

            if (r.MemoryReservation is { } soft && soft != 0)
            {
                writes.Add(new("memory", 1, "memory.soft_limit_in_bytes", Num(soft)));
            }

            if (r.DisableOomKiller is true)
            {
                writes.Add(new("memory", 1, "memory.oom_control", "1"));
            }

            if (r.MemorySwappiness is { } swappiness)
            {
                if (swappiness > 100)
                {
                    throw new SandboxUsageException("memory swappiness", Errno.ERANGE, Num(swappiness), "swappiness is 0 to 100");
                }

                writes.Add(new("memory", 1, "memory.swappiness", Num(swappiness)));
            }
        }

        private static void Cpu(CgroupResources r, ICgroupLayout layout, List<CgroupWrite> writes)
        {
            bool shares = r.CpuShares is > 0;
            bool bandwidth = r.CpuQuota is { } q && q != 0 || r.CpuPeriod is > 0;
            if (!shares && !bandwidth)
            {
                return;
            }

            if (r.CpuQuota is { } quota && quota is < -1 or (> 0 and < 1000))
            {
                throw new SandboxUsageException("cpu quota", Errno.ERANGE, Num(quota), "a quota is at least 1000 microseconds, or -1 for none");
            }

            if (r.CpuPeriod is { } period && period is > 0 and (< 1000 or > 1000000))
            {
                throw new SandboxUsageException("cpu period", Errno.ERANGE, Num(period), "a period is 1000 to 1000000 microseconds");
            }

            int v = Need(layout, "cpu", "cpu limits");
            if (v == 2)
            {
                if (shares)
                {
                    writes.Add(new("cpu", 2, "cpu.weight", Num(CpuWeight(r.CpuShares!.Value))));
                }

                if (bandwidth)
                {
                    writes.Add(new("cpu", 2, "cpu.max", CpuMax(r.CpuQuota, r.CpuPeriod)));
                }

                return;
            }

            if (shares)
            {
                writes.Add(new("cpu", 1, "cpu.shares", Num(r.CpuShares!.Value)));
            }

            if (r.CpuPeriod is > 0)
            {
                // A shorter period can make the old quota invalid: then it goes again after the quota.
                writes.Add(new("cpu", 1, "cpu.cfs_period_us", Num(r.CpuPeriod.Value), RetryAfterNext: r.CpuQuota is { } q2 && q2 != 0));
            }

            if (r.CpuQuota is { } cfs && cfs != 0)
            {
                writes.Add(new("cpu", 1, "cpu.cfs_quota_us", Num(cfs)));
            }
        }

        /// <summary>The version of <paramref name="controller"/>'s hierarchy, or the refusal naming what needed it.</summary>
        private static int Need(ICgroupLayout layout, string controller, string what)
        {
            int v = layout.VersionOf(controller);
            return v != 0 ? v : throw new SandboxUsageException(what, Errno.EOPNOTSUPP, null,
                "this host has no " + controller + " controller (neither a v1 " + controller + " hierarchy nor " + controller + " in cgroup v2's cgroup.controllers)");
        }

        private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Num(ulong value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Bytes(long value) => value.ToString(CultureInfo.InvariantCulture) + " bytes";
    }
}
