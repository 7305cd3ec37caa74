namespace Interop.Generator.Emit
{
    /// <summary>
    /// The attributes LibraryImportGenerator puts on what it emits: <c>[GeneratedCode]</c> on every type, so
    /// analyzers and coverage tools treat it as generated, and <c>[SkipLocalsInit]</c> on stubs, so a stack
    /// buffer is not zeroed before the marshaller overwrites it.
    /// </summary>
    public static class GeneratedCode
    {
        public const string Tool = "Interop.Generator";

        /// <summary>The version written into <c>[GeneratedCode]</c>; kept with the package version.</summary>
        public const string Version = "0.2.0";

        public static void Attributes(SourceWriter w) =>
            w.Line($"[global::System.CodeDom.Compiler.GeneratedCode(\"{Tool}\", \"{Version}\")]");

        public const string SkipLocalsInit = "[global::System.Runtime.CompilerServices.SkipLocalsInit]";
    }
}
