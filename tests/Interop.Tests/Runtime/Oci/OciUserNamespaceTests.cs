using System.IO;
using Interop.Tests.Cli.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>A new user namespace with linux.uidMappings and gidMappings that do not map the caller (root to 100000), beside runc.</summary>
    [Collection(SpawningCollection.Name)]
    public sealed class OciUserNamespaceTests
    {
        private const string Maps = """[ { "containerID": 0, "hostID": 100000, "size": 65536 } ]""";

        // A tmpfs mounted in the namespace, a mount point made in it (runtime-tools: /dev then /dev/pts), a file made in it;
        // /dev a tmpfs too, where the runtimes make the device nodes (the image's is host root's).
        private const string Mounts = """
            [ { "destination": "/proc", "type": "proc", "source": "proc" },
              { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"] },
              { "destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["mode=755"] },
              { "destination": "/tmp/sub", "type": "tmpfs", "source": "tmpfs" } ]
            """;

        private const string Probe = "busybox id -u; busybox id -g; cat /proc/self/uid_map /proc/self/gid_map; touch /tmp/sub/f && echo made";

        [SkippableFact]
        public void TheSetupRunsAsTheNamespacesRootAsUnderRunc()
        {
            RuncComparison.Require();
            using var runcBundle = new BusyboxBundle(Probe);
            using var nsboxBundle = new BusyboxBundle(Probe);
            foreach (BusyboxBundle bundle in new[] { runcBundle, nsboxBundle })
            {
                // The namespace's root (host 100000) walks to the root: the bundle directory is not only for host root.
                File.SetUnixFileMode(bundle.Directory, (UnixFileMode)0b111_101_101);
                string config = Path.Combine(bundle.Directory, "config.json");
                string json = JsonEdits.With(File.ReadAllText(config), "mounts", Mounts);
                json = JsonEdits.With(json, "linux.namespaces", """[ { "type": "pid" }, { "type": "uts" }, { "type": "mount" }, { "type": "user" } ]""");
                json = JsonEdits.With(json, "linux.uidMappings", Maps);
                json = JsonEdits.With(json, "linux.gidMappings", Maps);
                File.WriteAllText(config, json);
            }

            using OciRuntime runc = OciRuntime.Runc();
            using OciRuntime nsbox = OciRuntime.Nsbox();
            RunResult reference = runc.Detached(runcBundle.Directory, "run", "--bundle", runcBundle.Directory, "u1");
            RunResult ours = nsbox.Detached(nsboxBundle.Directory, "run", "--bundle", nsboxBundle.Directory, "u1");

            RuncComparison.AssertSame((reference, ours));
            Assert.Equal("0\n0\n         0     100000      65536\n         0     100000      65536\nmade\n", ours.Stdout);
        }
    }
}
