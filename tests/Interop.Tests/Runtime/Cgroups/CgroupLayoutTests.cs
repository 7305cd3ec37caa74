using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Cgroups;
using Interop.Runtime.Oci;
using Xunit;

namespace Interop.Tests.Runtime.Cgroups
{
    /// <summary>
    /// The cgroup layer's logic without root and without touching the host: the mode and the
    /// hierarchies from sample /proc/self/mountinfo and /proc/self/cgroup texts (a hybrid host like
    /// this one, a v2 host, a v1 host with co-mounted controllers, a container's view), and an OCI
    /// cgroupsPath resolved as runc's cgroupfs driver resolves it.
    /// </summary>
    public sealed class CgroupLayoutTests
    {
        /// <summary>This machine's kind: tmpfs on /sys/fs/cgroup, a v1 hierarchy per controller, cgroup2 on unified.</summary>
        private const string HybridMountinfo = """
            22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset,clone_children
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
            37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime shared:9 - cgroup cgroup rw,xattr,release_agent=/x,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

        private const string HybridCgroup = """
            9:name=systemd:/
            6:freezer:/
            5:devices:/
            4:memory:/process_api/4f39
            3:cpuset:/
            2:cpuacct:/
            1:cpu:/
            0::/
            """;

        [Fact]
        public void AHybridHostHasEveryV1HierarchyAndTheUnifiedOne()
        {
            CgroupHost host = CgroupHost.Parse(HybridMountinfo, HybridCgroup);

            Assert.Equal(CgroupMode.Hybrid, host.Mode);
            Assert.Equal(
                ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/cpuset", "/sys/fs/cgroup/memory", "/sys/fs/cgroup/devices", "/sys/fs/cgroup/freezer", "/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified"],
                host.Hierarchies.Select(h => h.MountPoint));
            Assert.Equal(["name=systemd"], host.V1("name=systemd")!.Controllers);
            Assert.Equal(["cpuset"], host.V1("cpuset")!.Controllers);
            Assert.Equal("/sys/fs/cgroup/unified", host.Unified!.MountPoint);
            Assert.Equal("/process_api/4f39", host.V1("memory")!.OwnCgroup);
        }

        [Fact]
        public void ARelativePathIsBelowTheCallersOwnCgroupInEachHierarchyAndAnAbsoluteOneBelowTheRoot()
        {
            CgroupHost host = CgroupHost.Parse(HybridMountinfo, HybridCgroup);

            string[] relative = host.DirectoriesFor(CgroupPath.Parse("box/inner", "id")).Select(d => d.Path).ToArray();
            string[] absolute = host.DirectoriesFor(CgroupPath.Parse("/machine/box", "id")).Select(d => d.Path).ToArray();

            Assert.Equal("/sys/fs/cgroup/memory/process_api/4f39/box/inner", relative[3]);
            Assert.Equal("/sys/fs/cgroup/cpu/box/inner", relative[0]);
            Assert.Equal("/sys/fs/cgroup/unified/box/inner", relative[7]);
            Assert.Equal("/sys/fs/cgroup/memory/machine/box", absolute[3]);
            Assert.All(absolute, p => Assert.EndsWith("/machine/box", p));
            Assert.Equal(8, absolute.Length);
        }

        [Fact]
        public void WithoutACgroupsPathTheCgroupIsNamedAfterTheIdBelowTheCallersOwn()
        {
            CgroupHost host = CgroupHost.Parse(HybridMountinfo, HybridCgroup);

            Assert.Equal(new CgroupPath("c7", false), CgroupPath.Parse(null, "c7"));
            Assert.Equal(new CgroupPath("c7", false), CgroupPath.Parse("", "c7"));
            Assert.Equal("/sys/fs/cgroup/memory/process_api/4f39/c7", host.DirectoriesFor(CgroupPath.Parse(null, "c7"))[3].Path);
        }

        [Theory]
        [InlineData("/a/./b//c/", "a/b/c", true)]
        [InlineData("/../../etc", "etc", true)]
        [InlineData("../x", "x", false)]
        [InlineData("a/../../b", "b", false)]
        [InlineData("a/b/..", "a", false)]
        public void DotDotNeverClimbsAboveWhereThePathStarts(string given, string inner, bool absolute)
        {
            Assert.Equal(new CgroupPath(inner, absolute), CgroupPath.Parse(given, "id"));
        }

        [Theory]
        [InlineData("machine.slice:libpod:4f0c", Errno.EOPNOTSUPP, "config.json: linux.cgroupsPath 'machine.slice:libpod:4f0c': Operation not supported (EOPNOTSUPP): the systemd cgroup driver's form slice:prefix:name needs systemd, which nsbox does not use; give a path (\"/machine/NAME\", or relative \"NAME\")")]
        [InlineData("/", Errno.EINVAL, "config.json: linux.cgroupsPath '/': Invalid argument (EINVAL): the root cgroup is not a container's own cgroup: name one below it")]
        [InlineData("a/..", Errno.EINVAL, "config.json: linux.cgroupsPath 'a/..': Invalid argument (EINVAL): names the caller's own cgroup, not one of the container's own: name one below it")]
        public void TheSystemdFormTheRootAndTheCallersOwnCgroupAreRefused(string given, Errno errno, string message)
        {
            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => CgroupPath.Parse(given, "id"));

            Assert.Equal(errno, e.Errno);
            Assert.Equal(message, e.Message);
        }

        [Fact]
        public void AV2HostHasOneHierarchyAndPathsBelowIt()
        {
            const string mountinfo = """
                25 1 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
                """;
            CgroupHost host = CgroupHost.Parse(mountinfo, "0::/user.slice/user-1000.slice/session-2.scope\n");

            Assert.Equal(CgroupMode.V2, host.Mode);
            CgroupHierarchy only = Assert.Single(host.Hierarchies);
            Assert.Equal(2, only.Version);
            Assert.Null(host.V1("freezer"));
            // Relative: beside the own cgroup (below its parent), as runc's fs2: session-2.scope has processes, so no controller could be enabled below it.
            Assert.Equal(["/sys/fs/cgroup/user.slice/user-1000.slice/box"], host.DirectoriesFor(CgroupPath.Parse("box", "id")).Select(d => d.Path));
            Assert.Equal(["/sys/fs/cgroup/box"], host.DirectoriesFor(CgroupPath.Parse("/box", "id")).Select(d => d.Path));

            // In the root cgroup (no such rule there, and no parent) and one level below it.
            Assert.Equal(["/sys/fs/cgroup/box"], CgroupHost.Parse(mountinfo, "0::/\n").DirectoriesFor(CgroupPath.Parse("box", "id")).Select(d => d.Path));
            Assert.Equal(["/sys/fs/cgroup/box"], CgroupHost.Parse(mountinfo, "0::/init.scope\n").DirectoriesFor(CgroupPath.Parse("box", "id")).Select(d => d.Path));
        }

        [Fact]
        public void AProcessOutOfSightIsListedAsZeroInCgroupProcsAndIsNoPid()
        {
            // What a v2 cgroup.procs shows inside a PID namespace for a process outside it: kill(0) would hit our own process group.
            Assert.Equal([12, 34], CgroupFiles.ParsePids("12\n0\n34\n"));
            Assert.True(CgroupFiles.HasHiddenProcesses("12\n0\n"));
            Assert.False(CgroupFiles.HasHiddenProcesses("12\n34\n"));
        }

        [Fact]
        public void ACgroup2MountedOverTheTmpfsOfAHybridHostIsAV2Host()
        {
            // `mount -t cgroup2 none /sys/fs/cgroup` in a mount namespace of this machine: the v1
            // mounts on the tmpfs and the unified one are still listed, but nothing reaches them.
            string mountinfo = HybridMountinfo + "\n50 31 0:38 / /sys/fs/cgroup rw,relatime - cgroup2 none rw\n";
            CgroupHost host = CgroupHost.Parse(mountinfo, HybridCgroup);

            Assert.Equal(CgroupMode.V2, host.Mode);
            CgroupHierarchy only = Assert.Single(host.Hierarchies);
            Assert.Equal("/sys/fs/cgroup", only.MountPoint);
            Assert.Equal(["/sys/fs/cgroup/box"], host.DirectoriesFor(CgroupPath.Parse("box", "id")).Select(d => d.Path));

            // A mount on one hierarchy's mount point hides that one alone; its own submounts (parent chain) do not hide it.
            string covered = HybridMountinfo + "\n60 35 0:50 / /sys/fs/cgroup/memory rw - tmpfs tmpfs rw\n61 41 0:51 / /sys/fs/cgroup/unified/sub rw - tmpfs tmpfs rw\n";
            CgroupHost partly = CgroupHost.Parse(covered, HybridCgroup);
            Assert.Equal(CgroupMode.Hybrid, partly.Mode);
            Assert.Null(partly.V1("memory"));
            Assert.NotNull(partly.V1("cpu"));
            Assert.Equal("/sys/fs/cgroup/unified", partly.Unified!.MountPoint);
        }

        [Fact]
        public void AV1HostWithCoMountedControllersMatchesThemInAnyOrder()
        {
            const string mountinfo = """
                30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct
                31 25 0:27 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid - cgroup cgroup rw,net_cls,net_prio
                32 25 0:28 / /sys/fs/cgroup/pids rw,nosuid - cgroup cgroup rw,pids
                33 25 0:28 / /mnt/pids-again rw,nosuid - cgroup cgroup rw,pids
                """;
            const string cgroup = "4:pids:/a\n3:net_prio,net_cls:/b\n2:cpuacct,cpu:/c\n";
            CgroupHost host = CgroupHost.Parse(mountinfo, cgroup);

            Assert.Equal(CgroupMode.V1, host.Mode);
            Assert.Null(host.Unified);
            // A hierarchy mounted twice is taken at its first mount.
            Assert.Equal(["/sys/fs/cgroup/cpu,cpuacct/c/x", "/sys/fs/cgroup/net_cls,net_prio/b/x", "/sys/fs/cgroup/pids/a/x"], host.DirectoriesFor(CgroupPath.Parse("x", "id")).Select(d => d.Path));
            Assert.Same(host.V1("cpuacct"), host.V1("cpu"));
        }

        [Fact]
        public void InAContainerTheOwnCgroupIsShownBelowTheMountsRoot()
        {
            // A hierarchy mounted from /kubepods/pod1 (mountinfo's ROOT field), with the process in /kubepods/pod1/c1.
            const string mountinfo = """
                40 30 0:33 /kubepods/pod1 /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory
                41 30 0:40 /../.. /sys/fs/cgroup/unified ro - cgroup2 cgroup2 rw
                """;
            CgroupHost host = CgroupHost.Parse(mountinfo, "5:memory:/kubepods/pod1/c1\n0::/\n");

            Assert.Equal("/sys/fs/cgroup/memory/c1", host.V1("memory")!.OwnDirectory);
            Assert.Equal("/sys/fs/cgroup/memory/c1/box", host.DirectoriesFor(CgroupPath.Parse("box", "id"))[0].Path);
        }

        [Fact]
        public void NothingMountedIsNone()
        {
            CgroupHost host = CgroupHost.Parse("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n", "");

            Assert.Equal(CgroupMode.None, host.Mode);
            Assert.Empty(host.Hierarchies);
            Assert.Throws<SandboxUsageException>(() => Cgroup.Create(host, CgroupPath.Parse("x", "id")));
        }

        [Fact]
        public void AStoredCgroupIsOpenedAgainInTheHierarchiesItsPathsLieIn()
        {
            CgroupHost host = CgroupHost.Parse(HybridMountinfo, HybridCgroup);

            Cgroup cgroup = Cgroup.Open(host, ["/sys/fs/cgroup/freezer/box", "/sys/fs/cgroup/unified/box", "/elsewhere/box"], ["/sys/fs/cgroup/freezer/box"]);

            Assert.Equal(["freezer"], cgroup.Directories[0].Hierarchy.Controllers);
            Assert.Equal(2, cgroup.Directories[1].Hierarchy.Version);
            Assert.Equal(2, cgroup.Directories.Count);
            Assert.Equal(["/sys/fs/cgroup/freezer/box"], cgroup.Created);
        }

        [Fact]
        public void ConfigDeviceRulesAndThePidsLimitAreReadAndChecked()
        {
            const string json = """
                { "ociVersion": "1.0.2", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" },
                  "linux": { "namespaces": [ { "type": "mount" } ], "cgroupsPath": "/machine/c1", "resources": { "pids": { "limit": 30 },
                    "devices": [ { "allow": false, "access": "rwm" }, { "allow": true, "type": "c", "major": 1, "minor": 3, "access": "rw" }, { "allow": true, "type": "b", "major": 8 } ] } } }
                """;
            CgroupSettings settings = OciBundle.FromJson("/srv/b", json).CgroupSettings();

            Assert.Equal("/machine/c1", settings.CgroupsPath);
            Assert.Equal(30, settings.PidsLimit);
            Assert.Equal(["a *:* rwm", "c 1:3 rw", "b 8:* rwm"], settings.DeviceRules.Select(r => r.ToString()));
            Assert.Equal([false, true, true], settings.DeviceRules.Select(r => r.Allow));

            // The plan is made as before: the cgroup is the runtime's to carry out.
            Assert.NotNull(OciBundle.FromJson("/srv/b", json).ToPlan());
        }

        /// <summary>containerd sends cpu.shares 1024 with every container: the shares are carried out (with the rest of linux.resources: tests/Interop.Tests/Runtime/Oci/OciResourcesTests.cs).</summary>
        [Fact]
        public void TheCpuSharesAreReadAndTheRestOfTheCpuControllerRefused()
        {
            string Config(string cpu) => """{ "ociVersion": "1.0.2", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" }, "linux": { "namespaces": [ { "type": "mount" } ], "resources": { "cpu": """ + cpu + " } } }";

            Assert.Equal(1024UL, OciBundle.FromJson("/srv/b", Config("""{ "shares": 1024 }""")).CgroupSettings().CpuShares);
            Assert.Null(OciBundle.FromJson("/srv/b", Config("{}")).CgroupSettings().CpuShares);
            Assert.NotNull(OciBundle.FromJson("/srv/b", Config("""{ "shares": 1024 }""")).ToPlan());
            Assert.Equal("config.json: linux.resources.cpu.shares 1: Invalid argument (EINVAL): a relative weight, 2 to 262144",
                Assert.Throws<SandboxUsageException>(() => OciBundle.FromJson("/srv/b", Config("""{ "shares": 1 }""")).CgroupSettings()).Message);
            Assert.Equal("config.json: linux.resources.cpu.realtimeRuntime: Operation not supported (EOPNOTSUPP): realtime cpu time (cpu.rt_runtime_us, cpu.rt_period_us) is not set by nsbox",
                Assert.Throws<SandboxUsageException>(() => OciBundle.FromJson("/srv/b", Config("""{ "shares": 1024, "realtimeRuntime": 1 }""")).ToPlan()).Message);
        }

