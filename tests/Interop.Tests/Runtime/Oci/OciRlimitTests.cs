using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>process.rlimits and process.oomScoreAdj: config.json to the plan without root, then beside runc.</summary>
    [Collection(SpawningCollection.Name)]
    public sealed class OciRlimitTests
    {
        private const string Base = """
            { "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" },
              "linux": { "namespaces": [ { "type": "mount" } ] } }
            """;

        private static SandboxPlan Plan(string json) => OciBundle.FromJson("/srv/bundle", json).ToPlan();

        [Fact]
        public void EveryNameTheSpecAllowsIsItsNumber()
        {
            string[] names =
            [
                "RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_LOCKS", "RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE",
                "RLIMIT_NICE", "RLIMIT_NOFILE", "RLIMIT_NPROC", "RLIMIT_RSS", "RLIMIT_RTPRIO", "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK",
            ];
            int[] numbers =
            [
                Native.RLIMIT_AS, Native.RLIMIT_CORE, Native.RLIMIT_CPU, Native.RLIMIT_DATA, Native.RLIMIT_FSIZE, Native.RLIMIT_LOCKS, Native.RLIMIT_MEMLOCK, Native.RLIMIT_MSGQUEUE,
                Native.RLIMIT_NICE, Native.RLIMIT_NOFILE, Native.RLIMIT_NPROC, Native.RLIMIT_RSS, Native.RLIMIT_RTPRIO, Native.RLIMIT_RTTIME, Native.RLIMIT_SIGPENDING, Native.RLIMIT_STACK,
            ];
            string rlimits = "[" + string.Join(",", names.Select((n, i) => $$"""{ "type": "{{n}}", "soft": {{i}}, "hard": {{i + 100}} }""")) + "]";

            SandboxPlan plan = Plan(JsonEdits.With(Base, "process.rlimits", rlimits));

            Assert.Equal(numbers.Select((n, i) => new ResourceLimit(n, (ulong)i, (ulong)i + 100)), plan.ResourceLimits);
            Assert.Equal(names, plan.ResourceLimits.Select(l => ResourceLimit.Name(l.Resource)));
        }

        [Theory]
        [InlineData("process.rlimits", """[ { "type": "RLIMIT_FOO", "soft": 1, "hard": 1 } ]""", "config.json: process.rlimits[0].type 'RLIMIT_FOO': Invalid argument (EINVAL): one of the spec's RLIMIT_CPU, RLIMIT_FSIZE, ... RLIMIT_RTTIME")]
        [InlineData("process.rlimits", """[ { "type": "rlimit_nofile", "soft": 1, "hard": 1 } ]""", "config.json: process.rlimits[0].type 'rlimit_nofile': Invalid argument (EINVAL): one of the spec's RLIMIT_CPU, RLIMIT_FSIZE, ... RLIMIT_RTTIME")]
        [InlineData("process.oomScoreAdj", "1001", "config.json: process.oomScoreAdj 1001: Invalid argument (EINVAL): -1000 (never killed) to 1000 (killed first)")]
        public void WhatTheSpecDoesNotAllowIsRefusedByField(string field, string value, string message)
        {
            Assert.Equal(message, Assert.Throws<SandboxUsageException>(() => Plan(JsonEdits.With(Base, field, value))).Message);
        }

        [Fact]
        public void TheOomScoreAdjustmentIsThePlans()
        {
            Assert.Equal(-500, Plan(JsonEdits.With(Base, "process.oomScoreAdj", "-500")).OomScoreAdjustment);
            Assert.Null(Plan(Base).OomScoreAdjustment);
        }

        [SkippableFact]
        public void LimitsInsideAreRuncs()
        {
            RuncComparison.Require();
            RuncComparison.AssertSame(RuncComparison.Run("cat /proc/self/limits; ulimit -n; ulimit -Hn", json => JsonEdits.With(json, "process.rlimits", """
                [ { "type": "RLIMIT_NOFILE", "soft": 100, "hard": 200 }, { "type": "RLIMIT_CORE", "soft": 0, "hard": 0 },
                  { "type": "RLIMIT_STACK", "soft": 1048576, "hard": 18446744073709551615 }, { "type": "RLIMIT_NPROC", "soft": 500, "hard": 1000 } ]
                """)));
        }

        [SkippableFact]
        public void LimitsOfACreatedContainerAreRuncsTheAddressSpaceIncluded()
        {
            // create leaves nsbox's waiter (NativeAOT: it reserves its heap and its threads' stacks,
            // RLIMIT_STACK each, when it starts): the limits are set on it from nsbox once it waits,
            // so runtime-tools' process_rlimits set (1 GiB of address space, 9 GiB stacks) holds.
            RuncComparison.Require();
            var seen = new System.Collections.Generic.List<string>();
            foreach (bool useRunc in new[] { true, false })
            {
                using var bundle = new Cli.Oci.BusyboxBundle("cat /proc/self/limits > /out/limits");
                string config = System.IO.Path.Combine(bundle.Directory, "config.json");
                System.IO.File.WriteAllText(config, JsonEdits.With(System.IO.File.ReadAllText(config), "process.rlimits", """
                    [ { "type": "RLIMIT_AS", "soft": 1073741824, "hard": 2147483648 }, { "type": "RLIMIT_STACK", "soft": 9663676416, "hard": 10737418240 },
                      { "type": "RLIMIT_DATA", "soft": 5368709120, "hard": 6442450944 }, { "type": "RLIMIT_NOFILE", "soft": 3000, "hard": 4000 },
                      { "type": "RLIMIT_CPU", "soft": 60, "hard": 120 } ]
                    """));
                using Cli.Oci.OciRuntime runtime = useRunc ? Cli.Oci.OciRuntime.Runc() : Cli.Oci.OciRuntime.Nsbox();
                string id = useRunc ? "as-runc" : "as-nsbox";
                RunResult created = runtime.Detached(bundle.Directory, "create", id);
                Assert.True(created.ExitCode == 0, created.ToString());
                int pid = Cli.Oci.ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("pid").GetInt32();
                Assert.Equal(0, runtime.Verb("start", id).ExitCode);
                Assert.True(Cli.Oci.ContainerProbe.WaitForExit(pid, System.TimeSpan.FromSeconds(30)));
                seen.Add(System.IO.File.ReadAllText(System.IO.Path.Combine(bundle.Out, "limits")));
                Assert.Equal(0, runtime.Verb("delete", id).ExitCode);
            }

            Assert.Contains(seen[1].Split('\n'), line => line.StartsWith("Max address space", System.StringComparison.Ordinal) && line.Contains("1073741824") && line.Contains("2147483648"));
            Assert.Equal(seen[0], seen[1]);
        }

        [SkippableFact]
        public void RaisingAHardLimitWithoutCapSysResourceFailsAsUnderRunc()
        {
            // Above fs.nr_open no one may raise RLIMIT_NOFILE (EPERM), CAP_SYS_RESOURCE or not: the test holds on any host.
            RuncComparison.Require();
            (RunResult runc, RunResult nsbox) = RuncComparison.Run("echo ran", json => JsonEdits.With(json, "process.rlimits",
                """[ { "type": "RLIMIT_NOFILE", "soft": 1073741824, "hard": 1073741824 } ]"""));

            Assert.Contains("error setting rlimit type 7: operation not permitted", runc.Stderr);
            Assert.Equal(runc.ExitCode, nsbox.ExitCode);
            Assert.Equal("", nsbox.Stdout);
            Assert.Equal("nsbox: setrlimit RLIMIT_NOFILE 1073741824:1073741824: Operation not permitted (EPERM)\n", nsbox.Stderr);
        }

        [SkippableFact]
        public void TheOomScoreAdjustmentInsideIsRuncs()
        {
            RuncComparison.Require();
            RuncComparison.AssertSame(RuncComparison.Run("cat /proc/self/oom_score_adj", json => JsonEdits.With(json, "process.oomScoreAdj", "300")));
        }

        [SkippableFact]
        public void LoweringTheOomScoreAdjustmentNeedsCapSysResourceUnderBoth()
        {
            // Root here lacks CAP_SYS_RESOURCE (both fail, EACCES); where it has it, both run.
            RuncComparison.Require();
            (RunResult runc, RunResult nsbox) = RuncComparison.Run("cat /proc/self/oom_score_adj", json => JsonEdits.With(json, "process.oomScoreAdj", "-999"));

            Assert.Equal(runc.ExitCode, nsbox.ExitCode);
            Assert.Equal(runc.Stdout, nsbox.Stdout);
            if (runc.ExitCode != 0)
            {
                Assert.Contains("failed to update /proc/self/oom_score_adj: Permission denied", runc.Stderr);
                Assert.Equal("nsbox: write /proc/self/oom_score_adj -999: Permission denied (EACCES)\n", nsbox.Stderr);
            }
        }
    }
}
