using System;
using System.Linq;
using System.Text.Json;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>ps beside runc: the JSON pids, the table's header and the container's lines, ps(1)'s arguments, the errors.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class PsTests
    {
        private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

        [SkippableFact]
        public void PsListsTheContainersProcessesAsRuncDoes()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            Requirements.Program("/usr/sbin/runc");
            Requirements.Program("/bin/ps");
            var seen = new System.Collections.Generic.List<string[]>();
            foreach (bool useRunc in new[] { true, false })
            {
                // A pipeline, not '&': busybox sh opens /dev/null for a background job, and nsbox makes no device nodes yet.
                using var bundle = new BusyboxBundle("sleep 1000 | (echo ready > /out/ready; read x < /out/never)");
                string ready = bundle.MakeFifo("ready");
                bundle.MakeFifo("never");
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                string id = CgroupProbe.Id(useRunc ? "ps-runc" : "ps-nsbox");
                Assert.Equal(0, runtime.Detached(bundle.Directory, "run", "--detach", "--bundle", bundle.Directory, id).ExitCode);
                Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
                int pid = ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("pid").GetInt32();

                RunResult json = runtime.Verb("ps", "--format", "json", id);
                int[] pids = JsonSerializer.Deserialize<int[]>(json.Stdout)!;
                Assert.Contains(pid, pids);
                Assert.Equal(3, pids.Length);
                Assert.EndsWith("]\n", json.Stdout, StringComparison.Ordinal);

                RunResult table = runtime.Verb("ps", id);
                string[] lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(Run.Program("/bin/ps", "-ef").Stdout.Split('\n')[0], lines[0]);
                Assert.Equal(4, lines.Length);

                RunResult chosen = runtime.Verb("ps", id, "-o", "pid,comm");
                string[] columns = chosen.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Contains(columns, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] == pid.ToString());

                RunResult noPid = runtime.Verb("ps", id, "-o", "comm");
                RunResult badFormat = runtime.Verb("ps", "--format", "yaml", id);
                Assert.Equal(0, runtime.Verb("kill", "--all", id, "KILL").ExitCode);
                Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
                RunResult stopped = runtime.Verb("ps", "--format", "json", id);
                RunResult stoppedTable = runtime.Verb("ps", id);
                RunResult unknown = runtime.Verb("ps", "no-such-id");
                RunResult none = runtime.Verb("ps");
                seen.Add(
                [
                    "json " + json.ExitCode,
                    "table " + table.ExitCode,
                    "-o pid,comm " + chosen.ExitCode + " " + string.Join(',', columns.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).Order()),
                    "-o comm " + noPid.ExitCode + " " + noPid.Stdout.Length,
                    "--format yaml " + badFormat.ExitCode + " " + badFormat.Stdout.Length,
                    "stopped json " + stopped.ExitCode + " " + stopped.Stdout.Trim(),
                    "stopped table " + stoppedTable.ExitCode + " " + stoppedTable.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length,
                    "unknown " + unknown.ExitCode,
                    "no id " + none.ExitCode,
                ]);

                Assert.Equal(0, runtime.Verb("delete", id).ExitCode);
                Assert.Empty(CgroupProbe.Directories(id));
            }

            Assert.Equal(
            [
                "json 0",
                "table 0",
                "-o pid,comm 0 COMMAND,sh,sh,sleep",
                "-o comm 1 0",
                "--format yaml 1 0",
                "stopped json 0 null",
                "stopped table 0 1",
                "unknown 1",
                "no id 1",
            ], seen[1]);
            Assert.Equal(seen[0], seen[1]);
        }
    }
}
