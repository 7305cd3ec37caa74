using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GeneratorBench
{
    /// <summary>
    /// An AdditionalFiles item held in memory. The SourceText is made once, as the compiler does for a
    /// file it has read, so a rerun does not pay for re-creating the text.
    /// </summary>
    public sealed class InMemoryTable(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
