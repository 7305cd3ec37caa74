using System;
using System.IO;
using System.Linq;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// The command-line bugs of issue 10 through the published binary, each as a user met it; and
    /// unshare on the same input where it has the same option.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class CommandLineBinaryTests
    {
        private static RunResult Nsbox(params string[] args) => Run.Program(Published.Nsbox, args, TimeSpan.FromSeconds(30));

        private static void AssertUsageError(RunResult result, string message)
        {
            Assert.Equal(125, result.ExitCode);
            Assert.Equal("nsbox: " + message + "\n", result.Stderr);
            Assert.Equal("", result.Stdout);
        }

        [SkippableFact]
        public void TheCommandsOwnOptionsAreTheCommands()
        {
            Requirements.Root();
            RunResult sh = Nsbox("run", "--uts", "sh", "-c", "id -u");
            Assert.True(sh.ExitCode == 0, sh.ToString());
            Assert.Equal("0\n", sh.Stdout);

            RunResult ls = Nsbox("run", "--uts", "ls", "-ld", "/");
            Assert.True(ls.ExitCode == 0, ls.ToString());
            Assert.StartsWith("d", ls.Stdout);

            // hostname gets --hostname (and refuses it itself): nsbox does not read past the command.
            RunResult hostname = Nsbox("run", "--uts", "hostname", "--hostname", "x");
            Assert.NotEqual(125, hostname.ExitCode);
            Assert.DoesNotContain("nsbox:", hostname.Stderr);
        }

        [SkippableFact]
        public void OptionsEndAtTheFirstOperandAsInUnshare()
        {
            Requirements.Root();
            // The same line to both: unshare stops at 'sh' too, so '-c' is sh's.
            string[] line = ["--uts", "sh", "-c", "echo $0 $1", "a", "b"];
            RunResult unshare = Run.Program("/usr/bin/unshare", [.. line]);
            RunResult nsbox = Nsbox(["run", .. line]);
            Assert.True(unshare.ExitCode == 0, unshare.ToString());
            Assert.Equal(unshare.Stdout, nsbox.Stdout);
            Assert.Equal(unshare.ExitCode, nsbox.ExitCode);
        }

        [Fact]
        public void ASwitchGivenAValueIsRefusedNotRun()
        {
            // Issue 10: 'yes' became the command and ran forever.
            AssertUsageError(Nsbox("run", "--verbose=yes", "--", "true"), "run: option '--verbose' takes no value: Invalid argument (EINVAL) (see 'nsbox run --help')");
        }

        [Fact]
        public void EmptyValuesAreOneLineErrorsWithoutTheParsersInternalNames()
        {
            RunResult hostname = Nsbox("run", "--hostname=", "--", "true");
            Assert.Equal(125, hostname.ExitCode);
            Assert.Single(hostname.Stderr.TrimEnd('\n').Split('\n'));
            Assert.DoesNotContain("Token", hostname.Stderr);
            AssertUsageError(Nsbox("run", "--uts=", "--", "true"), "--uts=: Invalid argument (EINVAL): give the file to keep the namespace in, or leave out '='");
        }

        [SkippableFact]
        public void AValueIsTheNextArgumentWhateverItIsAsGetoptTakesIt()
        {
            Requirements.Root();
            RunResult result = Nsbox("run", "--hostname", "--", "hostname");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("--\n", result.Stdout);
        }

        [Fact]
        public void AVerbWithoutOperandsRefusesThem()
        {
            AssertUsageError(Nsbox("ls", "extra"), "ls: unexpected operand 'extra': Invalid argument (EINVAL): ls takes no operands (see 'nsbox ls --help')");
        }

        [Fact]
        public void MissingValueNamesTheOption()
        {
            AssertUsageError(Nsbox("run", "--hostname"), "run: option '--hostname' needs a value: Invalid argument (EINVAL) (see 'nsbox run --help')");
        }

        [Theory]
        [InlineData("run")]
        [InlineData("exec")]
        [InlineData("ls")]
        [InlineData("check")]
        public void HelpVerbDashHAndDashDashHelpPrintTheVerbsHelp(string verb)
        {
            RunResult help = Nsbox(verb, "--help");
            Assert.Equal(0, help.ExitCode);
            Assert.Equal(help.Stdout, Nsbox("help", verb).Stdout); // issue 10: 'help run' printed the generic help
            Assert.Equal(help.Stdout, Nsbox(verb, "-h").Stdout);   // issue 10: -h was refused
            Assert.Equal("", help.Stderr);
        }

        [Theory]
        [InlineData("run")]
        [InlineData("exec")]
        [InlineData("ls")]
        [InlineData("check")]
        public void HelpEndsWithEachParagraphOnceAndExamplesUnwrapped(string verb)
        {
            string[] lines = Nsbox(verb == "--help" ? [verb] : [verb, "--help"]).Stdout.Split('\n');
            int exitStatus = lines.Count(l => l.StartsWith("Exit status:", StringComparison.Ordinal));
            Assert.Equal(verb is "ls" or "check" ? 0 : 1, exitStatus); // issue 10: printed twice
            int examples = Array.IndexOf(lines, "Examples:");
            if (examples >= 0)
            {
                // Every example is one line: a command, never the wrapped tail of one.
                string[] after = lines[(examples + 1)..].Where(l => l.Length > 0).ToArray();
                Assert.NotEmpty(after);
                Assert.All(after, l => Assert.Matches("^  nsbox " + verb + "( |$)", l));
            }
        }

        [Fact]
        public void VersionBeforeOrAfterTheVerb()
        {
            Assert.Equal("nsbox 0.1.0\nspec: 1.2.0\n", Nsbox("--version").Stdout);
            Assert.Equal("nsbox 0.1.0\nspec: 1.2.0\n", Nsbox("ls", "--version").Stdout);
            Assert.Equal("nsbox 0.1.0\nspec: 1.2.0\n", Nsbox("version").Stdout);
        }

        [Fact]
        public void HelpLeavesOutNothingTheParserAccepts()
        {
            // One source for both: every long option the run verb accepts is in its help.
            string help = Nsbox("run", "--help").Stdout;
            foreach (string option in new[] { "uts", "ipc", "pid", "net", "mount", "user", "cgroup", "time", "all", "map-root-user", "map-current-user", "map-users",
                         "map-groups", "hostname", "domainname", "root", "bind", "ro-bind", "tmpfs", "proc", "dev", "chdir", "setenv", "unsetenv", "clearenv",
                         "new-session", "no-init", "monotonic", "boottime", "keep-caps", "drop-cap", "verbose" })
            {
                Assert.Contains("--" + option, help);
            }

            Assert.DoesNotContain("--keep=", help); // the hidden option ArgumentRewriter needed is gone
        }
    }
}
