using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>
    /// linux.resources, update and events --stats, nsbox beside runc on the same bundle: the files
    /// under /sys/fs/cgroup each writes for the same config and the same update flags, and the
    /// stats events' shape and values. The containers wait for start (created): their process is
    /// placed and limited, nothing runs.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class ResourceTests
    {
        private const string Limits = """
            { "memory": { "limit": 67108864, "reservation": 33554432, "swap": 134217728 },
              "cpu": { "shares": 512, "quota": 25000, "period": 100000, "cpus": "0", "mems": "0" },
              "pids": { "limit": 30 } }
            """;

        /// <summary>The v1 files the limits above (and the updates below) are written to, by hierarchy.</summary>
        private static readonly (string Hierarchy, string File)[] s_files =
        [
            ("memory", "memory.limit_in_bytes"), ("memory", "memory.soft_limit_in_bytes"), ("memory", "memory.memsw.limit_in_bytes"),
            ("cpu", "cpu.shares"), ("cpu", "cpu.cfs_quota_us"), ("cpu", "cpu.cfs_period_us"),
            ("cpuset", "cpuset.cpus"), ("cpuset", "cpuset.mems"), ("pids", "pids.max"),
        ];

        private static void Require()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            Requirements.Program("/usr/sbin/runc");
            Skip.IfNot(Directory.Exists("/sys/fs/cgroup/memory") && File.Exists("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes") && Directory.Exists("/sys/fs/cgroup/cpuset"),
                "these compare v1 files with swap accounting (the CI host's); cgroup v2 is covered by the runtime's tests");
        }

        private static OciRuntime RuntimeOf(bool runc) => runc ? OciRuntime.Runc() : OciRuntime.Nsbox();

        /// <summary>Creates a container of <paramref name="resources"/> that waits for start; its id.</summary>
        private static string Create(OciRuntime runtime, BusyboxBundle bundle, string prefix, string resources)
        {
            CgroupProbe.EditConfig(bundle, c => c["linux"]!["resources"] = JsonNode.Parse(resources));
            string id = CgroupProbe.Id(prefix);
            RunResult create = runtime.Detached(bundle.Directory, "create", id);
            Assert.True(create.ExitCode == 0, create.ToString());
            return id;
        }

        private static Dictionary<string, string> Files(string id) => s_files.ToDictionary(
            f => f.File,
            f => File.ReadAllText(Path.Combine(CgroupProbe.Directories(id).Single(d => d.StartsWith("/sys/fs/cgroup/" + f.Hierarchy + "/", StringComparison.Ordinal)), f.File)).Trim());

        private static void Delete(OciRuntime runtime, string id)
        {
            Assert.Equal(0, runtime.Verb("delete", "--force", id).ExitCode);
            Assert.Empty(CgroupProbe.Directories(id));
        }

        private static string Describe(Dictionary<string, string> files) => string.Join(", ", files.Select(f => f.Key + "=" + f.Value));

        [SkippableFact]
        public void CreateWritesEveryLimitAsRuncDoes()
        {
            Require();
            var seen = new List<Dictionary<string, string>>();
            foreach (bool runc in new[] { true, false })
            {
                using var bundle = new BusyboxBundle("true");
                using OciRuntime runtime = RuntimeOf(runc);
                string id = Create(runtime, bundle, runc ? "res-runc" : "res-nsbox", Limits);
                seen.Add(Files(id));
                Delete(runtime, id);
            }

            Assert.Equal(Describe(seen[0]), Describe(seen[1]));
            Assert.Equal("67108864", seen[1]["memory.limit_in_bytes"]);
            Assert.Equal("25000", seen[1]["cpu.cfs_quota_us"]);
            Assert.Equal("30", seen[1]["pids.max"]);
        }

        /// <summary>Each update's flags, then the files: the same after each step under both runtimes (a quota alone keeps the period, as runc keeps it).</summary>
        [SkippableFact]
        public void UpdateChangesTheLimitFilesAsRuncDoes()
        {
            Require();
            string[][] updates =
            [
                ["--memory", "48m", "--memory-swap", "96m", "--memory-reservation", "16m", "--pids-limit", "20", "--cpu-share", "256"],
                ["--cpu-period", "200000", "--cpu-quota", "50000", "--cpuset-cpus", "0", "--cpuset-mems", "0"],
                ["--cpu-quota", "30000"],
                ["--pids-limit", "-1", "--memory-swap", "-1", "--memory", "-1"],
            ];
            var seen = new List<string>();
            foreach (bool runc in new[] { true, false })
            {
                using var bundle = new BusyboxBundle("true");
                using OciRuntime runtime = RuntimeOf(runc);
                string id = Create(runtime, bundle, runc ? "upd-runc" : "upd-nsbox", Limits);
                var steps = new List<string>();
                foreach (string[] flags in updates)
                {
                    RunResult update = runtime.Verb(["update", .. flags, id]);
                    Assert.True(update.ExitCode == 0, string.Join(" ", flags) + ": " + update);
                    steps.Add(string.Join(" ", flags) + ": " + Describe(Files(id)));
                }

                seen.Add(string.Join("\n", steps));
                Delete(runtime, id);
            }

            Assert.Equal(seen[0], seen[1]);
            Assert.Contains("cpu.cfs_quota_us=30000, cpu.cfs_period_us=200000", seen[1]);
            Assert.Contains("pids.max=max", seen[1]);
        }

        /// <summary>--resources FILE (runc's format: zeros are "unchanged"), and state.json keeps the limits in force.</summary>
        [SkippableFact]
        public void UpdateReadsAResourcesFileAsRuncDoesAndStateJsonKeepsTheLimits()
        {
            Require();
            var seen = new List<string>();
            foreach (bool runc in new[] { true, false })
            {
                using var bundle = new BusyboxBundle("true");
                using OciRuntime runtime = RuntimeOf(runc);
                string id = Create(runtime, bundle, runc ? "updr-runc" : "updr-nsbox", Limits);
                string file = Path.Combine(bundle.Directory, "update.json");
                File.WriteAllText(file, """
                    { "memory": { "limit": 41943040, "reservation": 0, "swap": 83886080 },
                      "cpu": { "shares": 0, "quota": 40000, "period": 0, "cpus": "", "mems": "" }, "pids": { "limit": 25 } }
                    """);
                // The flags are ignored beside --resources, as runc ignores them.
                RunResult update = runtime.Verb("update", "--resources", file, "--pids-limit", "99", id);
                Assert.True(update.ExitCode == 0, update.ToString());
                seen.Add(Describe(Files(id)));
                if (!runc)
                {
                    JsonElement resources = JsonDocument.Parse(File.ReadAllText(Path.Combine(runtime.Root, id, "state.json"))).RootElement.GetProperty("resources");
                    Assert.Equal(41943040, resources.GetProperty("memoryLimit").GetInt64());
                    Assert.Equal(33554432, resources.GetProperty("memoryReservation").GetInt64());
                    Assert.Equal(40000, resources.GetProperty("cpuQuota").GetInt64());
                    Assert.Equal(100000, resources.GetProperty("cpuPeriod").GetInt64());
                    Assert.Equal(25, resources.GetProperty("pidsLimit").GetInt64());
                }

                Delete(runtime, id);
            }

            Assert.Equal(seen[0], seen[1]);
            Assert.Contains("memory.limit_in_bytes=41943040", seen[1]);
            Assert.Contains("pids.max=25", seen[1]);
        }

        /// <summary>--resources - reads standard input (a pipe here; never through System.Console, which would set up a terminal).</summary>
        [SkippableFact]
        public void UpdateReadsTheResourcesFromStandardInputAsRuncDoes()
        {
            Require();
            var seen = new List<string>();
            foreach (bool runc in new[] { true, false })
            {
                using var bundle = new BusyboxBundle("true");
                using OciRuntime runtime = RuntimeOf(runc);
                string id = Create(runtime, bundle, runc ? "upds-runc" : "upds-nsbox", Limits);
                string file = Path.Combine(bundle.Directory, "update.json");
                File.WriteAllText(file, """{ "memory": { "limit": 41943040, "swap": 83886080 }, "pids": { "limit": 21 } }""");
                RunResult update = Run.Program("/bin/sh", "-c", "cat \"$3\" | exec \"$0\" --root \"$1\" update --resources - \"$2\"", runtime.Program, runtime.Root, id, file);
                Assert.True(update.ExitCode == 0, update.ToString());
                seen.Add(Describe(Files(id)));
                Delete(runtime, id);
            }

            Assert.Equal(seen[0], seen[1]);
            Assert.Contains("pids.max=21", seen[1]);
        }

        [SkippableFact]
        public void UpdateRefusesWhatNsboxDoesNotSetWithOneLineAndChangesNothing()
        {
            Require();
            using var bundle = new BusyboxBundle("true");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            string id = Create(nsbox, bundle, "updx", Limits);
            Dictionary<string, string> before = Files(id);

            RunResult realtime = nsbox.Verb("update", "--cpu-rt-runtime", "1000", "--memory", "32m", id);
            RunResult size = nsbox.Verb("update", "--memory", "lots", id);

            Assert.Equal(1, realtime.ExitCode);
            Assert.Equal("nsbox: update " + id + ": resources.cpu.realtimeRuntime: Operation not supported (EOPNOTSUPP): realtime cpu time (cpu.rt_runtime_us, cpu.rt_period_us) is not set by nsbox\n", realtime.Stderr);
            Assert.Equal(1, size.ExitCode);
            Assert.Equal("nsbox: update: --memory 'lots': Invalid argument (EINVAL): a size in bytes, or with a unit: 32m, 1g, 512k (-1: no limit)\n", size.Stderr);
            Assert.Equal(Describe(before), Describe(Files(id)));
            Delete(nsbox, id);
        }

        /// <summary>Of a stopped container: "container not running", status 1, under both.</summary>
        [SkippableFact]
        public void UpdateAndEventsOfAStoppedContainerFailAsRuncs()
        {
            Require();
            foreach (bool runc in new[] { true, false })
            {
                using var bundle = new BusyboxBundle("true");
                using OciRuntime runtime = RuntimeOf(runc);
                string id = Create(runtime, bundle, runc ? "stop-runc" : "stop-nsbox", """{ "pids": { "limit": 30 } }""");
                int pid = ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("pid").GetInt32();
                Assert.Equal(0, runtime.Verb("start", id).ExitCode);
                Assert.True(ContainerProbe.WaitForExit(pid, TimeSpan.FromSeconds(30)));

                RunResult update = runtime.Verb("update", "--pids-limit", "10", id);
                RunResult events = runtime.Verb("events", "--stats", id);

                Assert.True(update.ExitCode == 1, update.ToString());
                Assert.True(events.ExitCode == 1, events.ToString());
                Assert.Contains("not running", update.Stderr + events.Stderr);
                Delete(runtime, id);
            }
        }

        /// <summary>
        /// events --stats of a started container (its shell waits on a FIFO, having run in the
        /// cgroup: usage is charged where a process runs, not where it was): one line,
        /// {"type":"stats","id":...,"data":{...}}, the memory limit and pids as set, one process,
        /// some memory and cpu time used, under both. Every member nsbox prints is one runc prints
        /// too, at the same place.
        /// </summary>
        [SkippableFact]
        public void EventsStatsHasRuncsShapeAndValues()
        {
            Require();
            var seen = new List<JsonElement>();
            foreach (bool runc in new[] { true, false })
            {
                using var bundle = new BusyboxBundle("echo ready > /out/ready; read x < /out/go");
                string ready = bundle.MakeFifo("ready");
                string go = bundle.MakeFifo("go");
                using OciRuntime runtime = RuntimeOf(runc);
                string id = Create(runtime, bundle, runc ? "ev-runc" : "ev-nsbox", Limits);
                Assert.Equal(0, runtime.Verb("start", id).ExitCode);
                Assert.Equal("ready", ContainerProbe.Read(ready, TimeSpan.FromSeconds(30)));

                RunResult events = runtime.Verb("events", "--stats", id);
                ContainerProbe.Write(go, "go", TimeSpan.FromSeconds(30));

                Assert.True(events.ExitCode == 0, events.ToString());
                Assert.Single(events.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                JsonElement e = JsonDocument.Parse(events.Stdout).RootElement;
                Assert.Equal("stats", e.GetProperty("type").GetString());
                Assert.Equal(id, e.GetProperty("id").GetString());
                JsonElement data = e.GetProperty("data");
                string who = runc ? "runc: " : "nsbox: ";
                Assert.True(data.GetProperty("memory").GetProperty("usage").GetProperty("limit").GetUInt64() == 67108864UL, who + data);
                Assert.True(data.GetProperty("memory").GetProperty("usage").GetProperty("usage").GetUInt64() > 0, who + data);
                Assert.True(data.GetProperty("pids").GetProperty("limit").GetUInt64() == 30UL, who + data);
                Assert.True(data.GetProperty("pids").GetProperty("current").GetUInt64() == 1UL, who + data);
                Assert.True(data.GetProperty("cpu").GetProperty("usage").GetProperty("total").GetUInt64() > 0, who + data);
                seen.Add(data.Clone());
                Delete(runtime, id);
            }

            Assert.All(Paths(seen[1]), path => Assert.Contains(path, Paths(seen[0])));
        }

        /// <summary>Without --stats: a stats event every --interval until the container stops.</summary>
        [SkippableFact]
        public void EventsWithoutStatsPrintsEveryIntervalUntilTheContainerStops()
        {
            Require();
            using var bundle = new BusyboxBundle("sleep 2");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            string id = Create(nsbox, bundle, "evi", """{ "pids": { "limit": 30 } }""");
            Assert.Equal(0, nsbox.Verb("start", id).ExitCode);

            RunResult events = nsbox.Verb("events", "--interval", "200ms", id);

            Assert.True(events.ExitCode == 0, events.ToString());
            string[] lines = events.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.InRange(lines.Length, 2, 15);
            Assert.All(lines, l => Assert.Equal("stats", JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()));
            Delete(nsbox, id);
        }

        /// <summary>
        /// An OOM kill under the memory limit (tail /dev/zero as PID 1, 16 MiB, swap the same) is an
        /// oom event, told before events exits with the container. runc's events goes on until the
        /// cgroup is removed, so it is not run here.
        /// </summary>
        [SkippableFact]
        public void EventsTellsAnOomKillAndEndsWithTheContainer()
        {
            Require();
            using var bundle = new BusyboxBundle("echo ready > /out/ready; read x < /out/go; exec tail /dev/zero");
            string ready = bundle.MakeFifo("ready");
            string go = bundle.MakeFifo("go");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            string id = Create(nsbox, bundle, "evoom", """{ "memory": { "limit": 16777216, "swap": 16777216 } }""");
            Assert.Equal(0, nsbox.Verb("start", id).ExitCode);
            Assert.Equal("ready", ContainerProbe.Read(ready, TimeSpan.FromSeconds(30)));

            System.Threading.Tasks.Task<RunResult> events = System.Threading.Tasks.Task.Run(() => nsbox.Verb("events", "--interval", "100ms", id));
            System.Threading.Thread.Sleep(300);
            ContainerProbe.Write(go, "go", TimeSpan.FromSeconds(30));
            RunResult result = events.Result;

            Assert.True(result.ExitCode == 0, result.ToString());
            string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("{\"type\":\"oom\",\"id\":\"" + id + "\"}", lines[^1]);
            Assert.All(lines[..^1], l => Assert.StartsWith("{\"type\":\"stats\"", l));
            Delete(nsbox, id);
        }

        private static HashSet<string> Paths(JsonElement element, string prefix = "")
        {
            var paths = new HashSet<string>();
            if (element.ValueKind != JsonValueKind.Object)
            {
                return paths;
            }

            foreach (JsonProperty p in element.EnumerateObject())
            {
                paths.Add(prefix + p.Name);
                paths.UnionWith(Paths(p.Value, prefix + p.Name + "."));
            }

            return paths;
        }
    }
}
