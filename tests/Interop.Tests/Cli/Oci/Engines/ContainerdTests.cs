using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci.Engines
{
    /// <summary>
    /// containerd's runc shim (io.containerd.runc.v2) driving nsbox through `ctr run --runc-binary`,
    /// every case under runc too and compared. The shim adds --root to every call and uses `ps
    /// --format json`, `kill --all`, `delete` then `delete --force`.
    /// </summary>
    [Collection(ContainerdCollection.Name)]
    public sealed class ContainerdTests
    {
        private static readonly string[] s_runtimes = ["runc", "nsbox"];
        private readonly ContainerdFixture _containerd;

        public ContainerdTests(ContainerdFixture containerd) => _containerd = containerd;

        private ContainerdEngine Engine => _containerd.Engine;

        private static string Id(string test, string runtime) => $"{test}-{runtime}";

        [SkippableFact]
        public void RunGivesTheCommandsOutputAndStatusAsUnderRunc()
        {
            var seen = new Dictionary<string, RunResult>();
            foreach (string runtime in s_runtimes)
            {
                seen[runtime] = Engine.Invoke(["run", "--rm", .. Engine.RunOptions(runtime), Id("run", runtime),
                    "sh", "-c", "echo out; echo err >&2; grep -E '^Cap' /proc/self/status; hostname; exit 3"]);
            }

            Assert.True(seen["runc"].ExitCode == 3, "runc: " + seen["runc"]);
            Assert.Equal((seen["runc"].ExitCode, seen["runc"].Stdout.Replace("-runc", "-RT")), (seen["nsbox"].ExitCode, seen["nsbox"].Stdout.Replace("-nsbox", "-RT")));
            Assert.Contains("err", seen["nsbox"].Stderr, StringComparison.Ordinal);
        }

        [SkippableFact]
        public void ATerminalWithDashTIsTheContainersOwn()
        {
            Requirements.Program(OnATerminal.Script);
            var seen = new Dictionary<string, string>();
            foreach (string runtime in s_runtimes)
            {
                string command = string.Join(' ', Engine.CommandLine(["run", "--rm", "-t", .. Engine.RunOptions(runtime), Id("tty", runtime), "sh", "-c", "'tty; test -t 0 && echo stdin-is-a-tty; exit 6'"]));
                RunResult result = OnATerminal.Run(command, TimeSpan.FromSeconds(120));
                seen[runtime] = $"{result.ExitCode} {OnATerminal.Output(result.Stdout)}";
            }

            Assert.StartsWith("6 /dev/pts/0\nstdin-is-a-tty\n", seen["runc"], StringComparison.Ordinal);
            Assert.Equal(seen["runc"], seen["nsbox"]);
        }

        /// <summary>A detached task: exec'd into, listed with task ps, killed with --all, deleted; nothing left.</summary>
        [SkippableFact]
        public void ATaskIsExecedIntoListedKilledAndDeleted()
        {
            var seen = new Dictionary<string, List<string>>();
            foreach (string runtime in s_runtimes)
            {
                string id = Id("task", runtime);
                var steps = new List<string>();
                seen[runtime] = steps;
                RunResult started = Engine.Invoke(["run", "--detach", .. Engine.RunOptions(runtime), id, "sh", "-c", "sleep 1000 & while :; do sleep 0.05; done"]);
                Assert.True(started.ExitCode == 0, runtime + ": " + started);
                try
                {
                    RunResult exec = Engine.Invoke("task", "exec", "--exec-id", "probe", id, "sh", "-c", "echo inside; exit 2");
                    steps.Add($"exec {exec.ExitCode} {exec.Stdout.Trim()}");
                    RunResult listed = Engine.Invoke("task", "ps", id);
                    // Header and one line per process: PID 1's shell and its sleep, at least.
                    steps.Add("ps " + (listed.ExitCode == 0 && listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 3));
                    RunResult killed = Engine.Invoke("task", "kill", "--all", "--signal", "KILL", id);
                    steps.Add("kill " + killed.ExitCode);
                }
                finally
                {
                    steps.Add("delete " + DeleteWhenStopped(id));
                    steps.Add("container delete " + Engine.Invoke("container", "delete", id).ExitCode);
                }
            }

            Assert.Equal(seen["runc"], seen["nsbox"]);
            Assert.Equal("exec 2 inside", seen["runc"][0]);
        }

        /// <summary>`task delete` refuses a task that has not stopped yet: try until the kill has taken effect (it is asynchronous).</summary>
        private int DeleteWhenStopped(string id)
        {
            // Wait for the stop through ctr's own event (task ls shows STOPPED), not for some time.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(30)
                && !Regex.IsMatch(Engine.Invoke("task", "ls").Stdout, $@"^{Regex.Escape(id)}\s+\d+\s+STOPPED", RegexOptions.Multiline))
            {
            }

            return Engine.Invoke("task", "delete", id).ExitCode;
        }
    }
}
