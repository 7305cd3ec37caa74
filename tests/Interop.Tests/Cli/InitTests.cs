using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Interop.Linux;
using Interop.Runtime;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>nsbox's PID-1 init: it runs the command, forwards signals, reaps orphans, passes the status on.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class InitTests
    {
        private static RunResult Nsbox(params string[] args) => Run.Program(Published.Nsbox, args);

        [SkippableFact]
        public void InitIsPidOneAndTheCommandIsNot()
        {
            Requirements.Root();
            RunResult result = Nsbox("run", "--pid", "--mount", "--proc", "/proc", "--", "sh", "-c", "cat /proc/1/comm; echo $$");
            Assert.True(result.ExitCode == 0, result.ToString());
            string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("nsbox", lines[0]);
            Assert.NotEqual("1", lines[1]);
        }

        [SkippableFact]
        public void ExitStatusAndSignalDeathArePassedOnThroughTheInit()
        {
            Requirements.Root();
            Assert.Equal(3, Nsbox("run", "--pid", "--", "sh", "-c", "exit 3").ExitCode);
            Assert.Equal(128 + 15, Nsbox("run", "--pid", "--", "sh", "-c", "kill -TERM $$").ExitCode);
            RunResult missing = Nsbox("run", "--pid", "--", "no-such-command-xyz");
            Assert.Equal(127, missing.ExitCode);
            Assert.Equal("nsbox: exec no-such-command-xyz: No such file or directory (ENOENT)\n", missing.Stderr);
        }

        [SkippableFact]
        public void OrphansAreReaped()
        {
            Requirements.Root();
            // The inner sh exits at once; its background sleep is orphaned to PID 1 and exits later.
            RunResult result = Nsbox("run", "--pid", "--mount", "--proc", "/proc", "--", "sh", "-c",
                "sh -c 'sleep 0.2 &'; sh -c 'sleep 0.3 &'; sleep 1; cat /proc/[0-9]*/stat | awk '{print $3}' | grep -c Z");
            Assert.Equal("0", result.Stdout.Trim());
        }

        [SkippableTheory]
        [InlineData(Signal.SIGTERM, 42)]
        [InlineData(Signal.SIGINT, 43)]
        [InlineData(Signal.SIGHUP, 44)]
        [InlineData(Signal.SIGUSR1, 45)]
        [InlineData(Signal.SIGUSR2, 46)]
        [InlineData(Signal.SIGQUIT, 47)]
        [InlineData(Signal.SIGWINCH, 48)]
        public void SignalsToTheInitReachTheCommand(int signal, int status)
        {
            Requirements.Root();
            string ready = Path.Combine(Path.GetTempPath(), "nsbox-ready-" + Guid.NewGuid());
            using ChildProcess init = new SandboxBuilder("sh", "-c", $"trap 'exit {status}' {signal}; touch {ready}; while :; do sleep 0.05; done")
                .Isolate(CloneFlags.NewPid)
                .InitProgram(Published.Nsbox)
                .Start();
            try
            {
                var clock = Stopwatch.StartNew();
                while (!File.Exists(ready) && clock.Elapsed < TimeSpan.FromSeconds(10))
                {
                    Thread.Sleep(10);
                }

                init.Signal(signal);
                Assert.Equal(status, init.WaitForExit().ExitCode);
            }
            finally
            {
                File.Delete(ready);
            }
        }

        [SkippableFact]
        public void KillingNsboxWithSigkillKillsTheWholeSandbox()
        {
            Requirements.Root();
            string marker = "nsbox-sigkill-" + Guid.NewGuid().ToString("N")[..8];
            var info = new ProcessStartInfo(Published.Nsbox) { UseShellExecute = false };
            foreach (string a in new[] { "run", "--pid", "--", "sh", "-c", $"sleep 60 & sleep 61; echo {marker}" })
            {
                info.ArgumentList.Add(a);
            }

            using Process nsbox = Process.Start(info)!;
            var clock = Stopwatch.StartNew();
            while (Sandboxed(marker).Length < 3 && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(20);
            }

            Assert.True(Sandboxed(marker).Length >= 3, "the sandbox did not start");
            nsbox.Kill(); // SIGKILL
            nsbox.WaitForExit();
            clock.Restart();
            while (Sandboxed(marker).Length > 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                Thread.Sleep(20);
            }

            Assert.Empty(Sandboxed(marker));
        }

        /// <summary>Host pids of processes whose command line mentions the marker (the init, sh and its sleeps).</summary>
        private static int[] Sandboxed(string marker) => Directory.GetDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out int p) ? p : 0, Dir: d))
            .Where(p => p.Pid > 0 && p.Pid != Environment.ProcessId)
            .Where(p =>
            {
                try
                {
                    string cmdline = File.ReadAllText(Path.Combine(p.Dir, "cmdline"));
                    string stat = File.ReadAllText(Path.Combine(p.Dir, "stat"));
                    return cmdline.Contains(marker) && !stat.Contains(") Z ");
                }
                catch (IOException)
                {
                    return false;
                }
            })
            .Select(p => p.Pid)
            .ToArray();
    }

    /// <summary>Signal numbers (x86_64 and aarch64 agree on these).</summary>
    internal static class Signal
    {
        public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGUSR1 = 10, SIGUSR2 = 12, SIGTERM = 15, SIGWINCH = 28;
    }
}
