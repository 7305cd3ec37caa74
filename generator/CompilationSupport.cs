using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Interop.Generator
{
    /// <summary>
    /// Whether the consumer's compilation can take the generated code. Without unsafe code, or on a target
    /// framework older than .NET 8, every generated file would fail with dozens of errors inside .g.cs files;
    /// instead the generator emits nothing and reports one diagnostic that says what to change.
    /// </summary>
    public sealed record CompilationSupport(string? ProblemId, string? Message)
    {
        /// <summary>The oldest target framework the generated code compiles for (it uses System.Text.Unicode.Utf8.IsValid and UnscopedRef).</summary>
        public const string MinimumTargetFramework = "net8.0";

        public static CompilationSupport Of(Compilation compilation)
        {
            // Utf8.IsValid is new in .NET 8; netstandard2.0, .NET Framework and .NET 5-7 lack it.
            INamedTypeSymbol? utf8 = compilation.GetTypeByMetadataName("System.Text.Unicode.Utf8");
            if (utf8 is null || utf8.GetMembers("IsValid").IsEmpty || compilation.GetTypeByMetadataName("System.Runtime.InteropServices.NativeMemory") is null)
            {
                return new CompilationSupport(Diagnostics.DiagnosticDescriptors.UnsupportedTargetFramework.Id,
                    $"The generated bindings need {MinimumTargetFramework} or later; this project targets an older framework. Set <TargetFramework>{MinimumTargetFramework}</TargetFramework> (or newer) to use the syscall table.");
            }

            if (compilation.Options is CSharpCompilationOptions { AllowUnsafe: false })
            {
                return new CompilationSupport(Diagnostics.DiagnosticDescriptors.UnsafeCodeRequired.Id,
                    "The generated bindings use pointers, so the project needs unsafe code: add <AllowUnsafeBlocks>true</AllowUnsafeBlocks> to a PropertyGroup of the project file (the Interop.Generator package sets it unless the project says otherwise).");
            }

            return new CompilationSupport(null, null);
        }
    }
}
