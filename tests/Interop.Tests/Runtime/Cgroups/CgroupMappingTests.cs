using System;
using System.Collections.Generic;
using System.Linq;
using Interop.Runtime;
using Interop.Runtime.Cgroups;
using Xunit;

namespace Interop.Tests.Runtime.Cgroups
{
    /// <summary>
    /// The mapping of <see cref="CgroupResources"/> to files, without root and without a host: runc's
    /// v1→v2 conversions, the order of the memory writes, the refusals made before anything is
    /// written, the sizes nsbox run reads, and the names of a sandbox's own cgroups.
    /// </summary>
    public sealed class CgroupMappingTests
    {
        /// <summary>A host as the mapping asks about it: which controllers are v1 or v2, which files exist.</summary>
        private sealed class FakeLayout(Dictionary<string, int> versions, HashSet<string> files, ulong currentLimit = CgroupMapping.V1Unlimited, bool unified = true) : CgroupMapping.ICgroupLayout
        {
            public bool HasUnified => unified;

            public int VersionOf(string controller) => versions.GetValueOrDefault(controller);

            public bool HasFile(string controller, int version, string file) => files.Contains(file);

            public ulong CurrentMemoryLimit() => currentLimit;
        }

        /// <summary>This machine's kind: every controller in a v1 hierarchy, hugetlb only in cgroup v2; swap accounting on.</summary>
        private static FakeLayout Hybrid(ulong currentLimit = CgroupMapping.V1Unlimited, bool memsw = true) => new(
            new() { ["memory"] = 1, ["pids"] = 1, ["cpu"] = 1, ["cpuacct"] = 1, ["cpuset"] = 1, ["blkio"] = 1, ["hugetlb"] = 2 },
            memsw ? ["memory.memsw.limit_in_bytes", "blkio.bfq.weight"] : ["blkio.bfq.weight"],
            currentLimit);

        private static FakeLayout V2(bool swap = true) => new(
            new() { ["memory"] = 2, ["pids"] = 2, ["cpu"] = 2, ["cpuset"] = 2, ["io"] = 2, ["hugetlb"] = 2 },
            swap ? ["memory.swap.max"] : []);

        private static string[] Text(IEnumerable<CgroupWrite> writes) => writes.Select(w => $"v{w.Version} {w.File}={w.Value}").ToArray();

        [Theory]
        [InlineData(0UL, 0UL)]
        [InlineData(2UL, 1UL)]
        [InlineData(1024UL, 39UL)]
        [InlineData(262144UL, 10000UL)]
        [InlineData(500000UL, 10000UL)]
        public void SharesBecomeWeightAsRuncConvertedThem(ulong shares, ulong weight) => Assert.Equal(weight, CgroupMapping.CpuWeight(shares));

        [Theory]
        [InlineData((ushort)0, 0UL)]
        [InlineData((ushort)10, 1UL)]
        [InlineData((ushort)500, 4950UL)]
        [InlineData((ushort)1000, 10000UL)]
        public void BlkioWeightBecomesIoWeightAsRuncConvertsIt(ushort blkio, ulong io) => Assert.Equal(io, CgroupMapping.IoWeight(blkio));

        [Fact]
        public void SwapIsMemoryPlusSwapInTheSpecAndTheSwapAloneOnV2()
        {
            Assert.Equal(32L << 20, CgroupMapping.SwapMax(96L << 20, 64L << 20));
            Assert.Equal(0L, CgroupMapping.SwapMax(64L << 20, 64L << 20));
            Assert.Equal(-1L, CgroupMapping.SwapMax(-1, 64L << 20));
            Assert.Equal(-1L, CgroupMapping.SwapMax(null, -1));
            Assert.Null(CgroupMapping.SwapMax(null, 64L << 20));
            Assert.Equal(1000L, CgroupMapping.SwapMax(1000, -1));
            Assert.Throws<SandboxUsageException>(() => CgroupMapping.SwapMax(32L << 20, 64L << 20));
            Assert.Throws<SandboxUsageException>(() => CgroupMapping.SwapMax(32L << 20, null));
        }

        [Fact]
        public void CpuMaxIsQuotaAndPeriodOrMax()
        {
            Assert.Equal("25000 100000", CgroupMapping.CpuMax(25000, 100000));
            Assert.Equal("max 100000", CgroupMapping.CpuMax(-1, null));
            Assert.Equal("50000 100000", CgroupMapping.CpuMax(50000, null));
            Assert.Equal("max 50000", CgroupMapping.CpuMax(null, 50000));
        }

