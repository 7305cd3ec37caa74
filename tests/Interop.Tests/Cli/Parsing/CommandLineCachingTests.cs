using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Nsbox.CommandLineGenerator;
using Xunit;
using static Interop.Tests.Cli.Parsing.CommandLineGeneratorHarness;

namespace Interop.Tests.Cli.Parsing
{
    /// <summary>The command-line generator's named steps cache: unrelated edits do no work; editing one verb regenerates only that verb's parser.</summary>
    public sealed class CommandLineCachingTests
    {
        private const string Run = """
            using CommandLine;
            [Verb("run", HelpText = "Run.")]
            public sealed class RunOptions
            {
                [Option('u', "uts", HelpText = "UTS.")]
                public bool Uts { get; set; }
            }
            """;

        private const string Ls = """
            using CommandLine;
            [Verb("ls", HelpText = "List.")]
            public sealed class LsOptions
            {
                [Option("json", HelpText = "JSON.")]
                public bool Json { get; set; }
            }
            """;

        private const string Context = """
            [Nsbox.Parsing.GeneratedCommandLine("tool", typeof(RunOptions), typeof(LsOptions))]
            internal static partial class ToolCommandLine;
            """;

        private static readonly string[] s_steps =
        [
            CommandLineGenerator.TrackingNames.Verbs, CommandLineGenerator.TrackingNames.Contexts, CommandLineGenerator.TrackingNames.VerbSources,
        ];

        [Fact]
        public void UnrelatedSourceEditLeavesEveryStepCachedOrUnchanged()
        {
            CSharpCompilation compilation = Compilation(Run, Ls, Context, "class A { }");
            GeneratorDriver driver = Driver().RunGenerators(compilation);

            CSharpCompilation edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText("class A { int x; }", path: "/project/File3.cs"));
            GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

            foreach (string step in s_steps)
            {
                Assert.True(second.TrackedSteps.ContainsKey(step), "step not tracked: " + step);
                Assert.All(second.TrackedSteps[step].SelectMany(s => s.Outputs), o =>
                    Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
            }
        }

        [Fact]
        public void EditingOneVerbRegeneratesOnlyThatVerbsParser()
        {
            CSharpCompilation compilation = Compilation(Run, Ls, Context);
            GeneratorDriver driver = Driver().RunGenerators(compilation);

            string editedRun = Run.Replace("HelpText = \"UTS.\"", "HelpText = \"New UTS namespace.\"");
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(), CSharpSyntaxTree.ParseText(editedRun, path: "/project/File0.cs"));
            GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

            // Two verbs, one changed: one parser source is modified, the other is not redone.
            IncrementalStepRunReason[] sources = Reasons(second, CommandLineGenerator.TrackingNames.VerbSources).ToArray();
            Assert.Equal(2, sources.Length);
            Assert.Single(sources, r => r == IncrementalStepRunReason.Modified);
            Assert.Single(sources, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
            Assert.Contains("New UTS namespace.", second.GeneratedSources.Single(s => s.HintName == "RunOptionsCommandLine.g.cs").SourceText.ToString());
            Assert.All(Reasons(second, CommandLineGenerator.TrackingNames.Contexts), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        }

        [Fact]
        public void AnOptionOfAnUnsupportedTypeIsReportedWhereItIsDeclared()
        {
            Diagnostic d = Assert.Single(Diagnostics("""
                using CommandLine;
                [Verb("run")]
                public sealed class RunOptions
                {
                    [Option("when")]
                    public System.DateTime When { get; set; }
                }
                """));
            Assert.Equal("NSCLI001", d.Id);
            Assert.Equal(5, d.Location.GetLineSpan().StartLinePosition.Line);
        }

        private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
            result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);
    }
}
