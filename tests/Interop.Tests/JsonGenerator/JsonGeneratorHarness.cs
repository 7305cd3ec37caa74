using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Interop.Tests.Support;

namespace Interop.Tests.JsonGenerator
{
    /// <summary>Runs json-generator in memory over given classes, the way the compiler does; compiles and loads the result.</summary>
    public static class JsonGeneratorHarness
    {
        private static readonly ImmutableArray<MetadataReference> s_references = InMemoryCompilation.FrameworkAnd(typeof(Interop.Runtime.Json.JsonModel));

        public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
            "JsonConsumer" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"/project/File{i}.cs")),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        public static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
            [new Interop.JsonGenerator.JsonModelGenerator().AsSourceGenerator()],
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>Generates, compiles (no warnings allowed) and loads an assembly from <paramref name="sources"/>.</summary>
        public static Assembly Build(params string[] sources) => InMemoryCompilation.Build(Driver(), Compilation(sources));

        /// <summary>The generator's own diagnostics for <paramref name="sources"/>, and the compilation with what it generated.</summary>
        public static (ImmutableArray<Diagnostic> Generator, Compilation Output) Run(params string[] sources)
        {
            Driver().RunGeneratorsAndUpdateCompilation(Compilation(sources), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            return (diagnostics, output);
        }

        /// <summary>JsonModel.Parse&lt;T&gt; for a type known only at run time.</summary>
        public static object? Parse(Type type, string json)
        {
            MethodInfo parse = typeof(Interop.Runtime.Json.JsonModel).GetMethods()
                .Single(m => m.Name == "Parse" && m.GetParameters()[0].ParameterType == typeof(string));
            try
            {
                return parse.MakeGenericMethod(type).Invoke(null, [json]);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }

        /// <summary>JsonModel.Write&lt;T&gt; (compact) for a type known only at run time.</summary>
        public static string Write(object value)
        {
            MethodInfo write = typeof(Interop.Runtime.Json.JsonModel).GetMethod("Write")!;
            return (string)write.MakeGenericMethod(value.GetType()).Invoke(null, [value, default(System.Text.Json.JsonWriterOptions)])!;
        }
    }
}
