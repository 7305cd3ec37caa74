using System.Diagnostics;
using System.IO;
using Interop.Tests.Cli.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>A namespace joined by path (linux.namespaces[].path), with the config's settings of its type applied there, beside runc.</summary>
    [Collection(SpawningCollection.Name)]
    public sealed class OciJoinedNamespaceTests
    {
        private const string Probe = "cat /proc/sys/kernel/hostname; busybox readlink /proc/self/ns/uts";

        [SkippableFact]
        public void AHostnameIsSetInAJoinedUtsNamespaceAsUnderRunc()
        {
            RuncComparison.Require();
            Requirements.Program("/usr/bin/unshare");
            // runtime-tools' linux_ns_path: a process of its own in a new UTS namespace, joined by the container.
            // It says when it is in its namespace (the shell runs after unshare's unshare): no polling.
            using var ready = new Fifo();
            using var holder = Process.Start(new ProcessStartInfo("/usr/bin/unshare", ["--uts", "/bin/sh", "-c", $"echo ready > {ready.Path}; exec sleep 60"]))!;
            try
            {
                string own = ReadLink("/proc/self/ns/uts");
                string path = "/proc/" + holder.Id + "/ns/uts";
                Assert.Equal("ready", ready.ReadAll(System.TimeSpan.FromSeconds(20)));
                string joined = ReadLink(path);
                Assert.NotEqual(own, joined);
                (RunResult runc, RunResult nsbox) = RuncComparison.Run(Probe, json =>
                    JsonEdits.With(JsonEdits.With(json, "linux.namespaces", """[ { "type": "pid" }, { "type": "mount" }, { "type": "uts", "path": "PATH" } ]""".Replace("PATH", path, System.StringComparison.Ordinal)), "hostname", "\"joined\""));

                RuncComparison.AssertSame((runc, nsbox));
                Assert.Equal("joined\n" + joined + "\n", nsbox.Stdout);
            }
            finally
            {
                holder.Kill();
                holder.WaitForExit();
            }
        }

        private static string ReadLink(string path) => new FileInfo(path).LinkTarget ?? "";
    }
}
