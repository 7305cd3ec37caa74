namespace Nsbox.Output
{
    /// <summary>A column of a <see cref="TextTable"/>: numbers are right-aligned, as lsns and ps print them.</summary>
    internal sealed record TextColumn(string Header, bool AlignRight = false);
}
