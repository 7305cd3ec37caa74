using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using CommandLine;
using Nsbox.Options;
using Nsbox.Parsing;
using Xunit;
using Xunit.Abstractions;

namespace Interop.Tests.Cli.Parsing
{
    /// <summary>
    /// The generated parser against its oracle: CommandLineParser itself, in GetoptMode with
    /// PosixlyCorrect, reflecting over the same declarations. Thousands of argument vectors (fixed seed)
    /// built from those declarations; wherever the two are specified to agree they must give the same
    /// options object, or the same kind of error, or both ask for help or the version. Where we differ
    /// on purpose (docs/nsbox.md, "Differences from CommandLineParser") the vector is counted apart,
    /// and each difference has its own test in <see cref="DeliberateDifferenceTests"/>.
    /// </summary>
    public sealed class ParserDifferentialTests(ITestOutputHelper output)
    {
        private const int Vectors = 9000;
        private const int MinimumCompared = 5000;

        // The verbs whose options vectors are drawn from. The OCI verbs (one id operand) are left out:
        // a lone "-5" there is an unknown option to getopt and the id to the library, a difference
        // this classification does not set apart yet.
        private static readonly Type[] s_verbs = [typeof(RunOptions), typeof(ExecOptions), typeof(LsOptions), typeof(CheckOptions)];
        private static readonly string[] s_values = ["box", "/tmp", "12", "-5", "abc", "0:100000:10", "A=1", "uts=/x", "-", "x y"];
        private static readonly string[] s_operands = ["true", "ls", "-l", "sh", "-c", "--uts", "/bin/echo"];

        /// <summary>Why a vector is not compared: the differences we keep on purpose.</summary>
        private enum Difference { None, SwitchGivenValue, MissingValueAtEnd, OperandsRefused, GreedySequence, HelpAnywhere, HelpOfUnknownVerb, EveryValueChecked, NegativeNumber }

