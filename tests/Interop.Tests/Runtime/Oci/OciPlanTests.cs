using System;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>
    /// config.json → the plan's steps, in order, without root and without touching the file
    /// system: what runc's and podman's configs become once the fields nsbox refuses are edited
    /// out of them (each refusal on the way is asserted too).
    /// </summary>
    public sealed class OciPlanTests
    {
        private static SandboxPlan Plan(string json, string bundle = "/srv/bundle") => OciBundle.FromJson(bundle, json).ToPlan();

        private static string Refusal(string json) => Assert.Throws<SandboxUsageException>(() => Plan(json)).Message;

        [Fact]
        public void RuncsSpecIsRefusedFieldByFieldUntilWhatRemainsIsCarriedOut()
        {
            string json = OciSamples.RuncSpec;
            // Without an id (a library caller's plan) the cgroup mount has no cgroup to show; nsbox create passes the id.
            Assert.Equal("config.json: mounts[6].type 'cgroup': Operation not supported (EOPNOTSUPP): the cgroup file system shows the container's cgroup: without linux.cgroupsPath it needs the container's id (OciBundle.ToBuilder(id), as nsbox create gives it)", Refusal(json));
            json = JsonEdits.Without(json, "mounts[6]");

            SandboxPlan plan = Plan(json);

            Assert.Equal(
            [
                "root /srv/bundle/rootfs",
                "mount -t proc proc /proc",
                "mount -t tmpfs -o nosuid,strictatime,mode=755,size=65536k tmpfs /dev",
                "mount -t devpts -o nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5 devpts /dev/pts",
                "mount -t tmpfs -o nosuid,nodev,noexec,mode=1777,size=65536k shm /dev/shm",
                "mount -t mqueue -o nosuid,nodev,noexec mqueue /dev/mqueue",
                "mount -t sysfs -o ro,nosuid,nodev,noexec sysfs /sys",
                .. OciSamples.DefaultDevices,
                "mask /proc/acpi",
                "mask /proc/kcore",
                "mask /sys/firmware",
                "read-only /proc/bus",
                "read-only /proc/sys",
                "read-only /proc/sysrq-trigger",
                "mount -o remount,bind,ro /",
                "sethostname runc",
            ], plan.Steps.Select(s => s.Describe()));
            Assert.Equal(CloneFlags.NewPid | CloneFlags.NewNet | CloneFlags.NewIpc | CloneFlags.NewUts | CloneFlags.NewMount, plan.Namespaces);
            Assert.Equal("sh", plan.FileName);
            Assert.Empty(plan.Arguments);
            Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"], plan.Environment!);
            Assert.Equal("/", plan.WorkingDirectory);
            Assert.True(plan.NoNewPrivileges);
            ulong kept = (1UL << Capabilities.Parse("CAP_AUDIT_WRITE")) | (1UL << Capabilities.Parse("CAP_KILL")) | (1UL << Capabilities.Parse("CAP_NET_BIND_SERVICE"));
            Assert.Equal(new CapabilitySets(kept, kept, kept, 0, 0), plan.Capabilities);
            Assert.Equal([new ResourceLimit(Interop.Linux.Native.RLIMIT_NOFILE, 1024, 1024)], plan.ResourceLimits);
            Assert.False(plan.KeepCapabilities);
            Assert.True(plan.Terminal);
        }

        [Fact]
        public void PodmansConfigIsRefusedFieldByFieldUntilWhatRemainsIsCarriedOut()
        {
            string json = OciSamples.PodmanRun;
            (string Remove, string Message)[] refusals =
            [
                ("linux.cgroupsPath", "config.json: linux.cgroupsPath 'machine.slice:libpod:4f0c5e2b1a9d': Operation not supported (EOPNOTSUPP): the systemd cgroup driver's form slice:prefix:name needs systemd, which nsbox does not use; give a path (\"/machine/NAME\", or relative \"NAME\")"),
                ("mounts[8]", "config.json: mounts[8].type 'cgroup': Operation not supported (EOPNOTSUPP): the cgroup file system shows the container's cgroup: without linux.cgroupsPath it needs the container's id (OciBundle.ToBuilder(id), as nsbox create gives it)"),
            ];
            foreach ((string remove, string message) in refusals)
            {
                Assert.Equal(message, Refusal(json));
                json = JsonEdits.Without(json, remove);
            }

            SandboxPlan plan = Plan(json);

            Assert.Equal(
            [
                "setns /run/netns/netns-5e2b",
                "root /var/lib/containers/storage/overlay/6b1f/merged",
                "mount -t proc -o nosuid,nodev,noexec proc /proc",
                "mount -t tmpfs -o nosuid,strictatime,mode=755,size=65536k tmpfs /dev",
                "mount -t sysfs -o ro,nosuid,nodev,noexec sysfs /sys",
                "mount -t devpts -o nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5 devpts /dev/pts",
                "mount -t mqueue -o nosuid,nodev,noexec mqueue /dev/mqueue",
                "mount -o bind /run/containers/storage/overlay-containers/4f0c/userdata/hostname /etc/hostname",
                "mount -o bind /run/containers/storage/overlay-containers/4f0c/userdata/resolv.conf /etc/resolv.conf",
                "mount -o bind,nosuid,nodev,noexec /var/lib/containers/storage/overlay-containers/4f0c/userdata/shm /dev/shm",
                .. OciSamples.DefaultDevices,
                "sysctl net.ipv4.ping_group_range=0 0",
                "mask /proc/acpi",
                "mask /proc/kcore",
                "mask /sys/firmware",
                "read-only /proc/asound",
                "read-only /proc/bus",
                "read-only /proc/sys",
                "sethostname 4f0c5e2b1a9d",
            ], plan.Steps.Select(s => s.Describe()));

            // The network namespace is joined, not created.
            Assert.Equal(CloneFlags.NewPid | CloneFlags.NewIpc | CloneFlags.NewUts | CloneFlags.NewMount, plan.Namespaces);
            Assert.Equal(["sh", "-c", "hostname"], [plan.FileName, .. plan.Arguments]);
            Assert.Contains("container=podman", plan.Environment!);
            Assert.Equal(5, plan.Environment!.Count);
            Assert.False(plan.NoNewPrivileges);
            Assert.Equal(11, System.Numerics.BitOperations.PopCount(plan.Capabilities!.Bounding));
            Assert.NotEqual(0UL, plan.Capabilities.Permitted & (1UL << Capabilities.Parse("CAP_SYS_CHROOT")));
            Assert.Equal(0UL, plan.Capabilities.Effective & (1UL << Capabilities.Parse("CAP_SYS_ADMIN")));
            Assert.Equal(0UL, plan.Capabilities.Ambient | plan.Capabilities.Inheritable);
            Assert.Equal(new ProcessUser(0, 0, [0, 1, 2, 3, 4, 6, 10]).AdditionalGroups, plan.User!.AdditionalGroups);
            Assert.Equal(0x12u, plan.Umask);
            Assert.Equal(0, plan.OomScoreAdjustment);
            Assert.Equal(2, plan.ResourceLimits.Count);
        }

        [Fact]
        public void ARelativeRootAndBindSourceAreTheBundlesAndAnAbsoluteOneIsKept()
        {
            string json = """
                { "ociVersion": "1.1.0", "root": { "path": "fs/root" },
                  "process": { "args": ["/bin/true"], "cwd": "/" },
                  "mounts": [ { "destination": "/data", "type": "none", "source": "data", "options": ["rbind", "ro"] },
                              { "destination": "/abs", "type": "bind", "source": "/srv/abs", "options": ["rbind"] } ],
                  "linux": { "namespaces": [ { "type": "mount" } ] } }
                """;

            Assert.Equal(["root /work/b/fs/root", "ro-bind /work/b/data on /data", "bind /srv/abs on /abs", .. OciSamples.DefaultDevices], Plan(json, "/work/b").Steps.Select(s => s.Describe()));
        }

        [Fact]
        public void NamespacesAreCreatedOrJoinedInTheConfigsOrderWithIdMapsAndClockOffsets()
        {
            string json = """
                { "ociVersion": "1.2.0", "root": { "path": "/r" },
                  "process": { "args": ["sh", "-c", "id"], "cwd": "/tmp", "env": ["A=1=2", "B="] },
                  "domainname": "example.org",
                  "linux": {
                    "namespaces": [ { "type": "user" }, { "type": "ipc", "path": "/proc/42/ns/ipc" }, { "type": "mount" }, { "type": "uts" }, { "type": "time" }, { "type": "cgroup" } ],
                    "uidMappings": [ { "containerID": 0, "hostID": 100000, "size": 65536 } ],
                    "gidMappings": [ { "containerID": 0, "hostID": 100000, "size": 65536 } ],
                    "timeOffsets": { "monotonic": { "secs": 86400, "nanosecs": 500000000 } }
                  } }
                """;

            SandboxPlan plan = Plan(json);

            Assert.Equal(
            [
                "setns /proc/42/ns/ipc",
                "map uids 0:100000:65536 gids 0:100000:65536",
                "clock offsets monotonic 86400.5s boottime 0s",
                "root /r",
                .. OciSamples.DefaultDevices,
                "setdomainname example.org",
            ], plan.Steps.Select(s => s.Describe()));
            Assert.Equal(CloneFlags.NewUser | CloneFlags.NewMount | CloneFlags.NewUts | CloneFlags.NewTime | CloneFlags.NewCgroup, plan.Namespaces);
            Assert.Equal(["A=1=2", "B="], plan.Environment!);
            Assert.Equal("/tmp", plan.WorkingDirectory);
            Assert.Equal(CapabilitySets.None, plan.Capabilities);
        }

        [Fact]
        public void MountOptionsBecomeFlagsPropagationAndDataInOrderLaterWordsWinning()
        {
            string json = """
                { "ociVersion": "1.0.0", "root": { "path": "/r" }, "process": { "args": ["true"], "cwd": "/" },
                  "mounts": [
                    { "destination": "/a", "type": "tmpfs", "source": "tmpfs", "options": ["ro", "rw", "noatime", "defaults", "x-podman.skip", "uid=0", "mode=700"] },
                    { "destination": "/b", "type": "bind", "source": "/h/b", "options": ["rbind", "rslave", "ro"] },
                    { "destination": "/c", "type": "bind", "source": "/h/c", "options": ["bind", "nodev", "dev", "noexec"] },
                    { "destination": "/d", "type": "bind", "source": "/h/d", "options": ["rro", "rbind"] },
                    { "destination": "/e", "type": "cgroup2", "source": "cgroup2", "options": ["private"] },
                    { "destination": "/f", "type": "tmpfs", "options": ["shared"] }
                  ],
                  "linux": { "namespaces": [ { "type": "mount" } ] } }
                """;

            Assert.Equal(
            [
                "root /r",
                "mount -t tmpfs -o noatime,uid=0,mode=700 tmpfs /a",
                "mount -o rbind,ro,rslave /h/b /b",
                "mount -o bind,noexec /h/c /c",
                "ro-bind /h/d on /d",
                "mount -t cgroup2 cgroup2 /e",
                "mount -t tmpfs -o shared tmpfs /f",
                .. OciSamples.DefaultDevices,
            ], Plan(json).Steps.Select(s => s.Describe()));
        }

        [Fact]
        public void ABindsFileSystemOptionsAreLeftOutAsMountIgnoresThem()
        {
            // runtime-tools' mounts test: tmpfs options on binds (runc passes them to mount(2), which ignores data with MS_BIND).
            string json = """
                { "ociVersion": "1.0.0", "root": { "path": "/r" }, "process": { "args": ["true"], "cwd": "/" },
                  "mounts": [
                    { "destination": "/a", "source": "/etc", "options": ["nosuid", "strictatime", "mode=755", "size=1k", "bind", "shared"] },
                    { "destination": "/b", "source": "/etc", "options": ["mode=755", "rbind"] }
                  ],
                  "linux": { "namespaces": [ { "type": "mount" } ] } }
                """;

            Assert.Equal(
            [
                "root /r",
                "mount -o bind,nosuid,strictatime,shared /etc /a",
                "bind /etc on /b",
                .. OciSamples.DefaultDevices,
            ], Plan(json).Steps.Select(s => s.Describe()));
        }

        [Fact]
        public void NoCapabilitiesObjectAndAnEmptyOneAreEverySetEmptyAsUnderRunc()
        {
            const string Base = """{ "ociVersion": "1.0.0", "root": { "path": "/r" }, "process": { "args": ["true"], "cwd": "/" }, "linux": { "namespaces": [ { "type": "mount" } ] } }""";

            Assert.Equal(CapabilitySets.None, Plan(Base).Capabilities);
            Assert.Equal(CapabilitySets.None, Plan(JsonEdits.With(Base, "process.capabilities", "{}")).Capabilities);
        }
    }
}
