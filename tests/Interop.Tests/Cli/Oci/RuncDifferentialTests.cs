using System;
using System.Linq;
using System.Text.Json;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>nsbox beside runc (the reference OCI runtime) on the same bundle: the same fields, statuses and exit statuses.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class RuncDifferentialTests
    {
        private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

        private static void Require()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            Requirements.Program("/usr/sbin/runc");
        }

        [SkippableFact]
        public void StateHasRuncsFieldsInRuncsOrderThroughTheLifecycle()
        {
            Require();
            var seen = new System.Collections.Generic.List<string[][]>();
            foreach (bool useRunc in new[] { true, false })
            {
                // One bundle per runtime: each container's command writes its own fifos.
                using var bundle = new BusyboxBundle("echo ready > /out/ready; read x < /out/go");
                string ready = bundle.MakeFifo("ready");
                string go = bundle.MakeFifo("go");
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                string[] statuses = new string[3];
                string[][] keys = new string[3][];

                Assert.Equal(0, runtime.Detached(bundle.Directory, "create", "d1").ExitCode);
                (statuses[0], keys[0]) = Look(runtime);
                int pid = ContainerProbe.State(runtime.Verb("state", "d1").Stdout).GetProperty("pid").GetInt32();
                Assert.Equal(0, runtime.Verb("start", "d1").ExitCode);
                Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
                (statuses[1], keys[1]) = Look(runtime);
                ContainerProbe.Write(go, "go", s_limit);
                Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
                (statuses[2], keys[2]) = Look(runtime);

                Assert.Equal(["created", "running", "stopped"], statuses);
                seen.Add(keys);

                RunResult kill = runtime.Verb("kill", "d1", "KILL");
                Assert.Equal(1, kill.ExitCode);
                Assert.Equal(0, runtime.Verb("delete", "d1").ExitCode);
                Assert.Empty(System.IO.Directory.GetDirectories(runtime.Root));
            }

            // nsbox's fields, in each status, are runc's, in runc's order.
            Assert.Equal(seen[0], seen[1]);
        }

        [SkippableFact]
        public void UnknownIdsFailAsRuncFailsWithOneLine()
        {
            Require();
            using OciRuntime nsbox = OciRuntime.Nsbox();
            using OciRuntime runc = OciRuntime.Runc();
            foreach (string[] verb in new[] { new[] { "state" }, new[] { "start" }, new[] { "kill" }, new[] { "delete" }, new[] { "delete", "--force" } })
            {
                string[] args = [.. verb, "no-such-id"];
                RunResult ours = nsbox.Verb(args);
                RunResult reference = runc.Verb(args);
                Assert.True(reference.ExitCode == ours.ExitCode, string.Join(' ', args) + ": runc " + reference + "\nnsbox " + ours);
                // runc's delete --force of what is not there succeeds quietly (engines clean up with it).
                Assert.Equal(ours.ExitCode == 0 ? "" : "nsbox: container no-such-id: No such file or directory (ENOENT): container does not exist\n", ours.Stderr);
                Assert.Equal("", ours.Stdout);
            }
        }

        [SkippableFact]
        public void RunOfAMissingCommandAndDeleteOfARunningOneGiveRuncsStatuses()
        {
            Require();
            using var bundle = new BusyboxBundle("true");
            bundle.WriteConfig(["/bin/no-such-command"]);
            using OciRuntime nsbox = OciRuntime.Nsbox();
            using OciRuntime runc = OciRuntime.Runc();
            RunResult ours = nsbox.Detached(bundle.Directory, "run", "--bundle", bundle.Directory, "m1");
            RunResult reference = runc.Detached(bundle.Directory, "run", "--bundle", bundle.Directory, "m1");
            Assert.True(reference.ExitCode == ours.ExitCode, "runc " + reference + "\nnsbox " + ours);
            Assert.Equal("nsbox: exec /bin/no-such-command: No such file or directory (ENOENT)\n", ours.Stderr);
            Assert.Empty(System.IO.Directory.GetDirectories(nsbox.Root));

            bundle.WriteConfig(["sh", "-c", "echo ready > /out/ready; while true; do sleep 1; done"]);
            foreach (OciRuntime runtime in new[] { runc, nsbox })
            {
                string ready = bundle.MakeFifo("ready");
                Assert.Equal(0, runtime.Detached(bundle.Directory, "run", "--detach", "--bundle", bundle.Directory, "busy").ExitCode);
                Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
                System.IO.File.Delete(ready);
            }

            Assert.Equal(runc.Verb("delete", "busy").ExitCode, nsbox.Verb("delete", "busy").ExitCode);
            Assert.Equal(runc.Verb("delete", "--force", "busy").ExitCode, nsbox.Verb("delete", "--force", "busy").ExitCode);
            Assert.Empty(System.IO.Directory.GetDirectories(nsbox.Root));
        }

        /// <summary>
        /// The container's process starts with runc's signal dispositions and mask, also when the
        /// runtime.s own parent ignored SIGPIPE and SIGUSR1 (runc resets SIGPIPE
        /// to its default in every case, unlike unshare, and nsbox follows runc here), through run
        /// and through create + start.
        /// </summary>
        [SkippableTheory]
        [InlineData("")]
        [InlineData("trap '' PIPE USR1;")]
        public void SignalDispositionsInsideAreRuncs(string parent)
        {
            Require();
            using var bundle = new BusyboxBundle("cat /proc/self/status > /out/status");
            string Inside(OciRuntime runtime, string id, bool createThenStart)
            {
                string status = System.IO.Path.Combine(bundle.Out, "status");
                System.IO.File.Delete(status);
                string call = $"{runtime.Program} --root {runtime.Root}";
                string script = createThenStart
                    ? $"{parent} {call} create --bundle {bundle.Directory} {id} </dev/null >/dev/null && {call} start {id}"
                    : $"{parent} exec {call} run --bundle {bundle.Directory} {id} </dev/null";
                RunResult ran = Run.Program("/bin/bash", ["-c", script], s_limit);
                Assert.True(ran.ExitCode == 0, script + ": " + ran);
                if (createThenStart)
                {
                    int pid = ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("pid").GetInt32();
                    Assert.True(pid == 0 || ContainerProbe.WaitForExit(pid, s_limit));
                }

                Assert.Equal(0, runtime.Verb("delete", "--force", id).ExitCode);
                return string.Join("\n", System.IO.File.ReadAllLines(status).Where(line => line.StartsWith("Sig", StringComparison.Ordinal) && !line.StartsWith("SigQ", StringComparison.Ordinal)));
            }

            using OciRuntime runc = OciRuntime.Runc();
            using OciRuntime nsbox = OciRuntime.Nsbox();
            Assert.Equal(Inside(runc, "s1", createThenStart: false), Inside(nsbox, "s1", createThenStart: false));
            Assert.Equal(Inside(runc, "s2", createThenStart: true), Inside(nsbox, "s2", createThenStart: true));
            Assert.Empty(System.IO.Directory.GetDirectories(nsbox.Root));
        }

        [SkippableFact]
        public void KillOfACreatedContainerEndsItAsUnderRunc()
        {
            Require();
            using var bundle = new BusyboxBundle("echo never > /out/ran");
            foreach (OciRuntime runtime in new[] { OciRuntime.Runc(), OciRuntime.Nsbox() })
            {
                using (runtime)
                {
                    Assert.Equal(0, runtime.Detached(bundle.Directory, "create", "t1").ExitCode);
                    int pid = ContainerProbe.State(runtime.Verb("state", "t1").Stdout).GetProperty("pid").GetInt32();
                    Assert.Equal(0, runtime.Verb("kill", "t1").ExitCode);
                    Assert.True(ContainerProbe.WaitForExit(pid, s_limit), "SIGTERM did not end the waiting process");
                    Assert.Equal("stopped", ContainerProbe.State(runtime.Verb("state", "t1").Stdout).GetProperty("status").GetString());
                    Assert.Equal(0, runtime.Verb("delete", "t1").ExitCode);
                    Assert.False(System.IO.File.Exists(System.IO.Path.Combine(bundle.Out, "ran")));
                }
            }
        }

        [SkippableFact]
        public void ListHasRuncsColumnsAndJsonFields()
        {
            Require();
            using var bundle = new BusyboxBundle("true");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            using OciRuntime runc = OciRuntime.Runc();
            Assert.Equal(runc.Verb("list").Stdout, nsbox.Verb("list").Stdout);
            Assert.Equal(0, nsbox.Detached(bundle.Directory, "create", "l1").ExitCode);
            Assert.Equal(0, runc.Detached(bundle.Directory, "create", "l1").ExitCode);

            string[] ours = nsbox.Verb("list").Stdout.Split('\n');
            string[] reference = runc.Verb("list").Stdout.Split('\n');
            Assert.Equal(reference.Length, ours.Length);
            Assert.Equal(Columns(reference[1]).Where((_, i) => i != 1 && i != 4), Columns(ours[1]).Where((_, i) => i != 1 && i != 4));

            JsonElement oursJson = ContainerProbe.State(nsbox.Verb("list", "--format", "json").Stdout)[0];
            JsonElement referenceJson = ContainerProbe.State(runc.Verb("list", "--format", "json").Stdout)[0];
            Assert.Equal(referenceJson.EnumerateObject().Select(p => p.Name).Order(), oursJson.EnumerateObject().Select(p => p.Name).Order());
            foreach (string field in new[] { "id", "status", "bundle", "rootfs", "owner" })
            {
                Assert.Equal(referenceJson.GetProperty(field).GetString(), oursJson.GetProperty(field).GetString());
            }
        }

        private static string[] Columns(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        private static (string Status, string[] Keys) Look(OciRuntime runtime)
        {
            JsonElement state = ContainerProbe.State(runtime.Verb("state", "d1").Stdout);
            return (state.GetProperty("status").GetString()!, state.EnumerateObject().Select(p => p.Name).ToArray());
        }
    }
}
