using System.Collections.Generic;
using System.Linq;
using CommandLine;
using Nsbox.Options;
using Nsbox.Parsing;
using Xunit;

namespace Interop.Tests.Cli.Parsing
{
    /// <summary>
    /// Each place where the generated parser reads a command line differently from CommandLineParser
    /// on purpose (docs/nsbox.md, "Differences from CommandLineParser"): the library's reading, then ours.
    /// The differential test sets these vectors apart; here each one is pinned down.
    /// </summary>
    public sealed class DeliberateDifferenceTests
    {
        private static ParseResult Ours(params string[] args) => NsboxCommandLine.Parse(args);

        [Fact]
        public void OrderAcrossDifferentOptionsIsKept()
        {
            // The library keeps one list per option; which came first between two options is lost.
            RunOptions ours = (RunOptions)Ours("run", "--unsetenv", "A", "--setenv", "A=1", "--tmpfs", "/m", "--bind", "/x:/m/x").Options!;
            Assert.Equal([new("unsetenv", "A"), new("setenv", "A=1"), new("tmpfs", "/m"), new("bind", "/x:/m/x")], ours.Occurrences);
        }

        [Fact]
        public void OptionalValueIsKept()
        {
            Assert.True(Oracle.Parsed<RunOptions>("run", "--uts=/run/ns/uts").Uts); // the library drops "/run/ns/uts"
            RunOptions ours = (RunOptions)Ours("run", "--uts=/run/ns/uts").Options!;
            Assert.True(ours.Uts);
            Assert.Equal([new OptionOccurrence("uts", "/run/ns/uts")], ours.Occurrences);
        }

        [Fact]
        public void ALoneNegativeNumberIsAnUnknownOption()
        {
            // After an option whose value was an option-like word, the library reads "-5" as a value; getopt as the option -5.
            Assert.IsType<Parsed<object>>(Oracle.Parse("ls", "--type", "--type", "-5", "--type", "12", "sh"));
            Assert.Equal(UsageError.UnknownOption, Ours("ls", "--type", "--type", "-5", "--type", "12", "sh").Error);
        }

        [Fact]
        public void SwitchGivenAValueIsRefused()
        {
            Assert.True(Oracle.Parsed<RunOptions>("run", "--verbose=yes").Verbose);
            Assert.Equal(UsageError.UnexpectedValue, Ours("run", "--verbose=yes").Error);
        }

        [Fact]
        public void SequencesAreNotGreedy()
        {
            RunOptions library = Oracle.Parsed<RunOptions>("run", "--bind", "a", "--bind", "b", "ls", "-l");
            Assert.Equal(["a", "b", "ls"], library.Bind);
            Assert.Equal(["-l"], library.Command);

            RunOptions ours = (RunOptions)Ours("run", "--bind", "a", "--bind", "b", "ls", "-l").Options!;
            Assert.Equal(["a", "b"], ours.Bind);
            Assert.Equal(["ls", "-l"], ours.Command);
        }

        [Fact]
        public void AMissingValueIsAnError()
        {
            Assert.Null(Oracle.Parsed<RunOptions>("run", "--hostname").Hostname); // silently unset
            Assert.Equal(UsageError.MissingValue, Ours("run", "--hostname").Error);
        }

        [Fact]
        public void EveryValueOfANumberOptionIsChecked()
        {
            Assert.Equal(5L, Oracle.Parsed<RunOptions>("run", "--monotonic", "x", "--monotonic=5").Monotonic); // only the last is converted
            Assert.Equal(UsageError.BadValue, Ours("run", "--monotonic", "x", "--monotonic=5").Error);
        }

        [Fact]
        public void OperandsOfAVerbWithoutOperandsAreRefused()
        {
            Assert.False(Oracle.Parsed<LsOptions>("ls", "extra").Json); // parsed, "extra" ignored
            Assert.Equal(UsageError.UnexpectedOperand, Ours("ls", "extra").Error);
        }

        [Fact]
        public void HelpIsDashHAndAnywhereAmongTheOptions()
        {
            Assert.Contains(Oracle.Errors("run", "-h"), e => e is UnknownOptionError);
            Assert.Contains(Oracle.Errors("check", "--json", "--help"), e => e is UnknownOptionError);
            Assert.Equal(ParseOutcome.Help, Ours("run", "-h").Outcome);
            Assert.Equal(ParseOutcome.Help, Ours("check", "--json", "--help").Outcome);
            Assert.Equal(ParseOutcome.Version, Ours("check", "--json", "--version").Outcome);
        }

        [Fact]
        public void HelpOfAnUnknownVerbIsAnError()
        {
            Assert.Contains(Oracle.Errors("help", "bogus"), e => e is HelpVerbRequestedError);
            Assert.Equal(UsageError.UnknownVerb, Ours("help", "bogus").Error);
        }

        [Fact]
        public void ANegativeNumberWhereOptionsAreReadIsAnOption()
        {
            // The library takes "-5" for the id; getopt (and runc, whose kill takes the signal after the id) an option.
            Assert.Equal(["-5", "x"], Oracle.Parsed<Nsbox.Options.Oci.KillOptions>("kill", "-5", "x").Operands);
            ParseResult ours = Ours("kill", "-5", "x");
            Assert.Equal(UsageError.UnknownOption, ours.Error);
            Assert.Equal("-5", ours.Subject);
        }

        [Fact]
        public void LongNamesMayBeAbbreviated()
        {
            Assert.Contains(Oracle.Errors("run", "--hostn", "x"), e => e is UnknownOptionError);
            Assert.Equal("x", ((RunOptions)Ours("run", "--hostn", "x").Options!).Hostname);
        }

        [Fact]
        public void HelpOfTheVerbShowsItsOptions()
        {
            // The library's 'help run' lists only --help and --version; ours is run's whole help.
            string library = Oracle.HelpBlock("help", "run");
            Assert.DoesNotContain("--hostname", library);
            Assert.Contains("--hostname", Ours("help", "run").Help);
        }
    }
}
