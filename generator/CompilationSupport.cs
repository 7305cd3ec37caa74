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
            // The framework's version, from the referenced assemblies' identities: cheap, unlike a symbol lookup, which
            // would bind the compilation's references on every edit of the user's code. System.Runtime 8.0 is .NET 8;
            // netstandard2.0 and .NET Framework reference netstandard or mscorlib instead.
            bool net8 = false;
            foreach (AssemblyIdentity assembly in compilation.ReferencedAssemblyNames)
            {
                if (assembly.Name is "System.Runtime" or "System.Private.CoreLib" && assembly.Version.Major >= 8)
                {
                    net8 = true;
                    break;
                }
            }

            if (!net8)
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
