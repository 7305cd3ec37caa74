using System;
using System.IO;
using System.Linq;
using Interop.Stress;
using Interop.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Interop.Tests.Runtime
{
    /// <summary>
    /// The stress bars: 10,000 sequential and 1,000 concurrent (2 threads) sandboxes in-process, with 0
    /// hangs, 0 zombies, the same fds and mount table afterwards, and memory back where it started;
    /// and the GC-pressure run as an unprivileged user under NativeAOT.
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed class LongStressTests(ITestOutputHelper output)
    {
        private static void Warm() => SpawnStress.Run(new StressPlan(50, GcNoise: false, MountNamespace: true));

        private void AssertNothingLeft(HostState before, string mountsBefore, long managedBefore, int spawns)
        {
            HostState after = HostState.CaptureSettled(before);
            // A leak is an fd that is open now and was not before; pipes of earlier tests' processes may close meanwhile.
            Assert.True(after.OpenedSince(before).Length == 0, $"fds opened and left open: {string.Join(", ", after.OpenedSince(before))}");
            Assert.Equal(mountsBefore, File.ReadAllText("/proc/self/mountinfo"));
            Assert.Equal(0, HostState.ZombieChildren());
            // No stack or plan stays mapped: the map count does not grow with the number of spawns (the
            // runtime itself maps a few dozen regions more as its heaps and code grow).
            Assert.InRange(after.Mappings, before.Mappings - 64, before.Mappings + Math.Max(64, spawns / 100));
            long managedAfter = GC.GetTotalMemory(forceFullCollection: true);
            output.WriteLine($"managed heap {managedBefore / 1024} KiB -> {managedAfter / 1024} KiB, maps {before.Mappings} -> {after.Mappings}");
            Assert.InRange(managedAfter, 0, managedBefore + (4 << 20));
        }

        [SkippableFact]
        public void TenThousandSequentialSandboxesLeaveNothingBehind()
        {
            Requirements.Root();
            Warm();
            HostState before = HostState.Capture();
            string mounts = File.ReadAllText("/proc/self/mountinfo");
            long managed = GC.GetTotalMemory(forceFullCollection: true);

            StressResult result = SpawnStress.Run(new StressPlan(10_000, Threads: 1, GcNoise: false));
            output.WriteLine(result.ToString());

            Assert.Equal((10_000, 0, 0), (result.Spawns, result.Hangs, result.Failures));
            AssertNothingLeft(before, mounts, managed, 10_000);
        }

        [SkippableFact]
        public void ThousandConcurrentSandboxesWithMountsLeaveNothingBehind()
        {
            Requirements.Root();
            Warm();
            HostState before = HostState.Capture();
            string mounts = File.ReadAllText("/proc/self/mountinfo");
            long managed = GC.GetTotalMemory(forceFullCollection: true);

            StressResult result = SpawnStress.Run(new StressPlan(1_000, Threads: 2, GcNoise: false, MountNamespace: true));
            output.WriteLine(result.ToString());

            Assert.Equal((1_000, 0, 0), (result.Spawns, result.Hangs, result.Failures));
            AssertNothingLeft(before, mounts, managed, 1_000);
        }

        /// <summary>The GC-pressure run again, as uid 65534 in user namespaces, published with NativeAOT.</summary>
        [SkippableFact]
        public void UnprivilegedStressUnderNativeAotDoesNotHang()
        {
            Requirements.Root(); // to drop to nobody
            Requirements.Program("/usr/bin/setpriv");
            string dir = Directory.CreateTempSubdirectory("nsbox-stress-").FullName;
            string stress = Path.Combine(dir, "Interop.Stress");
            File.Copy(Published.Stress, stress);
            File.SetUnixFileMode(dir, (UnixFileMode)0x1ED);
            File.SetUnixFileMode(stress, (UnixFileMode)0x1ED);
            try
            {
                RunResult result = Run.Program("/usr/bin/setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups", stress, "2000", "10", "--user"], TimeSpan.FromMinutes(5));
                output.WriteLine(result.ToString());
                Assert.Equal(0, result.ExitCode);
                Assert.Contains("spawns=2000 hangs=0 failures=0", result.Stdout);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
