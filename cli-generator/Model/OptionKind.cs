namespace Nsbox.CommandLineGenerator.Model
{
    /// <summary>How an option takes its argument, in getopt_long's terms.</summary>
    public enum OptionKind
    {
        /// <summary>A bool property: no argument (getopt no_argument); <c>--opt=x</c> is an error.</summary>
        Switch,

        /// <summary>
        /// A bool property with a MetaValue: an optional argument (getopt optional_argument), given
        /// only as <c>--opt=VALUE</c>, as unshare's <c>--uts[=FILE]</c>. It lands in the occurrences.
        /// </summary>
        OptionalValue,

        /// <summary>A string or number property: a required argument, <c>--opt VALUE</c> or <c>--opt=VALUE</c>.</summary>
        Value,

        /// <summary>An IEnumerable&lt;string&gt; property: a required argument, every occurrence kept in order.</summary>
        Repeated,
    }
}
