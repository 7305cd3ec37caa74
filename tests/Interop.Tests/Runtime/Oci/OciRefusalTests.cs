using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>
    /// Every field nsbox does not carry out yet, and every value the spec does not allow, set on an
    /// otherwise valid config: each is refused with its one line, naming the field.
    /// </summary>
    public sealed class OciRefusalTests
    {
        private const string Base = """
            { "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" },
              "linux": { "namespaces": [ { "type": "mount" }, { "type": "uts" } ] } }
            """;

        private static SandboxUsageException Refusal(string json) =>
            Assert.Throws<SandboxUsageException>(() => OciBundle.FromJson("/srv/bundle", json).ToPlan());

        [Fact]
        public void TheBaseConfigIsCarriedOut()
        {
            Assert.Equal(["root /srv/bundle/rootfs", .. OciSamples.DefaultDevices], System.Linq.Enumerable.Select(OciBundle.FromJson("/srv/bundle", Base).ToPlan().Steps, s => s.Describe()));
        }

        [Theory]
        [InlineData("vm", """{ "hypervisor": { "path": "/usr/bin/qemu" } }""", "config.json: vm: Operation not supported (EOPNOTSUPP): virtual-machine containers are not implemented")]
        [InlineData("process.apparmorProfile", "\"docker-default\"", "config.json: process.apparmorProfile docker-default: Operation not supported (EOPNOTSUPP): AppArmor is not implemented yet")]
        [InlineData("process.selinuxLabel", "\"system_u:system_r:svirt_lxc_net_t:s0\"", "config.json: process.selinuxLabel system_u:system_r:svirt_lxc_net_t:s0: Operation not supported (EOPNOTSUPP): SELinux is not implemented yet")]
        [InlineData("process.ioPriority", """{ "class": "IOPRIO_CLASS_IDLE" }""", "config.json: process.ioPriority: Operation not supported (EOPNOTSUPP): the I/O priority is not implemented yet")]
        [InlineData("process.scheduler", """{ "policy": "SCHED_IDLE" }""", "config.json: process.scheduler: Operation not supported (EOPNOTSUPP): the scheduling policy is not implemented yet")]
        [InlineData("process.execCPUAffinity", """{ "initial": "0-1" }""", "config.json: process.execCPUAffinity: Operation not supported (EOPNOTSUPP): CPU affinity is not implemented yet")]
        [InlineData("linux.resources", """{ "cpu": { "shares": 512, "realtimeRuntime": 950000 } }""", "config.json: linux.resources.cpu.realtimeRuntime: Operation not supported (EOPNOTSUPP): realtime cpu time (cpu.rt_runtime_us, cpu.rt_period_us) is not set by nsbox")]
        [InlineData("linux.resources", """{ "cpu": { "realtimePeriod": 1000000 } }""", "config.json: linux.resources.cpu.realtimePeriod: Operation not supported (EOPNOTSUPP): realtime cpu time (cpu.rt_runtime_us, cpu.rt_period_us) is not set by nsbox")]
        [InlineData("linux.resources", """{ "cpu": { "idle": 1 } }""", "config.json: linux.resources.cpu.idle 1: Operation not supported (EOPNOTSUPP): cgroup v2's cpu.idle is not set by nsbox")]
        [InlineData("linux.resources", """{ "cpu": { "burst": 1000 } }""", "config.json: linux.resources.cpu.burst 1000: Operation not supported (EOPNOTSUPP): the cfs burst (cpu.cfs_burst_us, cpu.max.burst) is not set by nsbox")]
        [InlineData("linux.resources", """{ "blockIO": { "weight": 10, "leafWeight": 10 } }""", "config.json: linux.resources.blockIO.leafWeight 10: Operation not supported (EOPNOTSUPP): the blkio leaf weight (CFQ's blkio.leaf_weight) is not set by nsbox")]
        [InlineData("linux.resources", """{ "blockIO": { "weightDevice": [ { "major": 8, "minor": 0, "weight": 500 } ] } }""", "config.json: linux.resources.blockIO.weightDevice: Operation not supported (EOPNOTSUPP): per-device blkio (io) settings are not set by nsbox: only the cgroup's weight")]
        [InlineData("linux.resources", """{ "blockIO": { "throttleWriteIOPSDevice": [ { "major": 8, "minor": 0, "rate": 100 } ] } }""", "config.json: linux.resources.blockIO.throttleWriteIOPSDevice: Operation not supported (EOPNOTSUPP): per-device blkio (io) settings are not set by nsbox: only the cgroup's weight")]
        [InlineData("linux.resources", """{ "network": { "classID": 1 } }""", "config.json: linux.resources.network.classID 1: Operation not supported (EOPNOTSUPP): the net_cls controller's class id is not set by nsbox")]
        [InlineData("linux.resources", """{ "network": { "priorities": [ { "name": "eth0", "priority": 5 } ] } }""", "config.json: linux.resources.network.priorities: Operation not supported (EOPNOTSUPP): the net_prio controller's interface priorities are not set by nsbox")]
        [InlineData("linux.resources", """{ "rdma": { "mlx5_1": { "hcaHandles": 3 } } }""", "config.json: linux.resources.rdma mlx5_1: Operation not supported (EOPNOTSUPP): the rdma controller's limits are not set by nsbox")]
        [InlineData("linux.mountLabel", "\"system_u:object_r:svirt_sandbox_file_t:s0\"", "config.json: linux.mountLabel system_u:object_r:svirt_sandbox_file_t:s0: Operation not supported (EOPNOTSUPP): SELinux is not implemented yet")]
        [InlineData("linux.intelRdt", """{ "closID": "guaranteed_group" }""", "config.json: linux.intelRdt: Operation not supported (EOPNOTSUPP): Intel RDT is not implemented yet")]
        [InlineData("linux.personality", """{ "domain": "LINUX32" }""", "config.json: linux.personality: Operation not supported (EOPNOTSUPP): the personality is not implemented yet")]
        [InlineData("linux.netDevices", """{ "eth1": {} }""", "config.json: linux.netDevices: Operation not supported (EOPNOTSUPP): moving a network device in is not implemented yet")]
        [InlineData("linux.memoryPolicy", """{ "mode": "MPOL_BIND" }""", "config.json: linux.memoryPolicy: Operation not supported (EOPNOTSUPP): a memory policy is not implemented yet")]
        [InlineData("mounts", """[ { "destination": "/m", "type": "bind", "source": "/h", "options": ["rbind", "idmap"] } ]""", "config.json: mounts[0].options 'idmap': Operation not supported (EOPNOTSUPP): the option is not implemented yet (mount on /m)")]
        [InlineData("mounts", """[ { "destination": "/m", "type": "tmpfs", "options": ["tmpcopyup"] } ]""", "config.json: mounts[0].options 'tmpcopyup': Operation not supported (EOPNOTSUPP): the option is not implemented yet (mount on /m)")]
        [InlineData("mounts", """[ { "destination": "/m", "type": "bind", "source": "/h", "options": ["rbind", "rnosuid"] } ]""", "config.json: mounts[0].options 'rnosuid': Operation not supported (EOPNOTSUPP): the option is not implemented yet (mount on /m)")]
        [InlineData("mounts", """[ { "destination": "/m", "type": "bind", "source": "/h", "uidMappings": [ { "containerID": 0, "hostID": 1000, "size": 1 } ] } ]""", "config.json: mounts[0].uidMappings: Operation not supported (EOPNOTSUPP): idmapped mounts are not implemented yet")]
        public void WhatIsNotImplementedYetIsRefusedByName(string field, string value, string message)
        {
            SandboxUsageException e = Refusal(JsonEdits.With(Base, field, value));

            Assert.Equal(message, e.Message);
            Assert.Equal(Errno.EOPNOTSUPP, e.Errno);
        }

        [Theory]
        [InlineData("ociVersion", "\"2.0.0\"", "config.json: ociVersion '2.0.0': Invalid argument (EINVAL): nsbox implements runtime-spec 1.x")]
        [InlineData("ociVersion", "\"0.1.0\"", "config.json: ociVersion '0.1.0': Invalid argument (EINVAL): nsbox implements runtime-spec 1.x")]
        [InlineData("ociVersion", "\"1.0\"", "config.json: ociVersion '1.0': Invalid argument (EINVAL): nsbox implements runtime-spec 1.x")]
        [InlineData("ociVersion", "null", "config.json: ociVersion: Invalid argument (EINVAL): the runtime-spec version is required (\"1.2.0\", ...)")]
        [InlineData("root", "{}", "config.json: root.path: Invalid argument (EINVAL): the container's root file system (absolute, or relative to the bundle: \"rootfs\")")]
        [InlineData("process", "null", "config.json: process: Invalid argument (EINVAL): a container to start needs its process")]
        [InlineData("process.args", "[]", "config.json: process.args: Invalid argument (EINVAL): at least the program to run")]
        [InlineData("process.cwd", "\"tmp\"", "config.json: process.cwd 'tmp': Invalid argument (EINVAL): the working directory is an absolute path inside the container")]
        [InlineData("process.env", """["PATH=/bin", "JUNK"]""", "config.json: process.env[1] 'JUNK': Invalid argument (EINVAL): an entry is KEY=VALUE")]
        [InlineData("hostname", "\"a-hostname-longer-than-sixty-four-bytes-is-refused-by-sethostname-too\"", "config.json: hostname 'a-hostname-longer-than-sixty-four-bytes-is-refused-by-sethostname-too': Invalid argument (EINVAL): a hostname is 1 to 64 bytes")]
        [InlineData("linux.namespaces", """[ { "type": "mount" }, { "type": "net" } ]""", "config.json: linux.namespaces[1].type 'net': Invalid argument (EINVAL): one of mount, uts, ipc, pid, network, user, cgroup, time")]
        [InlineData("linux.namespaces", """[ { "type": "mount" }, { "type": "pid" }, { "type": "pid", "path": "/proc/1/ns/pid" } ]""", "config.json: linux.namespaces[2].type 'pid': Invalid argument (EINVAL): each namespace type is listed once")]
        [InlineData("linux.namespaces", "[]", "config.json: root: Invalid argument (EINVAL): needs a new mount namespace: add {\"type\": \"mount\"} to linux.namespaces")]
        [InlineData("linux.uidMappings", """[ { "containerID": 0, "hostID": 1000, "size": 1 } ]""", "config.json: linux.uidMappings: Invalid argument (EINVAL): needs a new user namespace: add {\"type\": \"user\"} to linux.namespaces")]
        [InlineData("linux.timeOffsets", """{ "boottime": { "secs": 1 } }""", "config.json: linux.timeOffsets: Invalid argument (EINVAL): needs a new time namespace: add {\"type\": \"time\"} to linux.namespaces")]
        [InlineData("mounts", """[ { "destination": "m", "type": "tmpfs" } ]""", "config.json: mounts[0].destination 'm': Invalid argument (EINVAL): an absolute path inside the container")]
        [InlineData("mounts", """[ { "destination": "/m", "type": "bind" } ]""", "config.json: mounts[0].source: Invalid argument (EINVAL): a bind mount names the host path to bind")]
        [InlineData("mounts", """[ { "destination": "/m", "type": "tmpfs", "options": ["rro"] } ]""", "config.json: mounts[0].options 'rro': Invalid argument (EINVAL): only a bind mount is recursively read-only")]
        [InlineData("mounts", """[ { "destination": "/m", "source": "x" } ]""", "config.json: mounts[0].type: Invalid argument (EINVAL): a file system type (tmpfs, proc, ...) or a bind")]
        [InlineData("mounts", """[ { "destination": "/m", "type": "tmpfs", "options": ["sync"] }, { "destination": "/n", "type": "bind", "source": "/h", "options": ["bind", "sync"] } ]""", "config.json: mounts[1] /n: Invalid argument (EINVAL): a bind mount takes only per-mount flags (ro, nosuid, nodev, noexec, the access-time ones, nosymfollow) and no data")]
        [InlineData("process.capabilities", """{ "bounding": ["CAP_KILL", "CAP_FLY"] }""", "config.json: process.capabilities.bounding[1] 'CAP_FLY': Invalid argument (EINVAL): not a capability this nsbox knows (CAP_CHOWN ... CAP_CHECKPOINT_RESTORE)")]
        public void WhatTheSpecDoesNotAllowIsInvalid(string field, string value, string message)
        {
            SandboxUsageException e = Refusal(JsonEdits.With(Base, field, value));

            Assert.Equal(message, e.Message);
            Assert.Equal(Errno.EINVAL, e.Errno);
        }

        [Fact]
        public void AJoinedNamespaceIsRefusedWhereTheConfigWouldChangeIt()
        {
            string joinedMount = JsonEdits.With(Base, "linux.namespaces", """[ { "type": "mount", "path": "/proc/1/ns/mnt" } ]""");
            string joinedTime = JsonEdits.With(JsonEdits.With(Base, "linux.namespaces", """[ { "type": "mount" }, { "type": "time", "path": "/proc/1/ns/time" } ]"""), "linux.timeOffsets", """{ "boottime": { "secs": 1 } }""");

            Assert.Equal("config.json: linux.namespaces[0].path: Operation not supported (EOPNOTSUPP): joining a mount namespace is not implemented yet", Refusal(joinedMount).Message);
            Assert.Equal("config.json: linux.timeOffsets: Operation not supported (EOPNOTSUPP): setting it in a joined time namespace is not implemented yet", Refusal(joinedTime).Message);
        }

        [Fact]
        public void TextThatIsNotTheSpecsJsonIsOneLineNamingWhereItBreaks()
        {
            SandboxUsageException broken = Assert.Throws<SandboxUsageException>(() => OciBundle.Parse("{ \"ociVersion\": \"1.0.0\",\n \"process\": { \"args\": \"sh\" } }"));
            SandboxUsageException notAnObject = Assert.Throws<SandboxUsageException>(() => OciBundle.Parse("null"));

            Assert.StartsWith("config.json: Invalid argument (EINVAL): ", broken.Message, System.StringComparison.Ordinal);
            Assert.Contains("$.process.args", broken.Message, System.StringComparison.Ordinal);
            Assert.DoesNotContain('\n', broken.Message);
            Assert.Equal("config.json: Invalid argument (EINVAL): the configuration is an object, not null", notAnObject.Message);
        }

        [Fact]
        public void AMissingBundleSaysSo()
        {
            string missing = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nsbox-no-such-bundle-" + System.Guid.NewGuid().ToString("N"));

            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => OciBundle.Load(missing));

            Assert.Equal($"read {missing}/config.json: No such file or directory (ENOENT): a bundle is a directory holding config.json", e.Message);
        }
    }
}
