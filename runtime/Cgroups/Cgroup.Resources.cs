using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Interop.Linux;

namespace Interop.Runtime.Cgroups
{
    public sealed partial class Cgroup
    {
        /// <summary>
        /// Writes every value <paramref name="resources"/> sets to the hierarchy holding its
        /// controller: the v1 file, or on cgroup v2 the converted value (docs/cgroups.md has the
        /// table), with the controller enabled in cgroup.subtree_control on the way down. The whole
        /// set is checked first (<see cref="CgroupMapping.Writes"/>): a controller the host lacks or
        /// a value it cannot carry out is refused before anything is written.
        /// </summary>
        /// <exception cref="SandboxUsageException">A refusal: a missing controller, a value out of range, a v1-only setting on v2, a unified key on a v1-only controller.</exception>
        /// <exception cref="ErrnoException">A write failed (EBUSY: memory in use above the new limit; EACCES: not root and not delegated).</exception>
        public void Apply(CgroupResources resources)
        {
            ArgumentNullException.ThrowIfNull(resources);
            var layout = new Layout(this);
            List<CgroupWrite> writes = CgroupMapping.Writes(resources, layout);
            CgroupWrite? retry = null;
            foreach (CgroupWrite write in writes)
            {
                string directory = layout.DirectoryOf(write.Controller, write.Version)
                    ?? throw new SandboxUsageException(write.File, Errno.EOPNOTSUPP, null, "this cgroup has no directory in the " + (write.Version == 2 ? "unified" : write.Controller) + " hierarchy");
                try
                {
                    CgroupFiles.Write(directory, write.File, write.Value);
                }
                catch (ErrnoException e) when (e.Errno == Errno.EINVAL && write.RetryAfterNext)
                {
                    retry = write;
                    continue;
                }

                if (retry is { } again && again.File != write.File)
                {
                    CgroupFiles.Write(layout.DirectoryOf(again.Controller, again.Version)!, again.File, again.Value);
                    retry = null;
                }
            }

            if (retry is { } last)
            {
                CgroupFiles.Write(layout.DirectoryOf(last.Controller, last.Version)!, last.File, last.Value);
            }
        }

        /// <summary>
        /// What the cgroup has used so far, from whichever hierarchy holds each controller: memory
        /// (usage, peak, limit, OOM kills), pids (current, limit), cpu (time used, throttled periods).
        /// A controller that is not there, or a file that cannot be read, leaves its members null.
        /// </summary>
        public CgroupStats ReadStats()
        {
            var layout = new Layout(this);
            ulong? usage = null, peak = null, limit = null, ooms = null, pids = null, pidsMax = null, cpu = null, throttled = null;
            if (layout.DirectoryOf("memory", 1) is { } memory1)
            {
                usage = Number(memory1, "memory.usage_in_bytes");
                peak = Number(memory1, "memory.max_usage_in_bytes");
                limit = Number(memory1, "memory.limit_in_bytes") is { } l && l < CgroupMapping.V1Unlimited ? l : null;
                ooms = Key(memory1, "memory.oom_control", "oom_kill");
            }
            else if (layout.V2Has("memory") && layout.DirectoryOf("memory", 2) is { } memory2)
            {
                usage = Number(memory2, "memory.current");
                peak = Number(memory2, "memory.peak");
                limit = Number(memory2, "memory.max");
                ooms = Key(memory2, "memory.events", "oom_kill");
            }

            string? pidsDirectory = layout.DirectoryOf("pids", 1) ?? (layout.V2Has("pids") ? layout.DirectoryOf("pids", 2) : null);
            if (pidsDirectory is not null)
            {
                pids = Number(pidsDirectory, "pids.current");
                pidsMax = Number(pidsDirectory, "pids.max");
            }

            if (layout.DirectoryOf("cpuacct", 1) is { } cpuacct)
            {
                cpu = Number(cpuacct, "cpuacct.usage");
            }

            if (layout.DirectoryOf("cpu", 1) is { } cpu1)
            {
                throttled = Key(cpu1, "cpu.stat", "nr_throttled");
            }

            if (layout.DirectoryOf("cpu", 2) is { } unified && layout.DirectoryOf("cpuacct", 1) is null)
            {
                // cpu.stat's usage_usec is there in every v2 cgroup, the cpu controller enabled or not.
                cpu = Key(unified, "cpu.stat", "usage_usec") is { } usec ? usec * 1000 : null;
                throttled ??= layout.V2Has("cpu") ? Key(unified, "cpu.stat", "nr_throttled") : null;
            }

            return new CgroupStats
            {
                MemoryUsage = usage,
                MemoryMaxUsage = peak,
                MemoryLimit = limit,
                OomKills = ooms,
                PidsCurrent = pids,
                PidsLimit = pidsMax,
                CpuUsageNanoseconds = cpu,
                CpuThrottledPeriods = throttled,
            };
        }

