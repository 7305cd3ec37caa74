using System;
using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// Signals sent to nsbox reach the command, which decides the status (docker's signal proxy);
    /// only SIGKILL of nsbox takes the sandbox down. Readiness is a line on a fifo, never a sleep.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed unsafe class SignalForwardingTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

        public static TheoryData<int, string> TrapCases()
        {
            var cases = new TheoryData<int, string>();
            // Every signal nsbox forwards but CONT (its own test below, after a stop).
            foreach (int signal in new[] { Native.SIGTERM, Native.SIGINT, Native.SIGHUP, Native.SIGUSR1, Native.SIGQUIT, Native.SIGUSR2, Native.SIGWINCH })
            {
                foreach (string mode in new[] { "--uts", "--pid", "--pid --no-init" })
                {
                    cases.Add(signal, mode);
                }
            }

            return cases;
        }

        [SkippableTheory]
        [MemberData(nameof(TrapCases))]
        public void TheCommandsTrapRunsToCompletionAndDecidesTheStatus(int signal, string mode)
        {
            Requirements.Root();
            using var ready = new Fifo();
            string command = $"trap 'echo bye; exit 7' {signal}; echo ready > {ready.Path}; while :; do sleep 0.05; done";
            using BackgroundProgram nsbox = StartNsbox(mode, command);

            Assert.Equal("ready", ready.ReadAll(Timeout));
            Assert.Equal(0, Native.kill(nsbox.Pid, signal));

            RunResult result = nsbox.Wait(Timeout);
            Assert.True(result.ExitCode == 7, result.ToString());
            Assert.Equal("bye\n", result.Stdout);
            Assert.Equal("", result.Stderr);
        }

        [SkippableTheory]
        [InlineData("--uts")]
        [InlineData("--pid")]
        [InlineData("--pid --no-init")]
        public void ContinuingAStoppedNsboxContinuesTheCommandWithSigcont(string mode)
        {
            Requirements.Root();
            using var ready = new Fifo();
            using BackgroundProgram nsbox = StartNsbox(mode, $"trap 'echo cont; exit 9' CONT; echo ready > {ready.Path}; while :; do sleep 0.05; done");
            Assert.Equal("ready", ready.ReadAll(Timeout));

            Assert.Equal(0, Native.kill(nsbox.Pid, Native.SIGSTOP));
            WaitUntilStopped(nsbox.Pid);
            Assert.Equal(0, Native.kill(nsbox.Pid, Native.SIGCONT));

            RunResult result = nsbox.Wait(Timeout);
            Assert.True(result.ExitCode == 9, result.ToString());
            Assert.Equal("cont\n", result.Stdout);
        }

        /// <summary>
        /// Deterministic: nsbox is stopped while the command exits, so the signals are certain to
        /// arrive after the exit and before nsbox has seen it.
        /// </summary>
        [SkippableFact]
        public void SignalsArrivingAfterTheCommandExitedChangeNothing()
        {
            Requirements.Root();
            using var ready = new Fifo();
            using var go = new Fifo();
            using BackgroundProgram nsbox = StartNsbox("--uts", $"echo $$ > {ready.Path}; read x < {go.Path}; exit 5");
            int commandPid = int.Parse(ready.ReadAll(Timeout), System.Globalization.CultureInfo.InvariantCulture);
            int pidfd = Native.pidfd_open(commandPid, 0);
            Assert.True(pidfd >= 0, "pidfd_open of the command");
            try
            {
                Assert.Equal(0, Native.kill(nsbox.Pid, Native.SIGSTOP));
                WaitUntilStopped(nsbox.Pid);
                go.Write("go", Timeout);
                Assert.True(WaitReadable(pidfd, Timeout), "the command did not exit");

                foreach (int signal in new[] { Native.SIGTERM, Native.SIGINT, Native.SIGHUP, Native.SIGUSR1, Native.SIGCONT })
                {
                    Assert.Equal(0, Native.kill(nsbox.Pid, signal));
                }

                RunResult result = nsbox.Wait(Timeout);
                Assert.True(result.ExitCode == 5, result.ToString());
                Assert.Equal("", result.Stderr);
            }
            finally
            {
                Native.close(pidfd);
            }
        }

        /// <summary>
        /// A signal nsbox's parent left blocked and pending for it is not nsbox's to act on: the
        /// command runs, as under unshare (it used to end nsbox before the spawn, with 143).
        /// </summary>
        [SkippableTheory]
        [InlineData("--uts")]
        [InlineData("--pid")]
        public void ASignalInheritedBlockedAndPendingIsLeftAloneAsUnderUnshare(string mode)
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/unshare");
            RunResult Pending(string tool) => Run.Program("/usr/bin/env", "--block-signal=TERM", "/bin/sh", "-c", $"kill -TERM $$; exec {tool} sh -c 'echo ran'");

            RunResult unshare = Pending($"/usr/bin/unshare {mode} --fork --");
            Assert.True(unshare.ExitCode == 0 && unshare.Stdout == "ran\n", unshare.ToString());
            RunResult nsbox = Pending($"{Published.Nsbox} run {mode} --");
            Assert.Equal((unshare.ExitCode, unshare.Stdout, unshare.Stderr), (nsbox.ExitCode, nsbox.Stdout, nsbox.Stderr));
        }

        /// <summary>
        /// A signal nsbox's parent made it ignore (a shell ignores INT and QUIT for a background job)
        /// is ignored, not forwarded, even to a command that has it at its default: the INT sent first
        /// would end the command; the USR1 after it (standard signals arrive lowest number first)
        /// reaches its trap only if the INT was not passed on.
        /// </summary>
        [SkippableTheory]
        [InlineData("--uts")]
        [InlineData("--pid")]
        public void ASignalNsboxInheritedIgnoredIsNotForwarded(string mode)
        {
            Requirements.Root();
            using var ready = new Fifo();
            string command = $"trap 'echo usr1; exit 5' USR1; echo ready > {ready.Path}; while :; do sleep 0.05; done";
            using BackgroundProgram nsbox = BackgroundProgram.Start("/bin/bash",
                ["-c", $"trap '' INT; exec {Published.Nsbox} run {mode} -- /usr/bin/env --default-signal=INT sh -c \"{command}\""]);
            Assert.Equal("ready", ready.ReadAll(Timeout));

            Assert.Equal(0, Native.kill(nsbox.Pid, Native.SIGINT));
            Assert.Equal(0, Native.kill(nsbox.Pid, Native.SIGUSR1));

            RunResult result = nsbox.Wait(Timeout);
            Assert.True(result.ExitCode == 5, result.ToString());
            Assert.Equal("usr1\n", result.Stdout);
        }

        [SkippableTheory]
        [InlineData("--uts")]
        [InlineData("--pid")]
        [InlineData("--pid --no-init")]
        public void SigkillOfNsboxTakesTheSandboxDown(string mode)
        {
            Requirements.Root();
            using var ready = new Fifo();
            using BackgroundProgram nsbox = StartNsbox(mode, $"echo ready > {ready.Path}; while :; do sleep 0.05; done");
            Assert.Equal("ready", ready.ReadAll(Timeout));

            // nsbox's one child: the command, or the init that runs it.
            string children = File.ReadAllText($"/proc/{nsbox.Pid}/task/{nsbox.Pid}/children").Trim();
            int sandbox = int.Parse(Assert.Single(children.Split(' ')), System.Globalization.CultureInfo.InvariantCulture);
            int pidfd = Native.pidfd_open(sandbox, 0);
            Assert.True(pidfd >= 0, "pidfd_open of the sandbox");
            try
            {
                Assert.Equal(0, Native.kill(nsbox.Pid, Native.SIGKILL));
                Assert.True(WaitReadable(pidfd, Timeout), "the sandbox outlived a SIGKILL of nsbox");
                Assert.Equal(128 + Native.SIGKILL, nsbox.Wait(Timeout).ExitCode);
            }
            finally
            {
                Native.close(pidfd);
            }
        }

        /// <summary>
        /// The kernel gives a signal sent to nsbox to any thread that does not block it: every one
        /// of nsbox's threads must block the forwarded signals, also when nsbox runs on a terminal
        /// (script(1)), where CommandLineParser's use of System.Console started a thread of its own.
        /// </summary>
        [SkippableTheory]
        [InlineData(false)]
        [InlineData(true)]
        public void EveryThreadOfNsboxBlocksTheForwardedSignals(bool onATerminal)
        {
            Requirements.Root();
            using var ready = new Fifo();
            string command = $"echo $PPID > {ready.Path}; exec sleep 60";
            using BackgroundProgram started = onATerminal
                ? BackgroundProgram.Start(OnATerminal.Script, OnATerminal.Arguments($"{Published.Nsbox} run --uts -- sh -c '{command}'"))
                : StartNsbox("--uts", command);
            int nsbox = int.Parse(ready.ReadAll(Timeout), System.Globalization.CultureInfo.InvariantCulture);

            ulong forwarded = 0;
            foreach (int signal in new[] { Native.SIGHUP, Native.SIGINT, Native.SIGQUIT, Native.SIGUSR1, Native.SIGUSR2, Native.SIGTERM, Native.SIGWINCH, Native.SIGCONT })
            {
                forwarded |= 1ul << (signal - 1);
            }

            string[] threads = Directory.GetDirectories($"/proc/{nsbox}/task");
            Assert.True(threads.Length >= 2, "nsbox has a finalizer thread besides its main one");
            foreach (string thread in threads)
            {
                string blockedLine = File.ReadAllLines(Path.Combine(thread, "status")).Single(l => l.StartsWith("SigBlk:", StringComparison.Ordinal));
                ulong blocked = Convert.ToUInt64(blockedLine["SigBlk:".Length..].Trim(), 16);
                string name = File.ReadAllText(Path.Combine(thread, "comm")).Trim();
                Assert.True((blocked & forwarded) == forwarded, $"thread {name} of nsbox: {blockedLine}");
            }

            // Done: a TERM to nsbox ends the sleep, and with it nsbox (and script).
            Assert.Equal(0, Native.kill(nsbox, Native.SIGTERM));
            Assert.Equal(128 + Native.SIGTERM, started.Wait(Timeout).ExitCode);
        }

        /// <summary>
        /// Ctrl-C in a terminal goes to the whole foreground process group, the command included:
        /// nsbox must not add a second SIGINT. The same command under unshare is the reference.
        /// </summary>
        [SkippableTheory]
        [InlineData("run --uts --", "unshare --uts --fork")]
        [InlineData("run --pid --", "unshare --uts --pid --fork")]
        [InlineData("run --pid --no-init --", "unshare --uts --pid --fork")]
        public void CtrlCInATerminalRunsTheTrapOnceAsUnderUnshare(string nsboxArguments, string unshareCommand)
        {
            Requirements.Root();
            Requirements.Program(OnATerminal.Script);
            Requirements.Program("/usr/bin/unshare");
            (int status, string output) nsbox = CtrlCInATerminal($"{Published.Nsbox} {nsboxArguments}");
            (int status, string output) unshare = CtrlCInATerminal(unshareCommand);

            Assert.Equal((1, "got 1"), unshare);
            Assert.Equal(unshare, nsbox);
        }

        /// <summary>In a session of its own the command is out of the terminal's reach: nsbox passes the terminal's Ctrl-C on, once.</summary>
        [SkippableFact]
        public void CtrlCReachesACommandInANewSessionThroughNsbox()
        {
            Requirements.Root();
            Requirements.Program(OnATerminal.Script);
            Assert.Equal((1, "got 1"), CtrlCInATerminal($"{Published.Nsbox} run --uts --new-session --"));
        }

        /// <summary>Runs PREFIX sh SCRIPT on a new terminal (script(1)), types Ctrl-C once the trap is set; the script counts the SIGINTs it saw within a second.</summary>
        private static (int, string) CtrlCInATerminal(string prefix)
        {
            using var ready = new Fifo();
            string file = Path.Combine(Path.GetDirectoryName(ready.Path)!, "count-sigint.sh");
            File.WriteAllText(file, $"trap 'n=$((n+1))' INT; n=0; echo ready > {ready.Path}; i=0; while [ $i -lt 10 ]; do sleep 0.1; i=$((i+1)); done; echo got $n; exit $n\n");
            using BackgroundProgram terminal = BackgroundProgram.Start(OnATerminal.Script, OnATerminal.Arguments($"{prefix} sh {file}"));
            Assert.Equal("ready", ready.ReadAll(Timeout));
            terminal.Input.Write('\x03');
            terminal.Input.Flush();
            RunResult result = terminal.Wait(Timeout);
            // The terminal echoes ^C (and nsbox's parser may write terminfo keypad codes): take the count alone.
            System.Text.RegularExpressions.MatchCollection counts = System.Text.RegularExpressions.Regex.Matches(result.Stdout, @"got (\d+)");
            string got = counts.Count > 0 ? counts[^1].Value : result.ToString();
            return (result.ExitCode, got);
        }

        private static BackgroundProgram StartNsbox(string mode, string command) =>
            BackgroundProgram.Start(Published.Nsbox, ["run", .. mode.Split(' '), "--", "sh", "-c", command]);

        /// <summary>Blocks until the child <paramref name="pid"/> (ours) is stopped, without reaping anything (WNOWAIT).</summary>
        private static void WaitUntilStopped(int pid)
        {
            SigInfo info;
            int result;
            while ((result = Native.waitid(Native.P_PID, (uint)pid, &info, Native.WSTOPPED | Native.WNOWAIT)) == -1
                && (Errno)System.Runtime.InteropServices.Marshal.GetLastSystemError() == Errno.EINTR)
            {
            }

            Assert.Equal(0, result);
        }

        private static bool WaitReadable(int fd, TimeSpan timeout)
        {
            PollFd poll;
            poll.fd = fd;
            poll.events = Native.POLLIN;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                poll.revents = 0;
                int left = Math.Max(0, (int)(timeout - clock.Elapsed).TotalMilliseconds);
                int ready = Native.poll(&poll, 1, left);
                // The test host's own SIGCHLD (nsbox ended) interrupts poll: wait on.
                if (ready == -1 && (Errno)System.Runtime.InteropServices.Marshal.GetLastSystemError() == Errno.EINTR)
                {
                    continue;
                }

                return ready == 1;
            }
        }
    }
}
