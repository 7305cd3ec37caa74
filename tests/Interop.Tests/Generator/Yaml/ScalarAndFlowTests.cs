using Interop.Generator.Yaml;
using Xunit;
using static Interop.Tests.Generator.Yaml.TestHelpers;

namespace Interop.Tests.Generator.Yaml
{
    public class ScalarAndFlowTests
    {
        [Fact]
        public void SingleQuoted()
        {
            YamlScalar s = Value(ReadOk("a: 'it''s # \"x\" \\n'"), "a");
            Assert.Equal("it's # \"x\" \\n", s.Value);
            Assert.True(s.IsQuoted);
            AssertAt(s, 1, 4);
        }

        [Fact]
        public void DoubleQuotedEscapes()
        {
            YamlScalar s = Value(ReadOk("a: \"q\\\" b\\\\ n\\n t\\t z\\0 x\\x41 u\\u00e9 e\\uD83D\\uDE00 #\""), "a");
            Assert.Equal("q\" b\\ n\n t\t z\0 xA u\u00e9 e\U0001F600 #", s.Value);
            Assert.True(s.IsQuoted);
        }

        [Fact]
        public void QuotedNumberLikeTextIsQuoted()
        {
            YamlScalar s = Value(ReadOk("since: \"2.0\""), "since");
            Assert.Equal("2.0", s.Value);
            Assert.True(s.IsQuoted);
            Assert.False(Value(ReadOk("since: 2.0"), "since").IsQuoted);
        }

        [Fact]
        public void FlowCollections()
        {
            Assert.Equal("{a: [], b: {}, c: [1, 'two', [3, {x: y}]], d: {k: [1, 2], e: , f: 'g'}}",
                DumpOk("a: []\nb: {}\nc: [1, \"two\", [3, {x: y}]]\nd: { k: [1,2], e: , f: 'g' }"));
        }

        [Fact]
        public void FlowTrailingCommaAndSpacing()
        {
            Assert.Equal("[[a, b], {a: 1}]", DumpOk("- [ a , b , ]\n- {a: 1,}"));
        }

        [Fact]
        public void FlowPlainScalarsMayContainColonsAndHashes()
        {
            Assert.Equal("[a:b, c#d, http://x, -1, 0x10]", DumpOk("[a:b, c#d, http://x, -1, 0x10]"));
        }

        [Fact]
        public void FlowQuotedKeyMayTouchColon()
        {
            Assert.Equal("{'a': 1, 'b': x}", DumpOk("{\"a\":1, 'b' : x}"));
        }

        [Fact]
        public void FlowPositions()
        {
            var seq = (YamlSequence)Get(ReadOk("k: [ a, 'b', { c: d } ]"), "k");
            AssertAt(seq, 1, 4);
            AssertAt(seq.Items[0], 1, 6);
            AssertAt(seq.Items[1], 1, 9);
            AssertAt(seq.Items[2], 1, 14);
            AssertAt(((YamlMapping)seq.Items[2]).Entries[0].Key, 1, 16);
            AssertAt(Value(ReadOk("{ a: }"), "a"), 1, 5);
        }

        [Fact]
        public void LiteralBlockScalar()
        {
            string text = "doc: |\n  line one\n    indented\n\n  last\nnext: x\n";
            YamlNode? root = ReadOk(text);
            Assert.Equal("line one\n  indented\n\nlast\n", Value(root, "doc").Value);
            Assert.False(Value(root, "doc").IsQuoted);
            AssertAt(Value(root, "doc"), 1, 6);
            Assert.Equal("x", Value(root, "next").Value);
        }

        [Fact]
        public void FoldedBlockScalar()
        {
            string text = "doc: >\n  one\n  two\n\n  three\n    more\n  four\n";
            Assert.Equal("one two\nthree\n  more\nfour\n", Value(ReadOk(text), "doc").Value);
        }

        [Theory]
        [InlineData("|", "a\nb\n")]
        [InlineData("|-", "a\nb")]
        [InlineData("|+", "a\nb\n\n\n")]
        [InlineData(">", "a b\n")]
        [InlineData(">-", "a b")]
        [InlineData(">+", "a b\n\n\n")]
        public void Chomping(string header, string expected)
        {
            string text = "doc: " + header + "\n  a\n  b\n\n\nnext: 1\n";
            YamlNode? root = ReadOk(text);
            Assert.Equal(expected, Value(root, "doc").Value);
            Assert.Equal("1", Value(root, "next").Value);
        }

        [Fact]
        public void BlockScalarAtEndOfFileWithoutFinalNewline()
        {
            Assert.Equal("a\nb", Value(ReadOk("doc: |-\n  a\n  b"), "doc").Value);
            Assert.Equal("a\n", Value(ReadOk("doc: |+\n  a\n"), "doc").Value);
        }

        [Fact]
        public void BlockScalarWithCommentOnHeaderAndHashInText()
        {
            Assert.Equal("# not a comment\nx: y\n", Value(ReadOk("doc: | # header comment\n  # not a comment\n  x: y\n"), "doc").Value);
        }

        [Fact]
        public void EmptyBlockScalar()
        {
            YamlNode? root = ReadOk("doc: |\nnext: 1");
            Assert.Equal("", Value(root, "doc").Value);
            Assert.Equal("1", Value(root, "next").Value);
        }

        [Fact]
        public void BlockScalarsInSequenceItems()
        {
            string text = "- doc: |\n    text\n  name: x\n- >\n  folded\n  line\n- end";
            Assert.Equal("[{doc: text\\n, name: x}, folded line\\n, end]", DumpOk(text));
        }

        [Fact]
        public void BlockScalarTextMustBeIndentedMoreThanItsMapping()
        {
            // Under "- doc:" the mapping is at column 3, so text at column 3 is not part of the scalar.
            Assert.Equal("[{doc: , name: x}]", DumpOk("- doc: |\n  name: x"));
        }

        [Fact]
        public void WhitespacePastTheIndentationOfABlankLineIsText()
        {
            Assert.Equal("x\n \ny\n", Value(ReadOk("a: >\n  x\n   \n  y\n"), "a").Value);
            Assert.Equal("x\ny\n", Value(ReadOk("a: >\n  x\n  \n  y\n"), "a").Value); // an ordinary blank line folds to one break
        }

        [Fact]
        public void LeadingBlankLinesAreKept()
        {
            Assert.Equal("\n\nlead\nx\n", Value(ReadOk("a: |\n\n\n  lead\n  x\n\n"), "a").Value);
            Assert.Equal("\nlead x\n", Value(ReadOk("a: >\n\n  lead\n  x\n"), "a").Value);
        }

        [Fact]
        public void BlockScalarKeepsTabsAfterIndentation()
        {
            Assert.Equal("a\n\tb\n", Value(ReadOk("doc: |\n  a\n  \tb\n"), "doc").Value);
        }
    }
}
