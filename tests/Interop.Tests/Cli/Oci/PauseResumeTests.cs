using System;
using System.IO;
using System.Linq;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>pause and resume beside runc: the statuses they lead to, their errors and exit statuses, the freezer seen from the host, and delete --force of a paused container.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class PauseResumeTests
    {
        private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

        private static string Status(OciRuntime runtime, string id) =>
            ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("status").GetString()!;

        [SkippableFact]
        public void PauseAndResumeGoThroughTheSameStatusesAndErrorsAsRunc()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            Requirements.Program("/usr/sbin/runc");
            var seen = new System.Collections.Generic.List<string[]>();
            foreach (bool useRunc in new[] { true, false })
            {
                using var bundle = new BusyboxBundle("echo ready > /out/ready; read x < /out/go");
                string ready = bundle.MakeFifo("ready");
                string go = bundle.MakeFifo("go");
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                string id = CgroupProbe.Id(useRunc ? "pause-runc" : "pause-nsbox");
                var steps = new System.Collections.Generic.List<string>();
                void Step(params string[] verb) => steps.Add(string.Join(' ', verb).Replace(id, "ID", StringComparison.Ordinal) + " -> " + runtime.Verb(verb).ExitCode + " " + Status(runtime, id));

                Assert.Equal(0, runtime.Detached(bundle.Directory, "create", id).ExitCode);
                string freezer = CgroupProbe.Directories(id).Single(d => d.StartsWith("/sys/fs/cgroup/freezer/", StringComparison.Ordinal));
                Step("pause", id);
                Step("pause", id);
                Step("resume", id);
                Step("resume", id);
                Assert.Equal(0, runtime.Verb("start", id).ExitCode);
                Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
                Step("pause", id);
                Assert.Equal("FROZEN", File.ReadAllText(Path.Combine(freezer, "freezer.state")).Trim());
                Step("delete", id);
                Step("resume", id);
                Assert.Equal("THAWED", File.ReadAllText(Path.Combine(freezer, "freezer.state")).Trim());
                int pid = ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("pid").GetInt32();
                ContainerProbe.Write(go, "go", s_limit);
                Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
                Step("pause", id);
                Step("resume", id);
                seen.Add([.. steps]);

                Assert.Equal(0, runtime.Verb("delete", id).ExitCode);
                Assert.Empty(CgroupProbe.Directories(id));
            }

            Assert.Equal(
            [
                "pause ID -> 0 paused",
                "pause ID -> 1 paused",
                "resume ID -> 0 created",
                "resume ID -> 1 created",
                "pause ID -> 0 paused",
                "delete ID -> 1 paused",
                "resume ID -> 0 running",
                "pause ID -> 1 stopped",
                "resume ID -> 1 stopped",
            ], seen[1]);
            Assert.Equal(seen[0], seen[1]);
        }

        [SkippableFact]
        public void DeleteForceOfAPausedContainerEndsItAndLeavesNoCgroup()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            Requirements.Program("/usr/sbin/runc");
            foreach (bool useRunc in new[] { true, false })
            {
                using var bundle = new BusyboxBundle("echo ready > /out/ready; while true; do read x < /out/never; done");
                string ready = bundle.MakeFifo("ready");
                bundle.MakeFifo("never");
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                string id = CgroupProbe.Id(useRunc ? "pdel-runc" : "pdel-nsbox");
                Assert.Equal(0, runtime.Detached(bundle.Directory, "run", "--detach", "--bundle", bundle.Directory, id).ExitCode);
                Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
                int pid = ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("pid").GetInt32();
                Assert.Equal(0, runtime.Verb("pause", id).ExitCode);

                RunResult delete = runtime.Verb("delete", "--force", id);

                Assert.True(delete.ExitCode == 0, delete.ToString());
                Assert.True(ContainerProbe.HasEnded(pid));
                Assert.Empty(CgroupProbe.Directories(id));
                Assert.Empty(Directory.GetDirectories(runtime.Root));
            }
        }
    }
}
