using System;
using System.Linq;
using System.Reflection;
using Nsbox.Options;
using Nsbox.Parsing;
using Xunit;

namespace Interop.Tests.Cli.Parsing
{
    /// <summary>
    /// The generated parser of nsbox's own declarations (cli/Options, compiled into this assembly with
    /// the same generator), in process: getopt_long with a leading '+', as unshare reads its arguments.
    /// Each bug of issue 10 has its test here or in the binary's tests.
    /// </summary>
    public sealed class GnuSemanticsTests
    {
        private static ParseResult Parse(params string[] args) => NsboxCommandLine.Parse(args);

        private static T Parsed<T>(params string[] args)
        {
            ParseResult result = Parse(args);
            Assert.True(result.Outcome == ParseOutcome.Parsed, result.Message);
            return Assert.IsType<T>(result.Options);
        }

        private static ParseResult Failed(UsageError error, params string[] args)
        {
            ParseResult result = Parse(args);
            Assert.Equal(ParseOutcome.Error, result.Outcome);
            Assert.Equal(error, result.Error);
            return result;
        }

        [Fact]
        public void TheFirstOperandEndsTheOptionsSoTheCommandKeepsItsOwn()
        {
            // Issue 10: '-c' was taken as --map-current-user, '-l' was an unknown option, --hostname was eaten.
            RunOptions sh = Parsed<RunOptions>("run", "--uts", "sh", "-c", "id -u");
            Assert.Equal(["sh", "-c", "id -u"], sh.Command);
            Assert.False(sh.MapCurrentUser);

            Assert.Equal(["ls", "-l", "/"], Parsed<RunOptions>("run", "--uts", "ls", "-l", "/").Command);

            RunOptions hostname = Parsed<RunOptions>("run", "--uts", "hostname", "--hostname", "x");
            Assert.Null(hostname.Hostname);
            Assert.Equal(["hostname", "--hostname", "x"], hostname.Command);
        }

        [Fact]
        public void DoubleDashEndsTheOptionsAndIsNotPartOfTheCommand()
        {
            Assert.Equal(["--uts", "-x"], Parsed<RunOptions>("run", "--", "--uts", "-x").Command);
            Assert.Equal(["--", "x"], Parsed<RunOptions>("run", "--", "--", "x").Command);
            Assert.Equal(["-", "x"], Parsed<RunOptions>("run", "-", "x").Command); // "-" is an operand, as in getopt
        }

        [Fact]
        public void ShortOptionsBundleAndTakeTheirValueAttachedOrNext()
        {
            RunOptions bundled = Parsed<RunOptions>("run", "-upmr", "true");
            Assert.True(bundled.Uts && bundled.Pid && bundled.Mount && bundled.MapRootUser);
            Assert.Equal(4242, Parsed<ExecOptions>("exec", "-t4242").Target);
            Assert.Equal(4242, Parsed<ExecOptions>("exec", "-at", "4242").Target);
            Assert.True(Parsed<ExecOptions>("exec", "-at", "4242").All);
        }

        [Fact]
        public void LongOptionsTakeTheirValueAfterEqualsOrAsTheNextArgumentWhateverItLooksLike()
        {
            Assert.Equal("box", Parsed<RunOptions>("run", "--hostname=box").Hostname);
            Assert.Equal("box", Parsed<RunOptions>("run", "--hostname", "box").Hostname);
            Assert.Equal("a=b", Parsed<RunOptions>("run", "--hostname=a=b").Hostname);
            // getopt takes the next element as the value, even "--" or an option's name.
            RunOptions dashes = Parsed<RunOptions>("run", "--hostname", "--", "true");
            Assert.Equal("--", dashes.Hostname);
            Assert.Equal(["true"], dashes.Command);
            Assert.Equal("--uts", Parsed<RunOptions>("run", "--hostname", "--uts").Hostname);
            Assert.Equal(-5, Parsed<ExecOptions>("exec", "--target", "-5").Target);
            Assert.Equal("", Parsed<RunOptions>("run", "--hostname=").Hostname); // an empty value is a value
        }

