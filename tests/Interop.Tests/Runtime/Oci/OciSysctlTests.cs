using System.IO;
using System.Linq;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>linux.sysctl: runc's rule of which parameters a container may set, then the values inside beside runc's, the host's unchanged.</summary>
    [Collection(SpawningCollection.Name)]
    public sealed class OciSysctlTests
    {
        private const string Base = """
            { "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" },
              "linux": { "namespaces": [ { "type": "mount" } ] } }
            """;

        private static string WithNamespaces(string namespaces, string sysctl) =>
            JsonEdits.With(JsonEdits.With(Base, "linux.namespaces", namespaces), "linux.sysctl", sysctl);

        [Fact]
        public void NamespacedParametersAreWrittenInTheConfigsOrder()
        {
            SandboxPlan plan = OciBundle.FromJson("/b", WithNamespaces(
                """[ { "type": "mount" }, { "type": "ipc" }, { "type": "network", "path": "/run/netns/n" }, { "type": "uts" } ]""",
                """{ "net.ipv4.ip_forward": "1", "kernel.shmmni": "100", "fs.mqueue.msg_max": "20", "kernel.domainname": "example.org" }""")).ToPlan();

            Assert.Equal(["sysctl net.ipv4.ip_forward=1", "sysctl kernel.shmmni=100", "sysctl fs.mqueue.msg_max=20", "sysctl kernel.domainname=example.org"],
                plan.Steps.Select(s => s.Describe()).Where(s => s.StartsWith("sysctl ", System.StringComparison.Ordinal)));
        }

        [Theory]
        [InlineData("kernel.shmmax", "config.json: linux.sysctl kernel.shmmax: Invalid argument (EINVAL): not allowed in the host's ipc namespace: add {\"type\": \"ipc\"} to linux.namespaces")]
        [InlineData("fs.mqueue.queues_max", "config.json: linux.sysctl fs.mqueue.queues_max: Invalid argument (EINVAL): not allowed in the host's ipc namespace: add {\"type\": \"ipc\"} to linux.namespaces")]
        [InlineData("net.core.somaxconn", "config.json: linux.sysctl net.core.somaxconn: Invalid argument (EINVAL): not allowed in the host's network namespace: add {\"type\": \"network\"} to linux.namespaces")]
        [InlineData("kernel.domainname", "config.json: linux.sysctl kernel.domainname: Invalid argument (EINVAL): not in a separate kernel namespace")]
        [InlineData("vm.swappiness", "config.json: linux.sysctl vm.swappiness: Invalid argument (EINVAL): not in a separate kernel namespace")]
        public void AParameterOfTheHostsIsRefusedByKey(string key, string message)
        {
            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => OciBundle.FromJson("/b", WithNamespaces("""[ { "type": "mount" } ]""", $$"""{ "{{key}}": "1" }""")).ToPlan());
            Assert.Equal(message, e.Message);
        }

        [Fact]
        public void TheHostnameIsTheHostnameFieldsAndAMalformedKeyIsRefused()
        {
            Assert.Equal("config.json: linux.sysctl kernel.hostname: Invalid argument (EINVAL): not allowed: it conflicts with the hostname field",
                Assert.Throws<SandboxUsageException>(() => OciBundle.FromJson("/b", WithNamespaces("""[ { "type": "mount" }, { "type": "uts" } ]""", """{ "kernel.hostname": "x" }""")).ToPlan()).Message);
            Assert.Equal("config.json: linux.sysctl net..x 'net..x': Invalid argument (EINVAL): a key is dot-separated names (net.ipv4.ip_forward)",
                Assert.Throws<SandboxUsageException>(() => OciBundle.FromJson("/b", WithNamespaces("""[ { "type": "mount" }, { "type": "network" } ]""", """{ "net..x": "1" }""")).ToPlan()).Message);
        }

        [SkippableFact]
        public void ParametersInsideAreRuncsAndTheHostsAreUnchanged()
        {
            RuncComparison.Require();
            string[] files = ["/proc/sys/net/ipv4/ip_forward", "/proc/sys/kernel/shmmni", "/proc/sys/fs/mqueue/msg_max", "/proc/sys/kernel/domainname"];
            string[] before = files.Select(File.ReadAllText).ToArray();

            RuncComparison.AssertSame(RuncComparison.Run("cat " + string.Join(' ', files), json => JsonEdits.With(json, "linux", """
                { "namespaces": [ { "type": "pid" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" }, { "type": "network" } ],
                  "sysctl": { "net.ipv4.ip_forward": "1", "kernel.shmmni": "1234", "fs.mqueue.msg_max": "17", "kernel.domainname": "sysctl.example" } }
                """)));

            Assert.Equal(before, files.Select(File.ReadAllText));
        }
    }
}
