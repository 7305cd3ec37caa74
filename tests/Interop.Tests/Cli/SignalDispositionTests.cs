using System;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// The command starts with the signal dispositions and mask nsbox was started with, not the .NET
    /// runtime's: the same as under unshare and bwrap, run on the same input in the same test.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class SignalDispositionTests
    {
        private const string Bwrap = "/usr/bin/bwrap";
        private const string Unshare = "/usr/bin/unshare";

        /// <summary>`yes | head -1`: yes dies of SIGPIPE (141), with nothing on stderr.</summary>
        [SkippableFact]
        public void YesIntoHeadDiesOfSigpipeAsUnderUnshareAndBwrap()
        {
            Requirements.Root();
            Requirements.Program(Unshare);
            Requirements.Program(Bwrap);
            string Pipeline(string prefix) => Bash($"{prefix} yes | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}");

            string unshare = Pipeline($"{Unshare} --uts --");
            Assert.Equal("141\n", unshare);
            Assert.Equal(unshare, Pipeline($"{Bwrap} --dev-bind / / --"));
            Assert.Equal(unshare, Pipeline($"{Published.Nsbox} run --uts --"));
            Assert.Equal(unshare, Pipeline($"{Published.Nsbox} run --pid --"));
        }

        /// <summary>
        /// Ignored, caught and blocked signals inside, as /proc/self/status shows them: with a parent
        /// that changes nothing, one that ignores SIGUSR1 and SIGTERM, and one that blocks SIGUSR2 and
        /// SIGTERM (signals nsbox itself blocks to forward them, and its init to read them).
        /// </summary>
        [SkippableTheory]
        [InlineData("")]
        [InlineData("trap '' USR1 TERM;")]
        [InlineData("/usr/bin/env --block-signal=USR2 --block-signal=TERM")]
        public void IgnoredAndBlockedSignalsInsideAreThoseUnshareGives(string parent)
        {
            Requirements.Root();
            Requirements.Program(Unshare);
            const string Probe = "grep -E '^Sig(Ign|Blk|Cgt)' /proc/self/status";
            string unshare = Bash($"{parent} {Unshare} --uts -- {Probe}");
            Assert.Contains("SigIgn", unshare);
            Assert.Equal(unshare, Bash($"{parent} {Published.Nsbox} run --uts -- {Probe}"));
            Assert.Equal(unshare, Bash($"{parent} {Published.Nsbox} run --pid -- {Probe}"));
            Assert.Equal(unshare, Bash($"{parent} {Published.Nsbox} run --pid --no-init -- {Probe}"));
        }

        /// <summary>
        /// Where nsbox differs from unshare, on purpose: a SIGPIPE its parent ignored is not kept
        /// ignored, because the runtime's own SIG_IGN cannot be told from it (docs/design.md). The
        /// parent's other ignored signal is kept.
        /// </summary>
        [SkippableFact]
        public void AParentIgnoredSigpipeIsResetButOtherIgnoredSignalsStay()
        {
            Requirements.Root();
            string status = Bash($"trap '' PIPE USR1; {Published.Nsbox} run --uts -- sh -c 'grep ^SigIgn /proc/self/status'");
            ulong ignored = Convert.ToUInt64(status.Split('\t', StringSplitOptions.TrimEntries)[1], 16);
            Assert.Equal(0ul, ignored & (1ul << (13 - 1)));
            Assert.NotEqual(0ul, ignored & (1ul << (10 - 1)));
        }

        private static string Bash(string script)
        {
            // The test host ignores SIGPIPE, and so would the shell it starts: start from a parent that ignores nothing.
            RunResult result = Run.Program("/usr/bin/env", "--default-signal", "/bin/bash", "-c", script);
            Assert.True(result.ExitCode == 0 && result.Stderr == "", result.ToString());
            return result.Stdout;
        }
    }
}