        [Fact]
        public void LongNamesMayBeAbbreviatedWhileUnambiguous()
        {
            Assert.Equal("x", Parsed<RunOptions>("run", "--hostn", "x").Hostname);
            Assert.True(Parsed<RunOptions>("run", "--ro-b", "/a").ReadOnlyBind.Single() == "/a");
            ParseResult ambiguous = Failed(UsageError.AmbiguousOption, "run", "--m");
            Assert.Equal("run: option '--m' is ambiguous: Invalid argument (EINVAL): possibilities: '--mount' '--map-root-user' '--map-current-user' '--map-users' '--map-groups' '--monotonic' '--memory' (see 'nsbox run --help')", ambiguous.Message);
            Assert.True(Parsed<RunOptions>("run", "--mount").Mount); // an exact name wins over the longer ones it prefixes
        }

        [Fact]
        public void NamespaceFilesAreOptionalValuesOfTheLongFormOnly()
        {
            RunOptions kept = Parsed<RunOptions>("run", "--uts=/run/ns/uts", "--net", "--mount=/m", "true");
            Assert.True(kept.Uts && kept.Net && kept.Mount);
            Assert.Equal([new OptionOccurrence("uts", "/run/ns/uts"), new OptionOccurrence("net", null), new OptionOccurrence("mount", "/m")], kept.Occurrences);

            // As unshare: without '=', the next argument is not the option's; here it is the command.
            RunOptions separate = Parsed<RunOptions>("run", "--uts", "/run/ns/uts");
            Assert.Equal([new OptionOccurrence("uts", null)], separate.Occurrences);
            Assert.Equal(["/run/ns/uts"], separate.Command);

            // -u never takes a value: "-ux" is -u then the unknown -x.
            Assert.Equal("-x", Failed(UsageError.UnknownOption, "run", "-ux").Subject);
            Assert.Equal([new OptionOccurrence("uts", "")], Parsed<RunOptions>("run", "--uts=").Occurrences);
        }

        [Fact]
        public void ASwitchGivenAValueIsAnError()
        {
            // Issue 10: --verbose=yes was silently true (and "yes" became the command, run forever).
            ParseResult result = Failed(UsageError.UnexpectedValue, "run", "--verbose=yes", "--", "true");
            Assert.Equal("run: option '--verbose' takes no value: Invalid argument (EINVAL) (see 'nsbox run --help')", result.Message);
            Failed(UsageError.UnexpectedValue, "check", "--json=1");
        }

        [Fact]
        public void RepeatableOptionsKeepEveryOccurrenceAndTheOrderAcrossOptions()
        {
            RunOptions o = Parsed<RunOptions>("run", "--bind", "a", "--tmpfs", "/t", "--bind=b", "--setenv", "A=1", "--unsetenv", "A", "--setenv", "A=2", "ls", "-l");
            Assert.Equal(["a", "b"], o.Bind);
            Assert.Equal(["/t"], o.Tmpfs);
            Assert.Equal(["ls", "-l"], o.Command); // the library's greedy sequence took "ls" as a third --bind
            Assert.Equal(
                [new("bind", "a"), new("tmpfs", "/t"), new("bind", "b"), new("setenv", "A=1"), new("unsetenv", "A"), new("setenv", "A=2")],
                o.Occurrences);
        }

        [Fact]
        public void AScalarGivenTwiceKeepsTheLastAndBothOccurrences()
        {
            RunOptions o = Parsed<RunOptions>("run", "--hostname", "x", "--hostname", "y");
            Assert.Equal("y", o.Hostname);
            Assert.Equal([new("hostname", "x"), new("hostname", "y")], o.Occurrences);
        }

        [Fact]
        public void AMissingValueNamesTheOptionAndTheVerbsHelp()
        {
            Assert.Equal("run: option '--hostname' needs a value: Invalid argument (EINVAL) (see 'nsbox run --help')", Failed(UsageError.MissingValue, "run", "--hostname").Message);
            Assert.Equal("exec: option '-t' needs a value: Invalid argument (EINVAL) (see 'nsbox exec --help')", Failed(UsageError.MissingValue, "exec", "-t").Message);
            Assert.Equal("ls: option '--type' needs a value: Invalid argument (EINVAL) (see 'nsbox ls --help')", Failed(UsageError.MissingValue, "ls", "--type").Message);
        }

        [Fact]
        public void NumbersAreCheckedAtParseTime()
        {
            Assert.Equal("exec: option '--target' needs a whole number, not 'abc': Invalid argument (EINVAL) (see 'nsbox exec --help')", Failed(UsageError.BadValue, "exec", "--target", "abc").Message);
            Assert.Equal(-30L, Parsed<RunOptions>("run", "--monotonic=-30").Monotonic);
        }

