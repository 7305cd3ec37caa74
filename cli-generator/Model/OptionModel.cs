namespace Nsbox.CommandLineGenerator.Model
{
    /// <summary>One [Option] property, as the generated parser and help need it.</summary>
    /// <param name="ShortName">The short name, or '\0' for none.</param>
    /// <param name="LongName">The long name without dashes ("" for none).</param>
    /// <param name="Property">The property the parser sets.</param>
    /// <param name="Nullable">Whether the property's type is Nullable&lt;T&gt; (int?, long?).</param>
    public sealed record OptionModel(
        char ShortName,
        string LongName,
        string Property,
        OptionKind Kind,
        ValueType Type,
        bool Nullable,
        string MetaValue,
        string HelpText,
        bool Hidden)
    {
        /// <summary>The name occurrences carry: the long name, else the short one.</summary>
        public string OccurrenceName => LongName.Length > 0 ? LongName : ShortName.ToString();

        /// <summary>How an error names it: "--hostname", or "-t" for a short-only option.</summary>
        public string DisplayName => LongName.Length > 0 ? "--" + LongName : "-" + ShortName;
    }
}
