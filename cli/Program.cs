using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using CommandLine;
using CommandLine.Text;
using Interop.Runtime;
using Nsbox.Commands;
using Nsbox.Options;

namespace Nsbox
{
    internal static class Program
    {
        /// <summary>The version printed by --version.</summary>
        private const string Version = "0.1.0";

        // CommandLineParser builds option objects by reflection: keep their members through trimming,
        // or every verb fails at run time under NativeAOT ("appears to be immutable").
        [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(RunOptions))]
        [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(ExecOptions))]
        [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(LsOptions))]
        [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(CheckOptions))]
        private static int Main(string[] args)
        {
            // The PID-1 init and the user-namespace holder: an internal protocol of the runtime, never parsed as a user command line.
            if (SandboxInit.RunIfRequested(args) is int initStatus)
            {
                return initStatus;
            }

            // The arguments as bytes: Main's args lost what is not UTF-8, and nsbox passes bytes through.
            args = ProcessArguments.Get();

            // run and exec pass the signals nsbox receives on to the sandbox: collect them before
            // anything can start a thread that would take them instead.
            if (args.Length > 0 && args[0] is "run" or "exec")
            {
                SandboxRunner.CollectSignals();
            }

            try
            {
                args = ArgumentRewriter.ExpandNamespaceFiles(args);
                if (MissingOptionValue(args) is string option)
                {
                    return ErrorReporter.Fail($"option '{option}' needs a value (see 'nsbox --help')");
                }

                using var parser = new Parser(settings =>
                {
                    settings.EnableDashDash = true;
                    settings.AllowMultiInstance = true; // --bind, --tmpfs, --setenv, ... are repeatable
                    settings.HelpWriter = null; // errors are ours to print, on one line
                    settings.AutoVersion = true;
                    settings.AutoHelp = true;
                });
                ParserResult<object> result = parser.ParseArguments(args, typeof(RunOptions), typeof(ExecOptions), typeof(LsOptions), typeof(CheckOptions));
                return result.MapResult(
                    (RunOptions options) => RunCommand.Execute(options, args),
                    (ExecOptions options) => ExecCommand.Execute(options),
                    (LsOptions options) => LsCommand.Execute(options),
                    (CheckOptions options) => CheckCommand.Execute(options),
                    errors => ReportParseErrors(result, errors));
            }
            catch (Exception e)
            {
                // Last line of defence: a bug must still end as one line and a documented status.
                return ErrorReporter.Fail($"internal error: {e.GetType().Name}: {e.Message}");
            }
        }

        /// <summary>
        /// GNU tools refuse a value-taking option with nothing after it ('--hostname' last, or right
        /// before '--'); CommandLineParser would quietly leave the value unset.
        /// </summary>
        private static string? MissingOptionValue(string[] args)
        {
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--")
                {
                    return null;
                }

                bool takesValue = Array.IndexOf(RunOptions.ValueOptions, args[i]) >= 0 || Array.IndexOf(ExecOptions.ValueOptions, args[i]) >= 0
                    || Array.IndexOf(LsOptions.ValueOptions, args[i]) >= 0;
                if (takesValue && (i + 1 == args.Length || args[i + 1] == "--"))
                {
                    return args[i];
                }
            }

            return null;
        }

        private static int ReportParseErrors(ParserResult<object> result, IEnumerable<Error> errors)
        {
            List<Error> list = errors.ToList();
            if (list.Any(e => e is VersionRequestedError))
            {
                return ErrorReporter.WriteOutput("nsbox " + Version + "\n");
            }

            if (list.Any(e => e is HelpRequestedError or HelpVerbRequestedError))
            {
                HelpText help = HelpText.AutoBuild(result, h =>
                {
                    h.Heading = "nsbox " + Version + ": run commands in new Linux namespaces";
                    h.Copyright = "";
                    h.AddPostOptionsLine("Exit status: the command's; 125 nsbox error; 126 cannot execute; 127 not found; 128+N killed by signal N.");
                    foreach (string example in Examples.For(result.TypeInfo.Current))
                    {
                        h.AddPostOptionsLine(example);
                    }
                    return h;
                }, e => e, verbsIndex: !list.Any(e => e is HelpRequestedError or HelpVerbRequestedError { Matched: true }));
                return ErrorReporter.WriteOutput(help + "\n");
            }

            System.Type? verb = result.TypeInfo.Current;
            string helpFor = verb == typeof(RunOptions) ? "nsbox run --help"
                : verb == typeof(ExecOptions) ? "nsbox exec --help"
                : verb == typeof(LsOptions) ? "nsbox ls --help"
                : verb == typeof(CheckOptions) ? "nsbox check --help"
                : "nsbox --help";
            return ErrorReporter.Fail(Describe(list[0], verb) + $" (see '{helpFor}')");
        }

        private const string Verbs = "run, exec, ls, check";

        private static string Describe(Error error, System.Type? verb) => error switch
        {
            UnknownOptionError e => $"unknown option '{(e.Token.Length == 1 ? "-" : "--")}{e.Token}'{OptionSuggestions.Hint(e.Token, verb)}",
            BadVerbSelectedError e => $"unknown command '{e.Token}'; the commands are: {Verbs}",
            NoVerbSelectedError => $"no command given; the commands are: {Verbs}",
            MissingValueOptionError e => $"option '{e.NameInfo.NameText}' needs a value",
            BadFormatConversionError e => $"option '{e.NameInfo.NameText}' has a value of the wrong form",
            RepeatedOptionError e => $"option '{e.NameInfo.NameText}' is given more than once",
            NamedError e => $"option '{e.NameInfo.NameText}': {e.Tag}",
            TokenError e => $"'{e.Token}': {e.Tag}",
            _ => error.Tag.ToString(),
        };
    }
}