        [Fact]
        public void GeneratedParserAgreesWithCommandLineParserWhereverSpecifiedTo()
        {
            var random = new Random(20261202);
            using var oracle = new Parser(s =>
            {
                s.EnableDashDash = true;
                s.AllowMultiInstance = true;
                s.HelpWriter = null;
                s.AutoHelp = true;
                s.AutoVersion = true;
                s.GetoptMode = true;
                s.PosixlyCorrect = true;
            });

            var counts = new Dictionary<Difference, int>();
            var outcomes = new Dictionary<string, int>();
            var mismatches = new List<string>();
            for (int n = 0; n < Vectors; n++)
            {
                string[] args = Vector(random);
                ParseResult ours = NsboxCommandLine.Parse(args);
                ParserResult<object> theirs = oracle.ParseArguments(args, s_verbs);

                Difference difference = DifferenceOf(args, ours);
                counts[difference] = counts.GetValueOrDefault(difference) + 1;
                if (difference != Difference.None)
                {
                    continue;
                }

                string kind = ours.Outcome == ParseOutcome.Error ? "error " + ours.Error : ours.Outcome.ToString();
                outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
                string? why = Compare(ours, theirs);
                if (why is not null)
                {
                    mismatches.Add(string.Join(' ', args.Select(a => $"[{a}]")) + ": " + why);
                }
            }

            int compared = counts.GetValueOrDefault(Difference.None);
            output.WriteLine($"{Vectors} vectors, {compared} compared; outcomes compared: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
            output.WriteLine("set apart: " + string.Join(", ", counts.Where(c => c.Key != Difference.None).Select(c => $"{c.Key} {c.Value}")));
            Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n" + string.Join("\n", mismatches.Take(25)));
            Assert.True(compared >= MinimumCompared, $"only {compared} of {Vectors} vectors compared");
            // The comparison must reach every outcome, not only the easy one.
            Assert.All(new[] { "Parsed", "Help", "Version", "error UnknownOption", "error BadValue", "error UnknownVerb", "error NoVerb" },
                k => Assert.True(outcomes.GetValueOrDefault(k) > 20, $"too few '{k}' compared ({outcomes.GetValueOrDefault(k)})"));
        }

        /// <summary>A command line built from the declarations: a verb (now and then a wrong one or none), then options, values, operands, "--".</summary>
        private static string[] Vector(Random random)
        {
            int pick = random.Next(100);
            if (pick < 3)
            {
                return [];
            }

            Type verbType = s_verbs[random.Next(s_verbs.Length)];
            string verb = pick < 6 ? "bogus" : pick < 8 ? "--help" : pick < 9 ? "--version" : pick < 10 ? "help" : verbType.GetCustomAttribute<VerbAttribute>()!.Name;
            List<(OptionAttribute Option, PropertyInfo Property)> options = Options(verbType);
            var args = new List<string> { verb };
            int pieces = random.Next(0, 7);
            for (int p = 0; p < pieces; p++)
            {
                int what = random.Next(100);
                if (what < 60)
                {
                    (OptionAttribute option, PropertyInfo property) = options[random.Next(options.Count)];
                    bool takesValue = property.PropertyType != typeof(bool);
                    string value = s_values[random.Next(s_values.Length)];
                    bool useShort = option.ShortName.Length > 0 && (option.LongName.Length == 0 || random.Next(2) == 0);
                    string name = useShort ? "-" + option.ShortName : "--" + option.LongName;
                    int form = random.Next(10);
                    if (!takesValue)
                    {
                        args.Add(form == 0 && !useShort ? name + "=" + value : name);
                    }
                    else if (form < 4)
                    {
                        args.Add(name);
                        args.Add(value);
                    }
                    else if (form < 8)
                    {
                        args.Add(useShort ? name + value : name + "=" + value);
                    }
                    else if (form < 9)
                    {
                        args.Add(name); // the value may be missing
                    }
                    else
                    {
                        args.Add(name + "=");
                    }
                }
                else if (what < 65)
                {
                    args.Add(random.Next(3) switch { 0 => "--bogus", 1 => "-x", _ => "-h" });
                }
                else if (what < 68)
                {
                    args.Add(random.Next(2) == 0 ? "--help" : "--version");
                }
                else if (what < 75)
                {
                    args.Add("--");
                }
                else
                {
                    args.Add(s_operands[random.Next(s_operands.Length)]);
                }
            }

            return args.ToArray();
        }

        private static List<(OptionAttribute, PropertyInfo)> Options(Type verb) =>
            verb.GetProperties().Select(p => (p.GetCustomAttribute<OptionAttribute>()!, p)).Where(t => t.Item1 is not null).ToList();

        /// <summary>Which deliberate difference, if any, this vector runs into (decided from our reading of it, the specified one).</summary>
        private static Difference DifferenceOf(string[] args, ParseResult ours)
        {
            if (ours.Outcome == ParseOutcome.Error)
            {
                switch (ours.Error)
                {
                    case UsageError.UnexpectedValue: return Difference.SwitchGivenValue;
                    case UsageError.MissingValue: return Difference.MissingValueAtEnd;
                    case UsageError.UnexpectedOperand: return Difference.OperandsRefused;
                }
            }

            // A lone "-5" is an unknown option to getopt; the library takes a negative number for a value.
            if (ours.Error == UsageError.UnknownOption && ours.Subject == "-5")
            {
                return Difference.NegativeNumber;
            }

            // A number option given twice: each value is checked as it is read (as getopt loops do);
            // the library converts only the last one.
            if (ours.Error == UsageError.BadValue && args.Count(a => a == ours.Subject || a.StartsWith(ours.Subject + "=", StringComparison.Ordinal)) > 1)
            {
                return Difference.EveryValueChecked;
            }

            // -h is help (as unshare), and --help or --version anywhere among the options; the library knows
            // neither -h nor a --help that is not the verb's first argument.
            if (ours.Outcome is ParseOutcome.Help or ParseOutcome.Version && args.Length > 1 && args[0] != "help"
                && (args.Contains("-h") || !(args[0] is "--help" or "--version" || args[1] is "--help" or "--version")))
            {
                return Difference.HelpAnywhere;
            }

            // 'help X' for an X that is not a verb is an error for us; the library shows the index.
            if (args.Length > 1 && args[0] == "help" && ours.Error == UsageError.UnknownVerb)
            {
                return Difference.HelpOfUnknownVerb;
            }

            // The library's sequences take every following argument that is not a known option (operands,
            // "-5"): wherever a repeatable option meets operands or an error, the two readings part.
            bool repeatable = ours.Outcome == ParseOutcome.Parsed ? Repeated(ours.Options!) : RepeatableNamed(args);
            if (repeatable && (ours.Outcome == ParseOutcome.Error || (ours.Outcome == ParseOutcome.Parsed && Operands(ours.Options!).Any())))
            {
                return Difference.GreedySequence;
            }

            return Difference.None;
        }

        private static IEnumerable<string> Operands(object options) =>
            options.GetType().GetProperties().Where(p => p.GetCustomAttribute<ValueAttribute>() is not null)
                .SelectMany(p => (IEnumerable<string>)p.GetValue(options)!);

        private static readonly string[] s_repeatable = s_verbs.SelectMany(v => v.GetProperties())
            .Where(p => p.PropertyType == typeof(IEnumerable<string>) && p.GetCustomAttribute<OptionAttribute>() is not null)
            .Select(p => "--" + p.GetCustomAttribute<OptionAttribute>()!.LongName).ToArray();

        private static bool RepeatableNamed(string[] args) => args.Any(a => s_repeatable.Any(r => a == r || a.StartsWith(r + "=", StringComparison.Ordinal)));

        private static bool Repeated(object options) =>
            options.GetType().GetProperties().Where(p => p.GetCustomAttribute<OptionAttribute>() is not null && p.PropertyType == typeof(IEnumerable<string>))
                .Any(p => ((IEnumerable<string>)p.GetValue(options)!).Any());

        /// <summary>Null when both read the vector the same way, else what differs.</summary>
        private static string? Compare(ParseResult ours, ParserResult<object> theirs)
        {
            if (theirs is Parsed<object> parsed)
            {
                if (ours.Outcome != ParseOutcome.Parsed)
                {
                    return $"we: {ours.Outcome} {ours.Error} ({ours.Message}); the library parsed it";
                }

                if (ours.Options!.GetType() != parsed.Value.GetType())
                {
                    return $"verb {ours.Options.GetType().Name} against {parsed.Value.GetType().Name}";
                }

                foreach (PropertyInfo property in parsed.Value.GetType().GetProperties())
                {
                    if (property.GetCustomAttribute<OptionAttribute>() is null && property.GetCustomAttribute<ValueAttribute>() is null)
                    {
                        continue;
                    }

                    string mine = Show(property.GetValue(ours.Options));
                    string library = Show(property.GetValue(parsed.Value));
                    if (mine != library)
                    {
                        return $"{property.Name}: we {mine}, the library {library}";
                    }
                }

                return null;
            }

            List<Error> errors = ((NotParsed<object>)theirs).Errors.ToList();
            bool help = errors.Any(e => e is HelpRequestedError or HelpVerbRequestedError);
            bool version = errors.Any(e => e is VersionRequestedError);
            string library2 = string.Join(",", errors.Select(e => e.Tag));
            return ours.Outcome switch
            {
                ParseOutcome.Help => help ? null : "we: help; the library: " + library2,
                ParseOutcome.Version => version ? null : "we: version; the library: " + library2,
                ParseOutcome.Parsed => "we parsed it; the library: " + library2,
                _ => errors.Any(e => Same(ours.Error, e)) ? null : $"we: {ours.Error} ({ours.Message}); the library: {library2}",
            };
        }

        private static bool Same(UsageError ours, Error theirs) => (ours, theirs.Tag) switch
        {
            (UsageError.UnknownOption, ErrorType.UnknownOptionError) => true,
            (UsageError.BadValue, ErrorType.BadFormatConversionError) => true,
            (UsageError.UnknownVerb, ErrorType.BadVerbSelectedError) => true,
            (UsageError.NoVerb, ErrorType.NoVerbSelectedError) => true,
            (UsageError.MissingValue, ErrorType.MissingValueOptionError) => true,
            _ => false,
        };

        private static string Show(object? value) => value switch
        {
            null => "null",
            string s => "'" + s + "'",
            IEnumerable sequence => "[" + string.Join(", ", sequence.Cast<object>().Select(Show)) + "]",
            _ => value.ToString()!,
        };
    }
}
