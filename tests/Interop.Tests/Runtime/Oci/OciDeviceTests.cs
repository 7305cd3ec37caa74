using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>linux.devices and runc's default /dev: config.json to the plan without root, then beside runc on a busybox bundle.</summary>
    [Collection(SpawningCollection.Name)]
    public sealed class OciDeviceTests
    {
        private const string Base = """
            { "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" },
              "linux": { "namespaces": [ { "type": "mount" } ] } }
            """;

        // Every node and link in /dev: name, type, mode, owner, device numbers (hex, as stat gives them), where a link points.
        private const string Probe = "cd /dev && for f in * pts/*; do test -e $f -o -L $f || continue; busybox stat -c '%n %F %a %u:%g %t:%T' $f; if test -L $f; then busybox readlink $f; fi; done";

        private static SandboxPlan Plan(string json) => OciBundle.FromJson("/srv/bundle", json).ToPlan();

        private static string[] Steps(string json) => Plan(json).Steps.Select(s => s.Describe()).ToArray();

        [Fact]
        public void TheConfigsDevicesFollowRuncsDefaultsWithItsModeAndOwner()
        {
            string[] steps = Steps(JsonEdits.With(Base, "linux.devices", """
                [ { "path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 416, "uid": 5, "gid": 6 },
                  { "path": "/dev/loop9", "type": "b", "major": 7, "minor": 9 }, { "path": "/dev/q", "type": "p" },
                  { "path": "/dev/null", "type": "u", "major": 1, "minor": 3, "fileMode": 438 } ]
                """));

            Assert.Equal(
            [
                "root /srv/bundle/rootfs",
                .. OciSamples.DefaultDevices.Where(d => !d.StartsWith("mknod /dev/null ", System.StringComparison.Ordinal) && !d.StartsWith("device links", System.StringComparison.Ordinal)),
                "mknod /dev/fuse c 10:229 mode 640 owner 5:6",
                "mknod /dev/loop9 b 7:9 mode 666 owner 0:0",
                "mknod /dev/q p 0:0 mode 666 owner 0:0",
                "mknod /dev/null c 1:3 mode 666 owner 0:0",
                "device links in /dev",
            ], steps);
        }

        [Fact]
        public void WithDevBoundNoNodeIsMadeAsUnderRunc()
        {
            string json = JsonEdits.With(JsonEdits.With(Base, "mounts", """[ { "destination": "/dev/", "type": "bind", "source": "/dev", "options": ["rbind"] } ]"""),
                "linux.devices", """[ { "path": "/dev/fuse", "type": "c", "major": 10, "minor": 229 } ]""");

            Assert.Equal(["root /srv/bundle/rootfs", "bind /dev on /dev/"], Steps(json));
        }

        [Theory]
        [InlineData("""[ { "path": "/dev/x", "type": "s", "major": 1, "minor": 1 } ]""", "config.json: linux.devices[0].type 's': Invalid argument (EINVAL): c (or u), b or p")]
        [InlineData("""[ { "path": "dev/x", "type": "c", "major": 1, "minor": 1 } ]""", "config.json: linux.devices[0].path 'dev/x': Invalid argument (EINVAL): an absolute path inside the container")]
        [InlineData("""[ { "path": "/dev/x", "type": "c", "minor": 1 } ]""", "config.json: linux.devices[0].major: Invalid argument (EINVAL): a character or block device has a major and a minor number")]
        [InlineData("""[ { "path": "/dev/x", "type": "c", "major": 4096, "minor": 1 } ]""", "config.json: linux.devices[0] 4096:1: Invalid argument (EINVAL): a major number is at most 4095 and a minor at most 1048575 (the kernel's dev_t)")]
        [InlineData("""[ { "path": "/dev/x", "type": "c", "major": 1, "minor": 1, "fileMode": 65535 } ]""", "config.json: linux.devices[0] 177777: Invalid argument (EINVAL): a device's mode is permission bits, 0 to 7777 (octal)")]
        public void ADeviceTheSpecDoesNotAllowIsRefusedByField(string devices, string message)
        {
            Assert.Equal(message, Assert.Throws<SandboxUsageException>(() => Plan(JsonEdits.With(Base, "linux.devices", devices))).Message);
        }

        [SkippableFact]
        public void DevOnATmpfsHasRuncsNodesAndLinks()
        {
            RuncComparison.Require();
            RuncComparison.AssertSame(RuncComparison.Run(Probe, json => JsonEdits.With(
                JsonEdits.With(json, "mounts", """
                    [ { "destination": "/proc", "type": "proc", "source": "proc" },
                      { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },
                      { "destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"] } ]
                    """),
                "linux", """
                    { "namespaces": [ { "type": "pid" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" } ],
                      "devices": [ { "path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 416, "uid": 5, "gid": 6 },
                                   { "path": "/dev/sub/loop9", "type": "b", "major": 7, "minor": 9 }, { "path": "/dev/q", "type": "p" } ] }
                    """)));
        }

        [SkippableFact]
        public void DevInTheRootsOwnDirectoryHasRuncsNodes()
        {
            // No /dev mount: runc makes its nodes in the image's own /dev (a bundle each: neither sees the other's).
            RuncComparison.Require();
            RuncComparison.AssertSame(RuncComparison.Run(Probe, json => json));
        }
    }
}
