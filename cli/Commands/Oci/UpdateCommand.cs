using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Interop.Linux;
using Interop.Runtime.Cgroups;
using Interop.Runtime.Oci;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// <c>nsbox update [flags] ID</c>, as runc 1.1's: new limits for a created, running or paused
    /// container's cgroup, from runc's flags or from <c>--resources FILE|-</c> (a linux.resources
    /// object; the flags are then ignored). What is given is written (<see cref="Cgroup.Apply"/>,
    /// the converter and refusals of create), what is not stays; state.json records the limits in
    /// force. As in runc, a quota or a period given alone keeps the other one's earlier value, and
    /// device rules are not updated.
    /// </summary>
    internal static class UpdateCommand
    {
        public static int Execute(UpdateOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            ContainerStore.CheckId(options.Id, "update");
            string id = options.Id!;
            OciResources requested = options.Resources is { } file ? Read(file) : FromFlags(options);
            var warnings = new List<string>();
            CgroupResources change = requested.ToCgroupResources("update " + id + ": resources", warnings);
            warnings.ForEach(log.Warn);

            using FileStream lockFile = store.Lock(id, create: false);
            ContainerState state = store.Load(id);
            if (store.StatusOf(state) == ContainerStatus.Stopped)
            {
                throw new OciException("update " + id, Errno.ESRCH, "container not running");
            }

            if (ContainerCgroups.Of(state) is not { } cgroup)
            {
                throw new OciException("update " + id, Errno.ENOENT, "the container has no cgroup (created by an nsbox without cgroups)");
            }

            CgroupResources current = state.Resources ?? new CgroupResources();
            change = Completed(change, current);
            cgroup.Apply(change);
            state.Resources = Merged(current, change);
            store.Save(state);
            log.Debug("container " + id + " updated");
            return 0;
        });

        /// <summary>
        /// What is written besides what was given, as runc carries it over from the config it keeps:
        /// the period with a quota alone (cgroup v2's cpu.max holds both) and the other way round,
        /// and the memory limit with a swap limit alone (v2's memory.swap.max is swap minus memory).
        /// </summary>
        internal static CgroupResources Completed(CgroupResources change, CgroupResources current) => change with
        {
            CpuPeriod = change.CpuPeriod ?? (change.CpuQuota is not null ? current.CpuPeriod : null),
            CpuQuota = change.CpuQuota ?? (change.CpuPeriod is not null ? current.CpuQuota : null),
            MemoryLimit = change.MemoryLimit ?? (change.MemorySwap is not null ? current.MemoryLimit : null),
        };

        /// <summary>The limits in force after <paramref name="change"/>: each given one replaces the earlier, the others stay.</summary>
        internal static CgroupResources Merged(CgroupResources current, CgroupResources change) => new()
        {
            MemoryLimit = change.MemoryLimit ?? current.MemoryLimit,
            MemoryReservation = change.MemoryReservation ?? current.MemoryReservation,
            MemorySwap = change.MemorySwap ?? current.MemorySwap,
            MemorySwappiness = change.MemorySwappiness ?? current.MemorySwappiness,
            DisableOomKiller = change.DisableOomKiller ?? current.DisableOomKiller,
            PidsLimit = change.PidsLimit ?? current.PidsLimit,
            CpuShares = change.CpuShares ?? current.CpuShares,
            CpuQuota = change.CpuQuota ?? current.CpuQuota,
            CpuPeriod = change.CpuPeriod ?? current.CpuPeriod,
            CpusetCpus = change.CpusetCpus ?? current.CpusetCpus,
            CpusetMems = change.CpusetMems ?? current.CpusetMems,
            BlkioWeight = change.BlkioWeight ?? current.BlkioWeight,
            HugepageLimits = Merged(current.HugepageLimits, change.HugepageLimits),
            Unified = Merged(current.Unified, change.Unified),
        };

        private static Dictionary<string, T>? Merged<T>(IReadOnlyDictionary<string, T>? current, IReadOnlyDictionary<string, T>? change)
        {
            if (current is null && change is null)
            {
                return null;
            }

            var merged = new Dictionary<string, T>();
            foreach (IReadOnlyDictionary<string, T>? part in new[] { current, change })
            {
                foreach (KeyValuePair<string, T> entry in part ?? new Dictionary<string, T>())
                {
                    merged[entry.Key] = entry.Value;
                }
            }

            return merged;
        }

        /// <summary>--resources FILE, or - for stdin.</summary>
        private static OciResources Read(string file)
        {
            string text;
            if (file == "-")
            {
                // fd 0 as it is: System.Console would set up the terminal when stdin is one (keypad mode).
                using var reader = new StreamReader(new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0));
                text = reader.ReadToEnd();
            }
            else
            {
                text = File.ReadAllText(file);
            }

            return OciResources.Parse(text, "update: --resources " + file);
        }

        /// <summary>runc's flags as the linux.resources they stand for (an absent flag is a 0: unchanged).</summary>
        private static OciResources FromFlags(UpdateOptions o)
        {
            if (o.CpuShare is not null && o.CpuShares is not null && o.CpuShare != o.CpuShares)
            {
                throw new OciException("update: --cpu-share and --cpu-shares", Errno.EINVAL, "one value, under either name");
            }

            return new OciResources
            {
                Memory = new OciMemory
                {
                    Limit = Size(o.Memory, "--memory"),
                    Reservation = Size(o.MemoryReservation, "--memory-reservation"),
                    Swap = Size(o.MemorySwap, "--memory-swap"),
                    Kernel = o.KernelMemory is null ? null : Size(o.KernelMemory, "--kernel-memory"),
                    KernelTcp = o.KernelMemoryTcp is null ? null : Size(o.KernelMemoryTcp, "--kernel-memory-tcp"),
                },
                Cpu = new OciCpu
                {
                    Shares = Unsigned(o.CpuShare ?? o.CpuShares, o.CpuShare is null ? "--cpu-shares" : "--cpu-share"),
                    Quota = Signed(o.CpuQuota, "--cpu-quota"),
                    Period = Unsigned(o.CpuPeriod, "--cpu-period"),
                    RealtimeRuntime = Signed(o.CpuRtRuntime, "--cpu-rt-runtime"),
                    RealtimePeriod = Unsigned(o.CpuRtPeriod, "--cpu-rt-period"),
                    Cpus = o.CpusetCpus,
                    Mems = o.CpusetMems,
                },
                BlockIo = new OciBlockIo
                {
                    Weight = o.BlkioWeight is null or 0 ? null
                        : o.BlkioWeight is > 0 and <= ushort.MaxValue ? (ushort)o.BlkioWeight.Value
                        : throw new OciException("update: --blkio-weight " + o.BlkioWeight.Value.ToString(CultureInfo.InvariantCulture), Errno.EINVAL, "a relative weight, 10 to 1000"),
                },
                Pids = new OciPidsLimit { Limit = o.PidsLimit ?? 0 },
            };
        }

        private static long? Size(string? value, string flag) => value is null ? null : RamSize.Parse(value, "update: " + flag);

        private static ulong? Unsigned(string? value, string flag) =>
            value is null ? null
            : ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n) ? n
            : throw new OciException("update: " + flag + " '" + value + "'", Errno.EINVAL, "a whole number");

        private static long? Signed(string? value, string flag) =>
            value is null ? null
            : long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) ? n
            : throw new OciException("update: " + flag + " '" + value + "'", Errno.EINVAL, "a whole number (-1: no limit)");
    }
}
