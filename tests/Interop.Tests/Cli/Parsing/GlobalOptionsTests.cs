using System.Reflection;
using Xunit;

namespace Interop.Tests.Cli.Parsing
{
    /// <summary>
    /// Options before the verb, as the OCI runtime verbs will need them
    /// (<c>nsbox --root DIR --log FILE --log-format json create ID BUNDLE</c>): declared with the same
    /// attributes in a class named as [GeneratedCommandLine]'s Global, read by the same generated code.
    /// </summary>
    public sealed class GlobalOptionsTests
    {
        private const string Declarations = """
            using System.Collections.Generic;
            using CommandLine;
            using Nsbox.Parsing;

            namespace Oci
            {
                public sealed class GlobalOptions
                {
                    [Option("root", MetaValue = "DIR", HelpText = "State directory.")]
                    public string? Root { get; set; }

                    [Option("log", MetaValue = "FILE", HelpText = "Log file.")]
                    public string? Log { get; set; }

                    [Option("log-format", MetaValue = "FORMAT", HelpText = "text or json.")]
                    public string? LogFormat { get; set; }
                }

                [Verb("create", HelpText = "Create a container.")]
                public sealed class CreateOptions
                {
                    [Option('b', "bundle", MetaValue = "DIR", HelpText = "The bundle.")]
                    public string? Bundle { get; set; }

                    [Value(0, MetaName = "ID", HelpText = "The container's id.")]
                    public IEnumerable<string> Id { get; set; } = [];
                }

                [GeneratedCommandLine("runtime", typeof(CreateOptions), Global = typeof(GlobalOptions))]
                internal static partial class RuntimeCommandLine;

                public static class Entry
                {
                    public static object[] Parse(string[] args)
                    {
                        ParseResult r = RuntimeCommandLine.Parse(args);
                        return [r.Outcome.ToString(), r.Message ?? "", r.Global ?? "", r.Options ?? "", r.Help ?? ""];
                    }
                }
            }
            """;

        private static readonly Assembly s_assembly = CommandLineGeneratorHarness.Build(Declarations);

        private static object[] Parse(params string[] args) =>
            (object[])s_assembly.GetType("Oci.Entry")!.GetMethod("Parse")!.Invoke(null, [args])!;

        private static object? Property(object target, string name) => target.GetType().GetProperty(name)!.GetValue(target);

        [Fact]
        public void OptionsBeforeTheVerbAreTheGlobalOnes()
        {
            object[] result = Parse(["--root", "/run/nsbox", "--log=/tmp/log", "--log-format", "json", "create", "--bundle", "/b", "box"]);
            Assert.Equal("Parsed", result[0]);
            Assert.Equal("/run/nsbox", Property(result[2], "Root"));
            Assert.Equal("/tmp/log", Property(result[2], "Log"));
            Assert.Equal("json", Property(result[2], "LogFormat"));
            Assert.Equal("/b", Property(result[3], "Bundle"));
            Assert.Equal(new[] { "box" }, Property(result[3], "Id"));
        }

        [Fact]
        public void AVerbsOptionBeforeTheVerbIsAnError()
        {
            object[] result = Parse(["--bundle", "/b", "create", "box"]);
            Assert.Equal("Error", result[0]);
            Assert.Equal("unknown option '--bundle': Invalid argument (EINVAL) (see 'runtime --help')", result[1]);
        }

        [Fact]
        public void GlobalHelpListsTheVerbsAndTheGlobalOptions()
        {
            object[] result = Parse(["--root", "/x", "--help"]);
            Assert.Equal("Help", result[0]);
            Assert.Contains("  create ", (string)result[4]);
            Assert.Contains("  --log-format=FORMAT ", (string)result[4]);
        }
    }
}
