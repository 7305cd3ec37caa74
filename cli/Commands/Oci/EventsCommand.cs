using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using Interop.Linux;
using Interop.Runtime.Cgroups;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;
using Nsbox.Output;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// <c>nsbox events [--stats] [--interval D] ID</c>, as runc 1.1's: one JSON object a line,
    /// <c>{"type":"stats","id":ID,"data":{...}}</c> with runc's names for what the cgroup has used
    /// (<see cref="Cgroup.ReadStats"/>: cpu, memory, pids), once with --stats, else every interval
    /// with <c>{"type":"oom","id":ID}</c> when the OOM killer struck (its memory cgroup's oom_kill
    /// count rose), until the container stops (runc goes on until its cgroup is removed).
    /// </summary>
    internal static partial class EventsCommand
    {
        /// <summary>What runc prints as the memory limit where there is none: v1's memory.limit_in_bytes then (the largest page-aligned long, with 4 KiB pages), or v2's "max" read as a uint64.</summary>
        private const ulong NoLimitV1 = 9223372036854771712, NoLimitV2 = ulong.MaxValue;

        public static int Execute(EventsOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            ContainerStore.CheckId(options.Id, "events");
            string id = options.Id!;
            TimeSpan interval = options.Interval is { } text ? Duration(text) : TimeSpan.FromSeconds(5);
            if (interval <= TimeSpan.Zero)
            {
                throw new OciException("events: --interval '" + options.Interval + "'", Errno.EINVAL, "duration interval must be greater than 0");
            }

            ContainerState state = store.Load(id);
            if (store.StatusOf(state) == ContainerStatus.Stopped || ContainerCgroups.Of(state) is not { } cgroup)
            {
                throw new OciException("events " + id, Errno.ESRCH, "container not running");
            }

            CgroupStats stats = cgroup.ReadStats();
            if (options.Stats)
            {
                StandardStream.Out.Write(StatsEvent(id, stats, NoLimitOf(cgroup)) + "\n");
                return 0;
            }

            ulong oomKills = stats.OomKills ?? 0;
            while (true)
            {
                Thread.Sleep(interval);

                // Looked at before the reading, so a kill that stopped the container is still told.
                bool stopped = !store.Exists(id) || store.StatusOf(store.Load(id)) == ContainerStatus.Stopped;
                try
                {
                    stats = cgroup.ReadStats();
                }
                catch (Exception e) when (e is ErrnoException or IOException)
                {
                    // runc logs a failed reading and goes on.
                    log.Error(e.Message);
                    stats = new CgroupStats();
                }

                if (stats.OomKills is { } kills && kills > oomKills)
                {
                    oomKills = kills;
                    StandardStream.Out.Write(Event("oom", id, null) + "\n");
                }

                if (stopped)
                {
                    return 0;
                }

                StandardStream.Out.Write(StatsEvent(id, stats, NoLimitOf(cgroup)) + "\n");
            }
        });

        /// <summary>
        /// runc's stats event for <paramref name="stats"/>: <c>cpu.usage.total</c> (ns),
        /// <c>cpu.throttling.throttledPeriods</c>, <c>memory.usage.{limit,usage,max}</c> (bytes),
        /// <c>pids.{current,limit}</c>; a zero is left out where runc's omitempty leaves it out,
        /// and what nsbox does not read (runc's kernel and user time, failcnt, blkio, ...) is not
        /// printed.
        /// </summary>
        internal static string StatsEvent(string id, CgroupStats stats, ulong noLimit) => Event("stats", id, stats, noLimit);

        private static ulong NoLimitOf(Cgroup cgroup) => cgroup.Host.V1("memory") is not null ? NoLimitV1 : NoLimitV2;

        /// <summary>One event line: its type, the id, and the stats as data (none for an oom event).</summary>
        private static string Event(string type, string id, CgroupStats? data, ulong noLimit = NoLimitV2)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("type", type);
                json.WriteString("id", id);
                if (data is { } stats)
                {
                    Data(json, stats, noLimit);
                }

                json.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static void Data(Utf8JsonWriter json, CgroupStats stats, ulong noLimit)
        {
            json.WriteStartObject("data");

            json.WriteStartObject("cpu");
            json.WriteStartObject("usage");
            NonZero(json, "total", stats.CpuUsageNanoseconds);
            json.WriteEndObject();
            json.WriteStartObject("throttling");
            NonZero(json, "throttledPeriods", stats.CpuThrottledPeriods);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("memory");
            json.WriteStartObject("usage");
            if (stats.MemoryUsage is not null || stats.MemoryLimit is not null)
            {
                json.WriteNumber("limit", stats.MemoryLimit ?? noLimit);
            }

            NonZero(json, "usage", stats.MemoryUsage);
            NonZero(json, "max", stats.MemoryMaxUsage);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("pids");
            NonZero(json, "current", stats.PidsCurrent);
            NonZero(json, "limit", stats.PidsLimit);
            json.WriteEndObject();

            json.WriteEndObject();
        }

        private static void NonZero(Utf8JsonWriter json, string name, ulong? value)
        {
            if (value is { } v and not 0)
            {
                json.WriteNumber(name, v);
            }
        }

        [GeneratedRegex(@"^(?:(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$")]
        private static partial Regex DurationPattern();

        [GeneratedRegex(@"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")]
        private static partial Regex DurationPart();

        /// <summary>A duration as Go's time.ParseDuration reads it (runc's --interval): 5s, 1m30s, 500ms, 1.5h.</summary>
        internal static TimeSpan Duration(string text)
        {
            if (!DurationPattern().IsMatch(text))
            {
                throw new OciException("events: --interval '" + text + "'", Errno.EINVAL, "a duration: 5s, 500ms, 1m30s");
            }

            double ticks = 0;
            foreach (Match part in DurationPart().Matches(text))
            {
                double n = double.Parse(part.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                ticks += n * part.Groups[2].Value switch
                {
                    "ns" => 0.01,
                    "us" or "µs" or "μs" => 10,
                    "ms" => TimeSpan.TicksPerMillisecond,
                    "s" => TimeSpan.TicksPerSecond,
                    "m" => TimeSpan.TicksPerMinute,
                    _ => TimeSpan.TicksPerHour,
                };
            }

            return TimeSpan.FromTicks((long)ticks);
        }
    }
}
