using System.Collections.Generic;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Cgroups;
using Interop.Runtime.Oci;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>
    /// config.json's linux.resources to the CgroupResources create applies, as runc 1.1's specconv
    /// reads them (root-free: nothing is written). 0 and "" are "not set" where runc writes nothing
    /// for them; kernel memory is ignored with a warning; invalid values are refused by name.
    /// </summary>
    public sealed class OciResourcesTests
    {
        private static string Config(string resources) => """
            { "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" },
              "linux": { "namespaces": [ { "type": "mount" } ], "resources": 
            """ + resources + " } }";

        private static CgroupResources Resources(string resources, List<string>? warnings = null) =>
            OciBundle.FromJson("/srv/b", Config(resources)).CgroupSettings(warnings).Resources;

        private static SandboxUsageException Refusal(string resources) =>
            Assert.Throws<SandboxUsageException>(() => Resources(resources));

        /// <summary>What podman 4 writes for --memory 32m --memory-reservation 16m --memory-swappiness 10 --oom-kill-disable --cpus 0.25 --cpu-shares 512 --cpuset-cpus 0 --cpuset-mems 0 --pids-limit 30 --blkio-weight 500, with a hugetlb limit and a unified file.</summary>
        [Fact]
        public void EveryLimitNsboxSetsIsCarriedOver()
        {
            CgroupResources r = Resources("""
                { "memory": { "limit": 33554432, "reservation": 16777216, "swap": 67108864, "swappiness": 10, "disableOOMKiller": true },
                  "cpu": { "shares": 512, "quota": 25000, "period": 100000, "cpus": "0", "mems": "0" },
                  "pids": { "limit": 30 },
                  "blockIO": { "weight": 500 },
                  "hugepageLimits": [ { "pageSize": "2MB", "limit": 4194304 }, { "pageSize": "1GB", "limit": 0 } ],
                  "unified": { "memory.high": "max", "pids.max": "31" } }
                """);

            Assert.Equal(33554432, r.MemoryLimit);
            Assert.Equal(16777216, r.MemoryReservation);
            Assert.Equal(67108864, r.MemorySwap);
            Assert.Equal(10UL, r.MemorySwappiness);
            Assert.True(r.DisableOomKiller);
            Assert.Equal(512UL, r.CpuShares);
            Assert.Equal(25000, r.CpuQuota);
            Assert.Equal(100000UL, r.CpuPeriod);
            Assert.Equal("0", r.CpusetCpus);
            Assert.Equal("0", r.CpusetMems);
            Assert.Equal(30, r.PidsLimit);
            Assert.Equal((ushort)500, r.BlkioWeight);
            Assert.Equal(new Dictionary<string, ulong> { ["2MB"] = 4194304, ["1GB"] = 0 }, r.HugepageLimits);
            Assert.Equal(new Dictionary<string, string> { ["memory.high"] = "max", ["pids.max"] = "31" }, r.Unified);
        }

        /// <summary>The pids limit and cpu shares stay in CgroupSettings' own members too (what the runtime's SandboxBuilder path reads).</summary>
        [Fact]
        public void TheSettingsKeepThePidsLimitAndSharesBesideTheResources()
        {
            CgroupSettings settings = OciBundle.FromJson("/srv/b", Config("""{ "pids": { "limit": 30 }, "cpu": { "shares": 512 } }""")).CgroupSettings();

            Assert.Equal(30, settings.PidsLimit);
            Assert.Equal(512UL, settings.CpuShares);
            Assert.Equal(new CgroupResources { PidsLimit = 30, CpuShares = 512 }, settings.Resources);
        }

        [Fact]
        public void NoResourcesIsNoLimit()
        {
            string json = """{ "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" }, "linux": { "namespaces": [ { "type": "mount" } ] } }""";

            Assert.Equal(new CgroupResources(), OciBundle.FromJson("/srv/b", json).CgroupSettings().Resources);
            Assert.Equal(new CgroupResources(), Resources("{}"));
        }

        /// <summary>runc writes nothing for a 0 (or ""): runc update sends zeros for everything it does not change, containerd and podman send some.</summary>
        [Fact]
        public void ZerosAreNotSet()
        {
            Assert.Equal(new CgroupResources(), Resources("""
                { "memory": { "limit": 0, "reservation": 0, "swap": 0, "disableOOMKiller": false },
                  "cpu": { "shares": 0, "quota": 0, "period": 0, "realtimeRuntime": 0, "realtimePeriod": 0, "cpus": "", "mems": "", "idle": 0, "burst": 0 },
                  "pids": { "limit": 0 }, "blockIO": { "weight": 0, "leafWeight": 0, "weightDevice": [], "throttleReadBpsDevice": [] },
                  "hugepageLimits": [], "network": { "priorities": [] }, "rdma": {}, "unified": {} }
                """));
        }

        /// <summary>-1 is "no limit" where the spec has a signed number; the swappiness of -1 (as an unsigned one) is runc's "unset".</summary>
        [Fact]
        public void MinusOneIsNoLimit()
        {
            CgroupResources r = Resources("""{ "memory": { "limit": -1, "swap": -1, "swappiness": 18446744073709551615 }, "cpu": { "quota": -1 }, "pids": { "limit": -1 } }""");

            Assert.Equal(new CgroupResources { MemoryLimit = -1, MemorySwap = -1, CpuQuota = -1, PidsLimit = -1 }, r);
        }

        /// <summary>runc 1.1: "Kernel memory settings are ignored and will be removed"; nsbox ignores them with a warning too, and the plan is made.</summary>
        [Fact]
        public void KernelMemoryIsIgnoredWithAWarning()
        {
            var warnings = new List<string>();
            CgroupResources r = Resources("""{ "memory": { "limit": 33554432, "kernel": 16777216, "kernelTCP": 1048576 } }""", warnings);

            Assert.Equal(new CgroupResources { MemoryLimit = 33554432 }, r);
            Assert.Equal(["config.json: linux.resources.memory.kernel: kernel memory settings are ignored (as runc ignores them)"], warnings);
            Assert.NotNull(OciBundle.FromJson("/srv/b", Config("""{ "memory": { "kernelTCP": 1048576 } }""")).ToPlan());
        }

        [Theory]
        [InlineData("""{ "memory": { "swappiness": 101 } }""", "config.json: linux.resources.memory.swappiness 101: Invalid argument (EINVAL): 0 to 100")]
        [InlineData("""{ "memory": { "limit": 67108864, "swap": 33554432 } }""", "config.json: linux.resources.memory.swap 33554432: Invalid argument (EINVAL): memory plus swap must be at least the memory limit (67108864)")]
        [InlineData("""{ "cpu": { "shares": 262145 } }""", "config.json: linux.resources.cpu.shares 262145: Invalid argument (EINVAL): a relative weight, 2 to 262144")]
        [InlineData("""{ "blockIO": { "weight": 5 } }""", "config.json: linux.resources.blockIO.weight 5: Invalid argument (EINVAL): a relative weight, 10 to 1000")]
        [InlineData("""{ "hugepageLimits": [ { "limit": 1 } ] }""", "config.json: linux.resources.hugepageLimits[0].pageSize: Invalid argument (EINVAL): a page size as the kernel names it (2MB, 1GB)")]
        [InlineData("""{ "unified": { "../memory.max": "1" } }""", "config.json: linux.resources.unified '../memory.max': Invalid argument (EINVAL): a file name of the container's cgroup (no slashes)")]
        public void InvalidValuesAreRefusedByName(string resources, string message)
        {
            SandboxUsageException e = Refusal(resources);

            Assert.Equal(message, e.Message);
            Assert.Equal(Errno.EINVAL, e.Errno);
        }

        /// <summary>As Go's encoding/json, which runc reads with: a negative number for an unsigned field is not the spec's shape.</summary>
        [Theory]
        [InlineData("""{ "cpu": { "shares": -1 } }""")]
        [InlineData("""{ "blockIO": { "weight": 70000 } }""")]
        [InlineData("""{ "memory": { "limit": "32m" } }""")]
        public void NumbersOfTheWrongTypeAreJsonErrors(string resources)
        {
            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => OciBundle.FromJson("/srv/b", Config(resources)));

            Assert.Equal(Errno.EINVAL, e.Errno);
            Assert.Contains("$.linux.resources.", e.Message);
        }

        /// <summary>runc update --resources's file: the example runc's help shows (zeros are "unchanged").</summary>
        [Fact]
        public void AnUpdateFileIsReadAndConverted()
        {
            OciResources resources = OciResources.Parse("""
                { "memory": { "limit": 0, "reservation": 0, "swap": 0 },
                  "cpu": { "shares": 0, "quota": 50000, "period": 0, "realtimeRuntime": 0, "realtimePeriod": 0, "cpus": "", "mems": "" },
                  "blockIO": { "weight": 0 }, "pids": { "limit": 20 } }
                """, "update: --resources -");

            Assert.Equal(new CgroupResources { CpuQuota = 50000, PidsLimit = 20 }, resources.ToCgroupResources("update c1: resources"));
            Assert.Equal("update: --resources -: Invalid argument (EINVAL): the resources are an object, not null",
                Assert.Throws<SandboxUsageException>(() => OciResources.Parse("null", "update: --resources -")).Message);
            Assert.Equal("update c1: resources.cpu.idle 1: Operation not supported (EOPNOTSUPP): cgroup v2's cpu.idle is not set by nsbox",
                Assert.Throws<SandboxUsageException>(() => OciResources.Parse("""{ "cpu": { "idle": 1 } }""", "update: --resources -").ToCgroupResources("update c1: resources")).Message);
        }
    }
}