        [Fact]
        public void OnAHybridHostEachValueGoesToItsV1FileAndHugetlbToTheUnifiedOne()
        {
            var r = new CgroupResources
            {
                MemoryLimit = 64L << 20, MemorySwap = 64L << 20, MemoryReservation = 32L << 20, MemorySwappiness = 10,
                PidsLimit = 20, CpuShares = 512, CpuQuota = 25000, CpuPeriod = 100000, CpusetCpus = "0", CpusetMems = "0",
                BlkioWeight = 300, HugepageLimits = new Dictionary<string, ulong> { ["2MB"] = 0 },
            };
            Assert.Equal(
            [
                "v1 memory.limit_in_bytes=67108864", "v1 memory.memsw.limit_in_bytes=67108864", "v1 memory.soft_limit_in_bytes=33554432",
                "v1 memory.swappiness=10", "v1 pids.max=20", "v1 cpu.shares=512", "v1 cpu.cfs_period_us=100000", "v1 cpu.cfs_quota_us=25000",
                "v1 cpuset.cpus=0", "v1 cpuset.mems=0", "v1 blkio.bfq.weight=300", "v2 hugetlb.2MB.max=0",
            ], Text(CgroupMapping.Writes(r, Hybrid())));
        }

        [Fact]
        public void OnV2TheValuesAreConverted()
        {
            var r = new CgroupResources
            {
                MemoryLimit = 64L << 20, MemorySwap = 96L << 20, MemoryReservation = 32L << 20,
                PidsLimit = -1, CpuShares = 1024, CpuQuota = 25000, BlkioWeight = 500,
                Unified = new Dictionary<string, string> { ["memory.high"] = "50000000", ["cgroup.freeze"] = "0" },
            };
            Assert.Equal(
            [
                "v2 memory.swap.max=33554432", "v2 memory.max=67108864", "v2 memory.low=33554432", "v2 pids.max=max",
                "v2 cpu.weight=39", "v2 cpu.max=25000 100000", "v2 io.weight=4950", "v2 memory.high=50000000", "v2 cgroup.freeze=0",
            ], Text(CgroupMapping.Writes(r, V2())));
        }

        [Fact]
        public void RaisingTheLimitWritesMemswFirstAsRuncDoes()
        {
            // In force now: 32 MiB; both go to 128 MiB. The kernel wants memsw >= limit at every write.
            var raise = new CgroupResources { MemoryLimit = 128L << 20, MemorySwap = 128L << 20 };
            Assert.Equal(["v1 memory.memsw.limit_in_bytes=134217728", "v1 memory.limit_in_bytes=134217728"], Text(CgroupMapping.Writes(raise, Hybrid(32UL << 20))));

            // A new cgroup (no limit yet): the limit first.
            Assert.Equal(["v1 memory.limit_in_bytes=134217728", "v1 memory.memsw.limit_in_bytes=134217728"], Text(CgroupMapping.Writes(raise, Hybrid())));

            // No memory limit and swap not given: memsw unlimited too.
            Assert.Equal(["v1 memory.memsw.limit_in_bytes=-1", "v1 memory.limit_in_bytes=-1"], Text(CgroupMapping.Writes(new CgroupResources { MemoryLimit = -1 }, Hybrid())));
        }