        [Fact]
        public void UnknownOptionsGetADidYouMeanFromTheSameDeclarations()
        {
            Assert.Equal("run: unknown option '--hostnme': Invalid argument (EINVAL): did you mean '--hostname'? (see 'nsbox run --help')", Failed(UsageError.UnknownOption, "run", "--hostnme", "x").Message);
            Assert.Equal("ls: unknown option '--jsno': Invalid argument (EINVAL): did you mean '--json'? (see 'nsbox ls --help')", Failed(UsageError.UnknownOption, "ls", "--jsno").Message);
            Assert.Equal("run: unknown option '-x': Invalid argument (EINVAL) (see 'nsbox run --help')", Failed(UsageError.UnknownOption, "run", "-x").Message);
            Assert.Equal("run: unknown option '--zzzzzzzz': Invalid argument (EINVAL) (see 'nsbox run --help')", Failed(UsageError.UnknownOption, "run", "--zzzzzzzz").Message);
        }

        [Fact]
        public void VerbsWithoutOperandsRefuseThem()
        {
            // Issue 10: 'nsbox ls extra' ignored the operand.
            Assert.Equal("ls: unexpected operand 'extra': Invalid argument (EINVAL): ls takes no operands (see 'nsbox ls --help')", Failed(UsageError.UnexpectedOperand, "ls", "extra").Message);
            Failed(UsageError.UnexpectedOperand, "check", "--json", "--", "x");
        }

        [Fact]
        public void HelpIsDashHDashDashHelpOrTheHelpVerb()
        {
            Assert.Equal(ParseOutcome.Help, Parse("run", "-h").Outcome);
            Assert.Equal(ParseOutcome.Help, Parse("-h").Outcome);
            Assert.Equal(ParseOutcome.Help, Parse("--help").Outcome);
            ParseResult helpRun = Parse("help", "run");
            Assert.Equal(ParseOutcome.Help, helpRun.Outcome);
            Assert.Equal("run", helpRun.Verb); // issue 10: 'nsbox help run' printed the generic help
            Assert.Equal(NsboxCommandLine.HelpFor("run"), helpRun.Help);
            Assert.Equal(NsboxCommandLine.Help, Parse("help").Help);
            Assert.Equal("unknown command 'rnu': Invalid argument (EINVAL): did you mean 'run'? (see 'nsbox --help')", Parse("help", "rnu").Message);
            Assert.Equal(ParseOutcome.Version, Parse("--version").Outcome);
            Assert.Equal(ParseOutcome.Version, Parse("ls", "--version").Outcome);
            // Options are read in order: an error before --help is reported, as unshare does.
            Assert.Equal(ParseOutcome.Error, Parse("run", "--bogus", "--help").Outcome);
        }

        [Fact]
        public void VerbErrors()
        {
            // The commands in their declared order (the list itself comes from NsboxCommandLine's attribute).
            string commands = string.Join(", ", Oracle.Verbs.Select(v => v.GetCustomAttribute<CommandLine.VerbAttribute>()!.Name));
            Assert.StartsWith("run, exec, ls, check, create, start, state, kill, delete, list", commands, StringComparison.Ordinal);
            Assert.Equal($"no command given: Invalid argument (EINVAL): the commands are: {commands} (see 'nsbox --help')", Failed(UsageError.NoVerb).Message);
            Assert.Equal($"unknown command 'frobnicate': Invalid argument (EINVAL): the commands are: {commands} (see 'nsbox --help')", Failed(UsageError.UnknownVerb, "frobnicate").Message);
            Assert.Equal("unknown option '--bogus': Invalid argument (EINVAL) (see 'nsbox --help')", Failed(UsageError.UnknownOption, "--bogus", "run").Message);
        }

        [Fact]
        public void ArgumentsAreNeverReEncoded()
        {
            // Lone surrogates stand for argv bytes that are not UTF-8 (surrogateescape): passed on as they are.
            string raw = "caf\uDCE9";
            RunOptions o = Parsed<RunOptions>("run", "--hostname", raw, "--setenv", "K=" + raw, "echo", raw);
            Assert.Equal(raw, o.Hostname);
            Assert.Equal("K=" + raw, o.SetEnv.Single());
            Assert.Equal(["echo", raw], o.Command);
        }
    }
}