        /// <summary>A file holding one number; "max" and unreadable files are null.</summary>
        private static ulong? Number(string directory, string file)
        {
            try
            {
                return ulong.TryParse(CgroupFiles.Read(directory, file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : null;
            }
            catch (ErrnoException)
            {
                return null;
            }
        }

        /// <summary>The number after <paramref name="key"/> in a "key value" file (memory.oom_control, memory.events, cpu.stat).</summary>
        private static ulong? Key(string directory, string file, string key)
        {
            try
            {
                foreach (string line in CgroupFiles.Read(directory, file).Split('\n'))
                {
                    string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length == 2 && words[0] == key && ulong.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
                    {
                        return value;
                    }
                }
            }
            catch (ErrnoException)
            {
            }

            return null;
        }

        /// <summary>The host as <see cref="CgroupMapping"/> asks about it, through this cgroup's directories.</summary>
        private sealed class Layout(Cgroup cgroup) : CgroupMapping.ICgroupLayout
        {
            private HashSet<string>? _v2Controllers;

            public bool HasUnified => cgroup.Find(h => h.Version == 2) is not null;

            public int VersionOf(string controller) =>
                cgroup.Find(h => h.Version == 1 && h.Has(controller)) is not null ? 1 : V2Has(controller) ? 2 : 0;

            public bool HasFile(string controller, int version, string file) =>
                DirectoryOf(controller, version) is { } directory && CgroupFiles.Exists(directory + "/" + file);

            public ulong CurrentMemoryLimit() =>
                DirectoryOf("memory", 1) is { } directory && Number(directory, "memory.limit_in_bytes") is { } limit ? limit : CgroupMapping.V1Unlimited;

            /// <summary>
            /// The directory whose files carry <paramref name="controller"/>: its v1 hierarchy's, or the
            /// unified one's, with the controller enabled on the way down (its files appear only then).
            /// </summary>
            public string? DirectoryOf(string controller, int version)
            {
                if (version == 1)
                {
                    return cgroup.Find(h => h.Version == 1 && h.Has(controller))?.Path;
                }

                if (cgroup.Find(h => h.Version == 2) is not { } unified)
                {
                    return null;
                }

                if (controller.Length > 0 && V2Has(controller) && !EnableController(unified, controller))
                {
                    return null;
                }

                return unified.Path;
            }

            /// <summary>Whether the unified hierarchy's root offers <paramref name="controller"/> (cgroup.controllers).</summary>
            public bool V2Has(string controller)
            {
                if (_v2Controllers is null)
                {
                    _v2Controllers = [];
                    if (cgroup.Find(h => h.Version == 2) is { } unified)
                    {
                        try
                        {
                            _v2Controllers.UnionWith(CgroupFiles.Read(unified.Hierarchy.MountPoint.TrimEnd('/'), "cgroup.controllers")
                                .Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
                        }
                        catch (ErrnoException)
                        {
                        }
                    }
                }

                return _v2Controllers.Contains(controller);
            }
        }
    }
}