        [Fact]
        public void WithoutSwapAccountingOnlyNoSwapOrUnlimitedSwapIsAccepted()
        {
            Assert.Equal(["v1 memory.limit_in_bytes=67108864"], Text(CgroupMapping.Writes(new CgroupResources { MemoryLimit = 64L << 20, MemorySwap = 64L << 20 }, Hybrid(memsw: false))));
            Assert.Equal(["v1 memory.limit_in_bytes=67108864"], Text(CgroupMapping.Writes(new CgroupResources { MemoryLimit = 64L << 20, MemorySwap = -1 }, Hybrid(memsw: false))));
            var e = Assert.Throws<SandboxUsageException>(() => CgroupMapping.Writes(new CgroupResources { MemoryLimit = 64L << 20, MemorySwap = 128L << 20 }, Hybrid(memsw: false)));
            Assert.Contains("no swap accounting", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void WhatAHostCannotCarryOutIsRefusedBeforeAnyWrite()
        {
            FakeLayout none = new([], []);
            Assert.Contains("no memory controller", Assert.Throws<SandboxUsageException>(() => CgroupMapping.Writes(new CgroupResources { MemoryLimit = 1 << 20, PidsLimit = 5 }, none)).Message, StringComparison.Ordinal);
            Assert.Throws<SandboxUsageException>(() => CgroupMapping.Writes(new CgroupResources { MemorySwappiness = 10 }, V2()));
            Assert.Throws<SandboxUsageException>(() => CgroupMapping.Writes(new CgroupResources { DisableOomKiller = true }, V2()));
            Assert.Throws<SandboxUsageException>(() => CgroupMapping.Writes(new CgroupResources { MemorySwappiness = 101 }, Hybrid()));
            Assert.Throws<SandboxUsageException>(() => CgroupMapping.Writes(new CgroupResources { CpuQuota = 500 }, Hybrid()));
            Assert.Throws<SandboxUsageException>(() => CgroupMapping.Writes(new CgroupResources { BlkioWeight = 5 }, Hybrid()));
            // A unified key for a controller that lives in a v1 hierarchy here, and unified keys without cgroup v2.
            Assert.Contains("v1 hierarchy", Assert.Throws<SandboxUsageException>(() => CgroupMapping.Writes(new CgroupResources { Unified = new Dictionary<string, string> { ["memory.high"] = "1" } }, Hybrid())).Message, StringComparison.Ordinal);
            Assert.Throws<SandboxUsageException>(() => CgroupMapping.Writes(new CgroupResources { Unified = new Dictionary<string, string> { ["cgroup.freeze"] = "1" } }, new FakeLayout([], [], unified: false)));
            Assert.Equal(["v2 hugetlb.2MB.max=1"], Text(CgroupMapping.Writes(new CgroupResources { Unified = new Dictionary<string, string> { ["hugetlb.2MB.max"] = "1" } }, Hybrid())));
        }

        [Fact]
        public void ZeroAndNullAreUnset()
        {
            Assert.Empty(CgroupMapping.Writes(new CgroupResources(), Hybrid()));
            Assert.Empty(CgroupMapping.Writes(new CgroupResources { PidsLimit = 0, CpuShares = 0, CpuQuota = 0, BlkioWeight = 0 }, Hybrid()));
        }

        [Theory]
        [InlineData("4096", 4096L)]
        [InlineData("64m", 64L << 20)]
        [InlineData("64M", 64L << 20)]
        [InlineData("64MiB", 64L << 20)]
        [InlineData("64MB", 64L << 20)]
        [InlineData("64mb", 64L << 20)]
        [InlineData("64 M", 64L << 20)]
        [InlineData("1g", 1L << 30)]
        [InlineData("1G", 1L << 30)]
        [InlineData("1.5G", 3L << 29)]
        [InlineData("512k", 512L << 10)]
        [InlineData("512K", 512L << 10)]
        [InlineData("2T", 2L << 40)]
        [InlineData("100b", 100L)]
        public void SizesAreReadAsDockerAndSystemdSpellThem(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text));

        [Theory]
        [InlineData("")]
        [InlineData("m")]
        [InlineData("64x")]
        [InlineData("64ib")]
        [InlineData("-1")]
        [InlineData("1.2.3m")]
        [InlineData(".5m")]
        [InlineData("64mm")]
        [InlineData("99999999999p")]
        public void WhatIsNotASizeIsNull(string text) => Assert.Null(ByteSize.Parse(text));

        [Theory]
        [InlineData(64L << 20, "64 MiB")]
        [InlineData(1L << 30, "1 GiB")]
        [InlineData(3L << 29, "1.5 GiB")]
        [InlineData(4097L, "4097 bytes")]
        [InlineData(512L << 10, "512 KiB")]
        public void SizesAreShownInTheLargestUnitThatStatesThem(long bytes, string text) => Assert.Equal(text, ByteSize.Format(bytes));

        [Fact]
        public void OnlyNsboxNamesAreSwept()
        {
            Assert.Equal(123, SandboxCgroup.PidOf("nsbox-123-4"));
            Assert.Null(SandboxCgroup.PidOf("nsbox-123"));
            Assert.Null(SandboxCgroup.PidOf("nsbox-x-1"));
            Assert.Null(SandboxCgroup.PidOf("box-123-4"));
            Assert.Null(SandboxCgroup.PidOf("nsbox-123-4-5"));
        }

        [Fact]
        public void TheBuilderChecksItsLimits()
        {
            var b = new SandboxBuilder("true");
            Assert.Throws<SandboxUsageException>(() => b.MemoryLimit(100));
            Assert.Throws<SandboxUsageException>(() => b.PidsLimit(0));
            Assert.Throws<SandboxUsageException>(() => b.CpuQuota(0.001));
            Assert.Throws<SandboxUsageException>(() => b.CpuQuota(double.NaN));
            Assert.Throws<SandboxUsageException>(() => b.Cpuset("0-"));
            Assert.Throws<SandboxUsageException>(() => b.Cpuset("3-1"));
            CgroupResources r = b.MemoryLimit(64L << 20).PidsLimit(20).CpuQuota(0.25).Cpuset("0-1,3").Build().Resources!;
            Assert.Equal(new CgroupResources { MemoryLimit = 64L << 20, MemorySwap = 64L << 20, PidsLimit = 20, CpuQuota = 25000, CpuPeriod = 100000, CpusetCpus = "0-1,3" }, r);
        }
    }
}
