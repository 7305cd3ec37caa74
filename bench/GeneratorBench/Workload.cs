using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Interop.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GeneratorBench
{
    /// <summary>
    /// The inputs every measured run starts from: the synthetic table, its two edited variants, a small
    /// consumer compilation and the same compilation with one unrelated file edited. Built once, outside
    /// the timed region, so a sample times the generator driver and nothing else.
    /// </summary>
    public sealed class Workload
    {
        public const string TablePath = "/bench/synthetic.syscalls.yaml";

        /// <summary>The function and flag value the "one entry edited" runs change.</summary>
        public const int EditedFunction = 57;
        public const int EditedFlagSet = 1;
        public const int EditedFlagValue = 4;

        private const int UserFiles = 5;

        private static readonly CSharpParseOptions s_parseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        public Workload()
        {
            string yaml = SyntheticTable.Yaml();
            Yaml = yaml;
            Table = new InMemoryTable(TablePath, yaml);
            TableWithEditedFunction = new InMemoryTable(TablePath, ReplaceOnce(yaml, SyntheticTable.FunctionDoc(EditedFunction), SyntheticTable.EditedFunctionDoc(EditedFunction)));
            TableWithEditedFlag = new InMemoryTable(TablePath, ReplaceOnce(yaml, SyntheticTable.FlagValue(EditedFlagSet, EditedFlagValue), SyntheticTable.EditedFlagValue(EditedFlagSet, EditedFlagValue)));

            Compilation = CSharpCompilation.Create(
                "Consumer",
                Enumerable.Range(0, UserFiles).Select(i => Tree($"namespace App {{ public static class C{i} {{ public static long M() => (long)Bench.Synthetic.Native.C_00{i}; }} }}", i)),
                References(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
            CompilationWithUnrelatedEdit = Compilation.ReplaceSyntaxTree(
                Compilation.SyntaxTrees.First(),
                Tree("namespace App { public static class C0 { public static long M() => (long)Bench.Synthetic.Native.C_001 + 1; } }", 0));
        }

        public string Yaml { get; }

        public InMemoryTable Table { get; }

        public InMemoryTable TableWithEditedFunction { get; }

        public InMemoryTable TableWithEditedFlag { get; }

        public CSharpCompilation Compilation { get; }

        public CSharpCompilation CompilationWithUnrelatedEdit { get; }

        /// <summary>
        /// A driver that has seen nothing yet. Step tracking costs time and memory the compiler does not
        /// spend, so the timed runs leave it off; the untimed checks turn it on to count what reran.
        /// </summary>
        public GeneratorDriver NewDriver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
            [new SyscallTableGenerator().AsSourceGenerator()],
            [Table],
            s_parseOptions,
            optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackSteps));

        private static SyntaxTree Tree(string source, int i) => CSharpSyntaxTree.ParseText(source, s_parseOptions, path: $"/bench/File{i}.cs");

        // The framework assemblies this process runs on: enough for the generated code to compile.
        private static ImmutableArray<MetadataReference> References() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();

        private static string ReplaceOnce(string text, string from, string to)
        {
            int at = text.IndexOf(from, StringComparison.Ordinal);
            if (at < 0 || text.IndexOf(from, at + 1, StringComparison.Ordinal) >= 0)
            {
                throw new InvalidOperationException($"'{from}' must occur exactly once in the synthetic table.");
            }

            return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
        }
    }
}