        [Theory]
        [InlineData("""{ "allow": true, "type": "x" }""", "config.json: linux.resources.devices[0].type 'x': Invalid argument (EINVAL): a (all), b (block) or c (character)")]
        [InlineData("""{ "allow": true, "access": "rwx" }""", "config.json: linux.resources.devices[0].access 'rwx': Invalid argument (EINVAL): some of r (read), w (write), m (mknod)")]
        [InlineData("""{ "allow": true, "type": "c", "major": -2 }""", "config.json: linux.resources.devices[0].major -2: Invalid argument (EINVAL): a device number, or none for any")]
        public void AnInvalidDeviceRuleIsRefusedByName(string rule, string message)
        {
            string json = """{ "ociVersion": "1.0.2", "process": { "args": ["sh"] }, "linux": { "resources": { "devices": [ RULE ] } } }""".Replace("RULE", rule);

            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => OciBundle.FromJson("/srv/b", json).ToPlan());

            Assert.Equal(message, e.Message);
        }

        [Fact]
        public void RuncsDefaultDevicesAreItsList()
        {
            Assert.Equal(
                ["c *:* m", "b *:* m", "c 1:3 rwm", "c 1:8 rwm", "c 1:7 rwm", "c 5:0 rwm", "c 1:5 rwm", "c 1:9 rwm", "c 136:* rwm", "c 5:2 rwm", "c 10:200 rwm"],
                CgroupDeviceRule.RuncDefaults.Select(r => r.ToString()));
        }
    }
}
