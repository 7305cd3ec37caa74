using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Interop.Generator;
using Interop.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Interop.Tests.Generator
{
    /// <summary>An AdditionalFiles item held in memory.</summary>
    public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    /// <summary>Runs the generator in memory, the way the compiler does, and compiles its output.</summary>
    public static class GeneratorHarness
    {
        public const string TablePath = "/project/syscalls.yaml";

        private static readonly ImmutableArray<MetadataReference> s_references = InMemoryCompilation.Framework;

        /// <summary>
        /// The generated files' doc comments are parsed and checked, as in a project with GenerateDocumentationFile
        /// (runtime/ has it): a table text that breaks the XML of a generated comment is then a warning here too.
        /// The tests' own sources are parsed without (they carry no docs).
        /// </summary>
        public static readonly CSharpParseOptions GeneratedParseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

        private static readonly CSharpParseOptions s_sourceParseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, s_sourceParseOptions, path: $"/project/File{i}.cs")),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

        public static GeneratorDriver Driver(params AdditionalText[] tables) => CSharpGeneratorDriver.Create(
            [new SyscallTableGenerator().AsSourceGenerator()],
            tables,
            GeneratedParseOptions,
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>Runs the generator over one table; returns the run result and the compilation with its output.</summary>
        public static (GeneratorDriverRunResult Run, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics) Generate(string yaml, params string[] sources)
        {
            GeneratorDriver driver = Driver(new InMemoryAdditionalText(TablePath, yaml))
                .RunGeneratorsAndUpdateCompilation(Compilation(sources), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            return (driver.GetRunResult(), output, diagnostics);
        }

        public static string RealTable() => File.ReadAllText(Support.Repo.Path("syscalls.yaml"));

        /// <summary>
        /// A generated file by the end of its hint name ("Flags.CloneFlags.g.cs", "Native.Constants.g.cs"), or every
        /// per-entry file of a part, in order ("Sys.Functions.g.cs": each function's friendly file).
        /// </summary>
        public static string Source(GeneratorDriverRunResult run, string hintName)
        {
            var sources = run.Results.SelectMany(r => r.GeneratedSources).ToList();
            var exact = sources.Where(s => s.HintName == hintName || s.HintName.EndsWith("." + hintName, StringComparison.Ordinal)).ToList();
            if (exact.Count > 0)
            {
                return Xunit.Assert.Single(exact).SourceText.ToString();
            }

            // "Flags.CloneFlags.g.cs", "Structs.Stat.g.cs": the type's own block, from the file its bucket makes.
            string[] pieces = hintName.Split('.');
            if (pieces.Length == 4 && pieces[0] is "Flags" or "Structs")
            {
                string declaration = pieces[0] == "Flags" ? $" enum {pieces[1]} " : $" partial struct {pieces[1]}";
                foreach (var file in sources.Where(s => s.HintName.Contains("." + pieces[0] + ".", StringComparison.Ordinal)))
                {
                    if (TypeBlock(file.SourceText.ToString(), declaration) is string block)
                    {
                        return block;
                    }
                }

                Xunit.Assert.Fail($"no generated file declares{declaration}");
            }

            string part = "." + hintName.Substring(0, hintName.Length - ".g.cs".Length) + ".";
            var group = sources.Where(s => s.HintName.Contains(part, StringComparison.Ordinal)).ToList();
            Xunit.Assert.True(group.Count > 0, $"no generated file matches {hintName}: {string.Join(", ", sources.Select(s => s.HintName))}");
            return string.Concat(group.Select(s => s.SourceText.ToString()));
        }

        /// <summary>
        /// The file's header, one top-level type (its docs and attributes, up to its closing brace at the namespace's
        /// indentation) and the namespace's closing brace: what the file would be if the type had it alone.
        /// </summary>
        private static string? TypeBlock(string file, string declaration)
        {
            string[] lines = file.Split('\n');
            int at = Array.FindIndex(lines, l => l.StartsWith("    ", StringComparison.Ordinal) && !l.StartsWith("     ", StringComparison.Ordinal) && l.Contains(declaration, StringComparison.Ordinal));
            if (at < 0)
            {
                return null;
            }

            int start = at;
            while (start > 0 && (lines[start - 1].StartsWith("    ///", StringComparison.Ordinal) || lines[start - 1].StartsWith("    [", StringComparison.Ordinal)))
            {
                start--;
            }

            int end = Array.FindIndex(lines, at, l => l == "    }");
            int header = Array.FindIndex(lines, l => l == "{") + 1;
            return string.Join("\n", lines.Take(header).Concat(lines.Skip(start).Take(end - start + 1))) + "\n}\n";
        }

        /// <summary>The one diagnostic the generator reports for <paramref name="yaml"/> (fails if there is not exactly one).</summary>
        public static Diagnostic SingleDiagnostic(string yaml)
        {
            var (run, _, _) = Generate(yaml);
            return Xunit.Assert.Single(run.Results.Single().Diagnostics);
        }

        /// <summary>Asserts a diagnostic's id and its 1-based position in the table.</summary>
        public static void AssertAt(Diagnostic d, string id, int line, int column)
        {
            Xunit.Assert.Equal(id, d.Id);
            FileLinePositionSpan span = d.Location.GetLineSpan();
            Xunit.Assert.Equal(TablePath, span.Path);
            Xunit.Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        }

        public static IEnumerable<Diagnostic> Errors(Compilation compilation) =>
            compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning);
    }
}
