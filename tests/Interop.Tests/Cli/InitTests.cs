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
        public void TheEnvironmentPassesThroughTheInitByteForByte()
        {
            Requirements.Root();
            // The init hands the command the block it received (InitProcess.ReceivedEnvironment): a
            // byte that is not UTF-8 and an empty value arrive as they are, and the list is the same
            // as without the init.
            string probe = "printf %s \"$RAW\" | od -An -tx1; printf '[%s]\\n' \"${EMPTY-unset}\"; env | LC_ALL=C sort";
            RunResult[] results = new[] { "--pid", "--no-init" }.Select(mode => Run.Program("/bin/sh", "-c",
                "export RAW=\"$(printf 'caf\\351')\" EMPTY=; exec \"$0\" run --pid " + (mode == "--pid" ? "" : "--no-init ") + "-- /bin/sh -c \"$1\"",
                Published.Nsbox, probe)).ToArray();
            Assert.True(results[0].ExitCode == 0, results[0].ToString());
            string[] lines = results[0].Stdout.Split('\n');
            Assert.Equal("63 61 66 e9", lines[0].Trim());
            Assert.Equal("[]", lines[1]);
            Assert.Equal(results[1].Stdout, results[0].Stdout);
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
            using var ready = new Fifo();
            // env gives the command the signal at its default: a signal the test host was started
            // with ignored (a background job's INT and QUIT) would stay ignored, and the trap unset.
            using ChildProcess init = new SandboxBuilder("/usr/bin/env", $"--default-signal={signal}", "sh", "-c",
                    $"trap 'exit {status}' {signal}; echo ready > {ready.Path}; while :; do sleep 0.05; done")
                .Isolate(CloneFlags.NewPid)
                .InitProgram(Published.Nsbox)
                .Start();
            Assert.Equal("ready", ready.ReadAll(Timeout));
            init.Signal(signal);
            Assert.Equal(status, WaitForExit(init).ExitCode);
        }

        [SkippableFact]
        public void KillingNsboxWithSigkillKillsTheWholeSandbox()
        {
            Requirements.Root();
            using var ready = new Fifo();
            string marker = "nsbox-sigkill-" + Guid.NewGuid().ToString("N")[..8];
            using BackgroundProgram nsbox = BackgroundProgram.Start(Published.Nsbox, ["run", "--pid", "--", "sh", "-c", $"sleep 60 & echo ready > {ready.Path}; sleep 61; echo {marker}"]);
            Assert.Equal("ready", ready.ReadAll(Timeout));
            int[] sandboxed = Sandboxed(marker);
            Assert.True(sandboxed.Length >= 2, "the init and sh carry the marker");

            // Watch the init (nsbox's one child) through a pidfd: with it the PID namespace ends.
            int initPid = int.Parse(File.ReadAllText($"/proc/{nsbox.Pid}/task/{nsbox.Pid}/children").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            using var init = new Microsoft.Win32.SafeHandles.SafeFileHandle(Native.pidfd_open(initPid, 0), ownsHandle: true);
            Assert.False(init.IsInvalid, "pidfd_open of the init");
            Assert.Equal(0, Native.kill(nsbox.Pid, Native.SIGKILL));
            Assert.Equal(128 + Native.SIGKILL, nsbox.Wait(Timeout).ExitCode);
            Assert.True(Readable(init, Timeout), "the init outlived a SIGKILL of nsbox");
            // The init's exit waits until the kernel has killed every other process of the namespace.
            Assert.Empty(Sandboxed(marker));
        }

        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

        /// <summary>The init's end, or a failure after <see cref="Timeout"/> (never a hang).</summary>
        private static ExitStatus WaitForExit(ChildProcess init)
        {
            System.Threading.Tasks.Task<ExitStatus> waiting = init.WaitForExitAsync();
            if (!waiting.Wait(Timeout))
            {
                init.Kill();
                Assert.Fail($"the sandbox did not end within {Timeout}");
            }

            return waiting.Result;
        }

        private static unsafe bool Readable(Microsoft.Win32.SafeHandles.SafeFileHandle fd, TimeSpan timeout)
        {
            PollFd poll;
            poll.fd = (int)fd.DangerousGetHandle();
            poll.events = Native.POLLIN;
            var clock = Stopwatch.StartNew();
            while (true)
            {
                poll.revents = 0;
                int left = Math.Max(0, (int)(timeout - clock.Elapsed).TotalMilliseconds);
                int result = Native.poll(&poll, 1, left);
                if (result == -1 && (Errno)System.Runtime.InteropServices.Marshal.GetLastSystemError() == Errno.EINTR)
                {
                    continue;
                }

                return result == 1;
            }
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
