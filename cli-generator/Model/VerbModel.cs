using Interop.Generator.Model;

namespace Nsbox.CommandLineGenerator.Model
{
    /// <summary>One options class: a [Verb] (or the global options, whose Name is "").</summary>
    /// <param name="TypeName">The fully qualified type name (global::...).</param>
    /// <param name="Namespace">The namespace the generated parser of this class goes into.</param>
    /// <param name="ClassName">The class's own name (RunOptions).</param>
    /// <param name="OccurrencesProperty">The IReadOnlyList&lt;TOccurrence&gt; property the parser fills in order, or null.</param>
    /// <param name="OccurrenceType">TOccurrence (constructed as new(name, value)), or null.</param>
    public sealed record VerbModel(
        string Name,
        string HelpText,
        string TypeName,
        string Namespace,
        string ClassName,
        EquatableArray<OptionModel> Options,
        OperandsModel? Operands,
        string? OccurrencesProperty,
        string? OccurrenceType,
        EquatableArray<DiagnosticInfo> Diagnostics)
    {
        /// <summary>The generated parser's class name: RunOptionsCommandLine.</summary>
        public string ParserClass => ClassName + "CommandLine";
    }
}
