using Interop.Generator.Model;

namespace Nsbox.CommandLineGenerator.Model
{
    /// <summary>
    /// A class marked [GeneratedCommandLine]: the program's name, its verbs in the order given
    /// (fully qualified type names) and its global options, read before the verb.
    /// </summary>
    public sealed record ContextModel(
        string Namespace,
        string ClassName,
        string Accessibility,
        string Program,
        EquatableArray<string> VerbTypes,
        VerbModel? Global,
        EquatableArray<DiagnosticInfo> Diagnostics);
}
