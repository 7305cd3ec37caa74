using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Interop.Tests.Support
{
    /// <summary>What every in-memory generator harness shares: the framework's assemblies to compile against, and building and loading what a generator made.</summary>
    public static class InMemoryCompilation
    {
        /// <summary>The framework's System.* assemblies (netstandard and mscorlib included) of this test process.</summary>
        public static readonly ImmutableArray<MetadataReference> Framework =
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();

        /// <summary>The framework and the assemblies of <paramref name="types"/> (the attributes or runtime the generated code uses).</summary>
        public static ImmutableArray<MetadataReference> FrameworkAnd(params Type[] types) =>
            Framework.AddRange(types.Select(t => (MetadataReference)MetadataReference.CreateFromFile(t.Assembly.Location)));

        /// <summary>Runs <paramref name="driver"/> over <paramref name="compilation"/>, compiles the result (no generator diagnostic, no warning allowed) and loads it.</summary>
        public static Assembly Build(GeneratorDriver driver, Compilation compilation)
        {
            driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            Assert.Empty(generatorDiagnostics);
            using var image = new MemoryStream();
            var emitted = output.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
            return Assembly.Load(image.ToArray());
        }
    }
}
