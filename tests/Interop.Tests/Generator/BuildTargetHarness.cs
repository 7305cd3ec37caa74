using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Interop.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Interop.Tests.Generator
{
    /// <summary>Analyzer config options from a dictionary: what MSBuild hands the compiler as build_property.* globals.</summary>
    public sealed class DictionaryAnalyzerConfigOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly DictionaryAnalyzerConfigOptions Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }

    /// <summary>Global options only, as a project with CompilerVisibleProperty items produces them.</summary>
    public sealed class GlobalOptionsProvider(IReadOnlyDictionary<string, string> globals) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryAnalyzerConfigOptions(globals);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryAnalyzerConfigOptions.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => DictionaryAnalyzerConfigOptions.Empty;
    }

    /// <summary>Runs the generator like <see cref="GeneratorHarness"/>, for a build with (or without) a RuntimeIdentifier.</summary>
    public static class BuildTargetHarness
    {
        public static GeneratorDriver Driver(string? runtimeIdentifier, params AdditionalText[] tables)
        {
            var globals = new Dictionary<string, string>();
            if (runtimeIdentifier is not null)
            {
                globals[SyscallTableGenerator.RuntimeIdentifierOption] = runtimeIdentifier;
            }

            return CSharpGeneratorDriver.Create(
                [new SyscallTableGenerator().AsSourceGenerator()],
                tables,
                new CSharpParseOptions(LanguageVersion.Latest),
                new GlobalOptionsProvider(globals),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        }

        /// <summary>Runs the generator over one table for <paramref name="runtimeIdentifier"/> (null: no RID); returns the run and the compilation with its output.</summary>
        public static (GeneratorDriverRunResult Run, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics) Generate(string yaml, string? runtimeIdentifier, params string[] sources)
        {
            GeneratorDriver driver = Driver(runtimeIdentifier, new InMemoryAdditionalText(GeneratorHarness.TablePath, yaml))
                .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(sources), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            return (driver.GetRunResult(), output, diagnostics);
        }
    }
}
