using System;
using System.Collections.Generic;
using System.Linq;
using CommandLine;
using CommandLine.Text;
using Nsbox.Options;
using Nsbox.Options.Oci;

namespace Interop.Tests.Cli.Parsing
{
    /// <summary>CommandLineParser over nsbox's declarations, set up as the generated parser's specification: GetoptMode, PosixlyCorrect.</summary>
    internal static class Oracle
    {
        public static readonly Type[] Verbs =
        [
            typeof(RunOptions), typeof(ExecOptions), typeof(LsOptions), typeof(CheckOptions),
            typeof(CreateOptions), typeof(StartOptions), typeof(StateOptions), typeof(KillOptions), typeof(DeleteOptions), typeof(ListOptions),
            typeof(PauseOptions), typeof(ResumeOptions), typeof(PsOptions),
        ];

        public static Parser Create() => new(s =>
        {
            s.EnableDashDash = true;
            s.AllowMultiInstance = true;
            s.HelpWriter = null;
            s.AutoHelp = true;
            s.AutoVersion = true;
            s.GetoptMode = true;
            s.PosixlyCorrect = true;
        });

        public static ParserResult<object> Parse(params string[] args)
        {
            using Parser parser = Create();
            return parser.ParseArguments(args, Verbs);
        }

        public static T Parsed<T>(params string[] args) => (T)((Parsed<object>)Parse(args)).Value;

        public static List<Error> Errors(params string[] args) => ((NotParsed<object>)Parse(args)).Errors.ToList();

        /// <summary>The options block the library renders for the options before the verb, parsed on their own (no verbs) with --help.</summary>
        public static string GlobalHelpBlock()
        {
            const string heading = "HEADING";
            using Parser parser = Create();
            ParserResult<GlobalOptions> result = parser.ParseArguments<GlobalOptions>(["--help"]);
            HelpText help = HelpText.AutoBuild(result, h =>
            {
                h.Heading = heading;
                h.Copyright = "";
                return h;
            }, e => e, maxDisplayWidth: 80);
            string text = help.ToString().Replace("\r\n", "\n");
            return text[(heading.Length + 2)..];
        }

        /// <summary>The options block the library's HelpText renders for <paramref name="args"/> (a help request), at 80 columns.</summary>
        public static string HelpBlock(params string[] args)
        {
            const string heading = "HEADING";
            ParserResult<object> result = Parse(args);
            List<Error> errors = ((NotParsed<object>)result).Errors.ToList();
            bool index = !errors.Any(e => e is HelpRequestedError or HelpVerbRequestedError { Matched: true });
            HelpText help = HelpText.AutoBuild(result, h =>
            {
                h.Heading = heading;
                h.Copyright = "";
                return h;
            }, e => e, verbsIndex: index, maxDisplayWidth: 80);
            string text = help.ToString().Replace("\r\n", "\n");
            return text[(heading.Length + 2)..];
        }
    }
}
