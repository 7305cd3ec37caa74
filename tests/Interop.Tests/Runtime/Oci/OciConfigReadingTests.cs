using Interop.Runtime;
using Interop.Runtime.Oci;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>config.json → the model: the spec's fields read, unknown ones ignored, names matched as Go matches them, any 1.x version.</summary>
    public sealed class OciConfigReadingTests
    {
        [Fact]
        public void PodmansConfigIsReadFieldByField()
        {
            OciConfig config = OciBundle.Parse(OciSamples.PodmanRun);

            Assert.Equal("1.0.2-dev", config.OciVersion);
            Assert.Equal(18u, config.Process!.User!.Umask);
            Assert.Equal([0u, 1, 2, 3, 4, 6, 10], config.Process.User.AdditionalGids!);
            Assert.Equal(11, config.Process.Capabilities!.Bounding!.Length);
            Assert.Equal(524288UL, config.Process.Rlimits![0].Hard);
            Assert.Equal("/run/netns/netns-5e2b", config.Linux!.Namespaces![1].Path);
            Assert.Equal("SCMP_ACT_ERRNO", config.Linux.Seccomp!.DefaultAction);
            Assert.Equal(["read", "write"], config.Linux.Seccomp.Syscalls![0].Names!);
            Assert.Equal(2048, config.Linux.Resources!.Pids!.Limit);
            Assert.Equal("0 0", config.Linux.Sysctl!["net.ipv4.ping_group_range"]);
            Assert.Equal(["rprivate", "nosuid", "noexec", "nodev", "relatime", "ro"], config.Mounts![8].Options!);
            Assert.Equal("libpod", config.Annotations!["io.container.manager"]);
        }

        [Fact]
        public void UnknownFieldsAreIgnoredAndNamesMatchWhateverTheirCase()
        {
            OciConfig config = OciBundle.Parse("""
                { "ociVersion": "1.0.0", "solaris": { "milestone": "x" }, "futureField": [1, {"a": null}],
                  "Process": { "Args": ["sh"], "CWD": "/", "noSuchProcessField": true },
                  "linux": { "uidmappings": [ { "containerid": 0, "HOSTID": 1000, "size": 1 } ] } }
                """);

            Assert.Equal(["sh"], config.Process!.Args!);
            Assert.Equal("/", config.Process.Cwd);
            Assert.Equal(1000u, config.Linux!.UidMappings![0].HostId);
        }

        [Theory]
        [InlineData("1.0.0")]
        [InlineData("1.0.2-dev")]
        [InlineData("1.2.1")]
        [InlineData("1.3.0-rc.1+build.5")]
        public void AnyOneXVersionIsAccepted(string version)
        {
            Assert.Equal(version, OciBundle.Parse($$"""{ "ociVersion": "{{version}}" }""").OciVersion);
        }

        [Fact]
        public void EmptyListsAndMapsAskForNothingAndAreAccepted()
        {
            string json = """
                { "ociVersion": "1.2.0", "root": { "path": "/r" }, "process": { "args": ["sh"], "cwd": "/", "rlimits": [] },
                  "hooks": { "prestart": [], "poststop": [] }, "annotations": {},
                  "linux": { "namespaces": [ { "type": "mount" } ], "resources": {}, "sysctl": {}, "devices": [], "maskedPaths": [] } }
                """;

            Assert.Equal(["root /r", .. OciSamples.DefaultDevices], System.Linq.Enumerable.Select(OciBundle.FromJson("/b", json).ToPlan().Steps, s => s.Describe()));
        }
    }
}
