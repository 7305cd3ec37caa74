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
        /// A SIGPIPE that nsbox's parent ignored stays ignored for the command, as under unshare,
        /// although the .NET runtime ignores SIGPIPE for itself before Main (nsbox reads the
        /// disposition before the runtime starts: cli/Native/inherited_signals.c); together with
        /// another ignored signal, and in every mode (the init is nsbox again and reads it too).
        /// With a parent that ignores nothing, SIGPIPE is at its default (the other theory above).
        /// </summary>
        [SkippableTheory]
        [InlineData("trap '' PIPE;")]
        [InlineData("trap '' PIPE USR1;")]
        public void AParentIgnoredSigpipeStaysIgnoredAsUnderUnshare(string parent)
        {
            Requirements.Root();
            Requirements.Program(Unshare);
            const string Probe = "grep -E '^Sig(Ign|Blk|Cgt)' /proc/self/status";
            string unshare = Bash($"{parent} {Unshare} --uts -- {Probe}");
            ulong ignored = Convert.ToUInt64(unshare.Split('\n')[1].Split('\t', StringSplitOptions.TrimEntries)[1], 16);
            Assert.NotEqual(0ul, ignored & (1ul << (13 - 1)));
            Assert.Equal(unshare, Bash($"{parent} {Published.Nsbox} run --uts -- {Probe}"));
            Assert.Equal(unshare, Bash($"{parent} {Published.Nsbox} run --pid -- {Probe}"));
            Assert.Equal(unshare, Bash($"{parent} {Published.Nsbox} run --pid --no-init -- {Probe}"));

            // `yes | head -1` from such a parent: yes gets EPIPE and fails (1) instead of dying (141), under both.
            string Pipeline(string prefix) => Bash($"{parent} {prefix} yes 2>/dev/null | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}");
            string expected = Pipeline($"{Unshare} --uts --");
            Assert.Equal("1\n", expected);
            Assert.Equal(expected, Pipeline($"{Published.Nsbox} run --uts --"));
            Assert.Equal(expected, Pipeline($"{Published.Nsbox} run --pid --"));
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
