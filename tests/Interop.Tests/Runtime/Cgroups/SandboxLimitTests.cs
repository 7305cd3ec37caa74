using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Interop.Runtime;
using Interop.Runtime.Cgroups;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Cgroups
{
    /// <summary>
    /// A sandbox's own cgroup on this host, as root (CI runs them so): limits that bite in bounded
    /// time, the usage reading, and no cgroup left behind, neither after the wait nor after a
    /// failed start.
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed class SandboxLimitTests
    {
        /// <summary>Every nsbox-* cgroup where this process makes its own (below its own cgroup in v1, below that one's parent in v2), in every hierarchy.</summary>
        internal static string[] NsboxCgroups() => CgroupHost.Detect().Hierarchies
            .SelectMany(h => Directory.Exists(h.RelativeBase) ? Directory.GetDirectories(h.RelativeBase, "nsbox-*") : [])
            .Order(StringComparer.Ordinal)
            .ToArray();

        /// <summary>The directory of <paramref name="pid"/>'s cgroup in the v1 hierarchy of <paramref name="controller"/>, from /proc/PID/cgroup.</summary>
        internal static string V1Directory(int pid, string controller)
        {
            string line = File.ReadAllLines($"/proc/{pid}/cgroup").Single(l => l.Split(':')[1].Split(',').Contains(controller));
            CgroupHierarchy hierarchy = CgroupHost.Detect().V1(controller)!;
            return CgroupPath.Join(hierarchy.MountPoint, line.Split(':', 3)[2]);
        }

        private static void NeedsV1(string controller)
        {
            Requirements.Root();
            if (CgroupHost.Detect().V1(controller) is null)
            {
                Assert.Fail("this test is written for a host with a v1 " + controller + " hierarchy (this project's machines are hybrid)");
            }
        }

        [SkippableFact]
        public void AForkBombUnderAPidsLimitIsContainedAndStopped()
        {
            NeedsV1("pids");
            string[] before = NsboxCgroups();
            using ChildProcess bomb = new SandboxBuilder("/bin/sh", "-c", "f() { f | f & }; f; sleep 60")
                .PidsLimit(20)
                .Start();
            string pids = V1Directory(bomb.Pid, "pids");
            Assert.StartsWith("nsbox-" + Environment.ProcessId + "-", Path.GetFileName(pids), StringComparison.Ordinal);
            Assert.Equal("20", File.ReadAllText(pids + "/pids.max").Trim());

            // The limit bites: forks were refused (pids.events counts them) and never more than 20 ran.
            var clock = Stopwatch.StartNew();
            ulong refused = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(20) && (refused = Refused(pids)) == 0)
            {
                Thread.Sleep(20);
            }

            Assert.True(refused > 0, "pids.events: " + File.ReadAllText(pids + "/pids.events"));
            Assert.True(ulong.Parse(File.ReadAllText(pids + "/pids.current").Trim()) <= 20);
            CgroupStats live = bomb.ReadStats()!;
            Assert.Equal(20UL, live.PidsLimit);
            Assert.InRange(live.PidsCurrent!.Value, 1UL, 20UL);

            // Stopped: the shell killed, the wait kills what it left in the cgroup and removes it.
            bomb.Kill();
            bomb.WaitForExit();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40));
            Assert.Equal(before, NsboxCgroups());
            Assert.False(Directory.Exists(pids));
        }

        private static ulong Refused(string pids) =>
            File.ReadAllLines(pids + "/pids.events").Select(l => l.Split(' ')).Where(w => w[0] == "max").Select(w => ulong.Parse(w[1])).FirstOrDefault();

        [SkippableFact]
        public void AnAllocatorOverTheMemoryLimitIsKilledAndThatIsReported()
        {
            NeedsV1("memory");
            string[] before = NsboxCgroups();
            var clock = Stopwatch.StartNew();
            using ChildProcess child = new SandboxBuilder("/usr/bin/tail", "/dev/zero").MemoryLimit(32L << 20).Start();
            string memory = V1Directory(child.Pid, "memory");
            Assert.Equal((32L << 20).ToString(), File.ReadAllText(memory + "/memory.limit_in_bytes").Trim());

            ExitStatus status = child.WaitForExit();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
            Assert.Equal(137, status.ToShellStatus());
            Assert.True(child.KilledByMemoryLimit);
            CgroupStats stats = child.ReadStats()!;
            Assert.True(stats.OomKills >= 1, stats.ToString());
            Assert.Equal(32UL << 20, stats.MemoryLimit);
            Assert.True(stats.MemoryMaxUsage > 16UL << 20, stats.ToString());
            Assert.Equal(before, NsboxCgroups());
        }

        [SkippableFact]
        public void ACommandKilledOtherwiseIsNotKilledByTheMemoryLimit()
        {
            NeedsV1("memory");
            using ChildProcess child = new SandboxBuilder("/bin/sleep", "30").MemoryLimit(32L << 20).CpuQuota(0.5).Cpuset("0").Start();
            CgroupStats live = child.ReadStats()!;
            Assert.Equal(32UL << 20, live.MemoryLimit);
            Assert.NotNull(live.CpuUsageNanoseconds);
            Assert.Equal("50000", File.ReadAllText(V1Directory(child.Pid, "cpu") + "/cpu.cfs_quota_us").Trim());
            Assert.Equal("0", File.ReadAllText(V1Directory(child.Pid, "cpuset") + "/cpuset.cpus").Trim());
            child.Kill();
            Assert.Equal(137, child.WaitForExit().ToShellStatus());
            Assert.False(child.KilledByMemoryLimit);
            Assert.Equal(0UL, child.ReadStats()!.OomKills);
        }

        [SkippableFact]
        public void ANewCgroupNamespaceIsRootedAtTheSandboxsOwnCgroup()
        {
            Requirements.Root();
            string output = Path.Combine(Path.GetTempPath(), "nsbox-cgroupns-" + Guid.NewGuid().ToString("N"));
            try
            {
                foreach (SandboxBuilder builder in new[] { new SandboxBuilder("/bin/sh", "-c", "cat /proc/self/cgroup > " + output), new SandboxBuilder("/bin/sh", "-c", "cat /proc/self/cgroup > " + output).MapRootUser() })
                {
                    using ChildProcess child = builder.Isolate(Interop.Linux.CloneFlags.NewCgroup).PidsLimit(10).Start();
                    Assert.Equal(0, child.WaitForExit().ToShellStatus());
                    string[] lines = File.ReadAllLines(output);
                    Assert.Equal(CgroupHost.Detect().Hierarchies.Count, lines.Length);
                    Assert.All(lines, l => Assert.EndsWith(":/", l, StringComparison.Ordinal));
                }
            }
            finally
            {
                File.Delete(output);
            }
        }

        [SkippableFact]
        public void OnThisHybridHostHugetlbGoesToTheUnifiedTreeWithItsControllerEnabledAndUnifiedKeysAreChecked()
        {
            Requirements.Root();
            CgroupHost host = CgroupHost.Detect();
            CgroupHierarchy? unified = host.Unified;
            if (unified is null || !File.ReadAllText(unified.MountPoint + "/cgroup.controllers").Split(' ', '\n').Contains("hugetlb") || host.V1("hugetlb") is not null)
            {
                Assert.Fail("this test is written for this project's hybrid hosts: hugetlb offered only by cgroup v2");
            }

            string subtree = unified!.RelativeBase + "/cgroup.subtree_control";
            bool wasEnabled = File.ReadAllText(subtree).Split(' ', '\n').Contains("hugetlb");
            Cgroup cgroup = Cgroup.Create(host, new CgroupPath("cgtest-" + Guid.NewGuid().ToString("N"), IsAbsolute: false));
            try
            {
                cgroup.Apply(new CgroupResources
                {
                    PidsLimit = 7,
                    HugepageLimits = new System.Collections.Generic.Dictionary<string, ulong> { ["2MB"] = 4UL << 21 },
                    Unified = new System.Collections.Generic.Dictionary<string, string> { ["hugetlb.1GB.max"] = "0" },
                });
                string own = cgroup.Directories.Single(d => d.Hierarchy.Version == 2).Path;
                Assert.Contains("hugetlb", File.ReadAllText(subtree).Split(' ', '\n'));
                Assert.Equal((4UL << 21).ToString(), File.ReadAllText(own + "/hugetlb.2MB.max").Trim());
                Assert.Equal("0", File.ReadAllText(own + "/hugetlb.1GB.max").Trim());
                Assert.Equal("7", File.ReadAllText(cgroup.Directories.Single(d => d.Hierarchy.Has("pids")).Path + "/pids.max").Trim());

                // memory is a v1 controller here: a unified memory key is refused, and nothing of it written.
                var e = Assert.Throws<SandboxUsageException>(() => cgroup.Apply(new CgroupResources { PidsLimit = 9, Unified = new System.Collections.Generic.Dictionary<string, string> { ["memory.high"] = "1" } }));
                Assert.Contains("v1 hierarchy", e.Message, StringComparison.Ordinal);
                Assert.Equal("7", File.ReadAllText(cgroup.Directories.Single(d => d.Hierarchy.Has("pids")).Path + "/pids.max").Trim());
                CgroupStats stats = cgroup.ReadStats();
                Assert.Equal(7UL, stats.PidsLimit);
                Assert.Equal(0UL, stats.PidsCurrent);
                Assert.Null(stats.MemoryLimit);
            }
            finally
            {
                cgroup.Remove(killRemaining: false);
                if (!wasEnabled)
                {
                    File.WriteAllText(subtree, "-hugetlb");
                }
            }

            Assert.Equal(wasEnabled, File.ReadAllText(subtree).Split(' ', '\n').Contains("hugetlb"));
        }

        [SkippableFact]
        public void ASwapLimitAboveTheMemoryLimitIsWrittenWhereTheKernelAccountsSwap()
        {
            NeedsV1("memory");
            // podman sends swap = 2 x memory for every --memory: with swap accounting on (this
            // host has memory.memsw.*), memsw gets it after the memory limit, as runc writes them.
            string mount = CgroupHost.Detect().V1("memory")!.MountPoint;
            Assert.True(File.Exists(Path.Combine(mount, "memory.memsw.limit_in_bytes")), "no swap accounting on this host");
            string output = Path.Combine(Path.GetTempPath(), "nsbox-memsw-" + Guid.NewGuid().ToString("N"));
            try
            {
                string read = $"d=$(grep ':memory:' /proc/self/cgroup | cut -d: -f3); cat {mount}$d/memory.limit_in_bytes {mount}$d/memory.memsw.limit_in_bytes > {output}";
                using ChildProcess child = new SandboxBuilder("/bin/sh", "-c", read)
                    .Resources(new CgroupResources { MemoryLimit = 32L << 20, MemorySwap = 64L << 20 })
                    .Start();
                Assert.Equal(0, child.WaitForExit().ToShellStatus());
                Assert.Equal([(32L << 20).ToString(), (64L << 20).ToString()], File.ReadAllLines(output));
            }
            finally
            {
                File.Delete(output);
            }
        }

        [SkippableFact]
        public void ACpuQuotaThrottlesABusyLoop()
        {
            NeedsV1("cpu");
            // Half a second of a busy loop under a quarter CPU: about 125 ms of CPU time, and throttled periods.
            using ChildProcess child = new SandboxBuilder("/bin/sh", "-c", "timeout 0.5 sh -c 'while :; do :; done'; exit 0").CpuQuota(0.25).Start();
            Assert.Equal(0, child.WaitForExit().ToShellStatus());
            CgroupStats stats = child.ReadStats()!;
            Assert.True(stats.CpuThrottledPeriods > 0, stats.ToString());
            Assert.True(stats.CpuUsageNanoseconds < 400_000_000UL, stats.ToString());
        }

        [SkippableFact]
        public void AFailedStartLeavesNoCgroup()
        {
            Requirements.Root();
            string[] before = NsboxCgroups();
            var e = Assert.Throws<SpawnException>(() => new SandboxBuilder("/no/such/command").MemoryLimit(32L << 20).PidsLimit(5).Start());
            Assert.True(e.IsCommandNotFound, e.Message);
            Exception mount = Assert.ThrowsAny<Exception>(() => new SandboxBuilder("/bin/true").PidsLimit(5).Bind("/no/such/dir", "/mnt").Start());
            Assert.True(mount is SpawnException or SandboxUsageException, mount.ToString());
            Assert.Equal(before, NsboxCgroups());

            // A limit the kernel refuses (a cpuset of a CPU this machine lacks): named, and nothing left.
            var refused = Assert.Throws<SpawnException>(() => new SandboxBuilder("/bin/true").PidsLimit(5).Cpuset("4095").Start());
            Assert.Equal("cpuset", refused.CgroupController);
            Assert.Equal(before, NsboxCgroups());
        }
    }
}
