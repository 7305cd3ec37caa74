using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Interop.Tests.Support;

namespace Interop.Tests.Cli.Parsing
{
    /// <summary>Runs the command-line generator in memory over given declarations, the way the compiler does; compiles and loads the result.</summary>
    public static class CommandLineGeneratorHarness
    {
        private static readonly ImmutableArray<MetadataReference> s_references = InMemoryCompilation.FrameworkAnd(typeof(CommandLine.VerbAttribute));

        public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
            "CommandLineConsumer" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"/project/File{i}.cs")),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
            [new Nsbox.CommandLineGenerator.CommandLineGenerator().AsSourceGenerator()],
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>Generates, compiles (no warnings allowed) and loads an assembly from <paramref name="sources"/>.</summary>
        public static Assembly Build(params string[] sources) => InMemoryCompilation.Build(Driver(), Compilation(sources));

        /// <summary>The generator's own diagnostics for <paramref name="sources"/>.</summary>
        public static ImmutableArray<Diagnostic> Diagnostics(params string[] sources) =>
            Driver().RunGenerators(Compilation(sources)).GetRunResult().Diagnostics;
    }
}
