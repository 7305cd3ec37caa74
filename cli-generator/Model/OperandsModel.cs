namespace Nsbox.CommandLineGenerator.Model
{
    /// <summary>The [Value(0)] property that takes the operands (the command and its arguments).</summary>
    /// <param name="Many">IEnumerable&lt;string&gt; (every operand) rather than one string.</param>
    public sealed record OperandsModel(string Property, string MetaName, string HelpText, bool Many);
}
