using System;
using Interop.Stress;
using Interop.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Interop.Tests.Runtime
{
    /// <summary>
    /// 2000 spawns while two threads allocate and a third calls GC.Collect every millisecond: the
    /// situation in which a fork-like child hangs (docs/design.md). 0 hangs under JIT (here, in the
    /// test process) and under NativeAOT (the published stress program).
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed class StressTests(ITestOutputHelper output)
    {
        private const int Spawns = 2000;

        [SkippableFact]
        public void TwoThousandSpawnsUnderGcPressureDoNotHangUnderJit()
        {
            Requirements.Root();
            StressResult result = SpawnStress.Run(Spawns, TimeSpan.FromSeconds(10));
            output.WriteLine(result.ToString());

            Assert.Equal(0, result.Hangs);
            Assert.Equal(0, result.Failures);
            Assert.Equal(Spawns, result.Spawns);
            Assert.Equal(0, HostState.ZombieChildren());
        }

        /// <summary>The same through clone3 and its trampoline (each sandbox in a cgroup of its own, CLONE_INTO_CGROUP), fewer: each start makes and removes ten cgroup directories.</summary>
        [SkippableFact]
        public void SpawnsIntoTheirCgroupUnderGcPressureDoNotHangUnderJit()
        {
            Requirements.Root();
            string[] before = Cgroups.SandboxLimitTests.NsboxCgroups();
            StressResult result = SpawnStress.Run(new StressPlan(300, PerSpawnTimeoutSeconds: 10, PidsLimit: 100));
            output.WriteLine(result.ToString());

            Assert.Equal(0, result.Hangs);
            Assert.Equal(0, result.Failures);
            Assert.Equal(300, result.Spawns);
            Assert.Equal(0, HostState.ZombieChildren());
            Assert.Equal(before, Cgroups.SandboxLimitTests.NsboxCgroups());
        }

        [SkippableFact]
        public void SpawnsIntoTheirCgroupUnderGcPressureDoNotHangUnderNativeAot()
        {
            Requirements.Root();
            RunResult result = Run.Program(Published.Stress, ["300", "10", "--pids", "100"], TimeSpan.FromMinutes(5));
            output.WriteLine(result.ToString());

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("spawns=300 hangs=0 failures=0", result.Stdout);
        }

        [SkippableFact]
        public void TwoThousandSpawnsUnderGcPressureDoNotHangUnderNativeAot()
        {
            Requirements.Root();
            RunResult result = Run.Program(Published.Stress, [Spawns.ToString(), "10"], TimeSpan.FromMinutes(5));
            output.WriteLine(result.ToString());

            Assert.Equal(0, result.ExitCode);
            Assert.Contains($"spawns={Spawns} hangs=0 failures=0", result.Stdout);
        }
    }
}
