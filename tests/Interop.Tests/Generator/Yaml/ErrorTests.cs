using System.Text;
using Interop.Generator.Yaml;
using Xunit;
using static Interop.Tests.Generator.Yaml.TestHelpers;

namespace Interop.Tests.Generator.Yaml
{
    public class ErrorTests
    {
        [Theory]
        [InlineData("a:\n\tb: 1", 2, 1)]
        [InlineData("a:\n  \tb: 1", 2, 3)]
        [InlineData("doc: |\n  a\n\tb", 3, 1)]
        public void TabsInIndentation(string text, int line, int column) =>
            AssertError(text, line, column, "use spaces for indentation");

        [Fact]
        public void TabAfterDash() => AssertError("- a\n-\tb", 2, 2, "use spaces for indentation");

        [Theory]
        [InlineData("a: 1\nb: 2\na: 3", 3, 1, "Duplicate key 'a' (first defined at line 1)")]
        [InlineData("a: 1\n'a': 3", 2, 1, "Duplicate key 'a' (first defined at line 1)")]
        [InlineData("- name: x\n  type: y\n  name: z", 3, 3, "Duplicate key 'name' (first defined at line 1)")]
        [InlineData("{a: 1, a: 2}", 1, 8, "Duplicate key 'a' (first defined at line 1)")]
        public void DuplicateKeys(string text, int line, int column, string fragment) => AssertError(text, line, column, fragment);

        [Theory]
        [InlineData("a: [1,\n  2]", 1, 4, "flow sequence is not closed on its line; keep flow collections on one line, or use block style")]
        [InlineData("a: {x: 1", 1, 4, "flow mapping is not closed on its line; keep flow collections on one line")]
        [InlineData("a: {x", 1, 4, "flow mapping is not closed")]
        [InlineData("[a, [b", 1, 5, "flow sequence is not closed")]
        [InlineData("[a # c]", 1, 1, "flow sequence is not closed")]
        public void MultiLineFlow(string text, int line, int column, string fragment) => AssertError(text, line, column, fragment);

        [Theory]
        [InlineData("a: \"abc", 1, 4, "not closed on its line; add the closing \"")]
        [InlineData("a: 'abc", 1, 4, "not closed on its line; add the closing '")]
        [InlineData("'abc: 1", 1, 1, "not closed on its line")]
        [InlineData("a: 'it''", 1, 4, "not closed on its line")]
        [InlineData("a: \"ab\\", 1, 7, "line continuation")]
        public void UnterminatedQuotes(string text, int line, int column, string fragment) => AssertError(text, line, column, fragment);

        [Theory]
        [InlineData("a: \"x\\q\"", 1, 6, "Unknown escape '\\q'; use one of")]
        [InlineData("a: \"\\xZ1\"", 1, 5, "'\\x' needs exactly 2 hex digits")]
        [InlineData("a: \"\\u12\"", 1, 5, "'\\u' needs exactly 4 hex digits")]
        [InlineData("a: \"\\u12", 1, 5, "'\\u' needs exactly 4 hex digits")]
        [InlineData("a: \"\\uD83D\"", 1, 5, "half of a surrogate pair")]
        [InlineData("a: \"\\uDE00x\"", 1, 5, "half of a surrogate pair")]
        [InlineData("a: \"\\uD83D\\u0041\"", 1, 5, "half of a surrogate pair")]
        public void BadEscapes(string text, int line, int column, string fragment) => AssertError(text, line, column, fragment);

        [Theory]
        [InlineData("a: \"x\" y", 1, 8, "after the closing quote")]
        [InlineData("a: \"x\"#c", 1, 7, "after the closing quote")]
        [InlineData("- 'x' 'y'", 1, 7, "after the closing quote")]
        [InlineData("a: a: b", 1, 5, "Unexpected ': ' inside a value")]
        [InlineData("a: x y:", 1, 7, "Unexpected ': ' inside a value")]
        [InlineData("a: [1] x", 1, 8, "after the flow collection")]
        [InlineData("[a]: b", 1, 4, "cannot be used as a key")]
        [InlineData("[a]]", 1, 4, "after the flow collection")]
        public void TextAfterValue(string text, int line, int column, string fragment) => AssertError(text, line, column, fragment);

        [Theory]
        [InlineData("a: 1\n  b: 2", 2, 3, "This line starts at column 3, but the entries it belongs with start at column 1")]
        [InlineData("a:\n    b: 1\n  c: 2", 3, 3, "starts at column 3, but the entries it belongs with start at column 1")]
        [InlineData("- name: x\n    type: int", 2, 5, "starts at column 5, but the entries it belongs with start at column 3")]
        [InlineData("- a\n  b", 2, 3, "use '|' or '>'")]
        [InlineData("  a: 1\nb: 2", 2, 1, "starts at column 1, but the entries it belongs with start at column 3")]
        public void BadIndentation(string text, int line, int column, string fragment) => AssertError(text, line, column, fragment);

        [Theory]
        [InlineData("a: 1\nb", 2, 1, "This line is not a 'key: value' entry")]
        [InlineData("a: 1\nb:c", 2, 1, "with a space after the colon")]
        [InlineData("a: 1\n\"b\" c", 2, 1, "not a 'key: value' entry")]
        [InlineData("a: 1\n- b", 2, 1, "A '- item' line cannot follow 'key: value' lines at the same indentation")]
        [InlineData("- a\nb: 1", 2, 1, "A 'key: value' line cannot follow a list at the same indentation")]
        [InlineData("- a\nb", 2, 1, "does not start with '- '")]
        [InlineData("k:\n- a\nb", 3, 1, "not a 'key: value' entry")]
        [InlineData("a: - b", 1, 4, "A list cannot start on the same line as its key")]
        [InlineData("a: -", 1, 4, "A list cannot start on the same line as its key")]
        [InlineData("[a]\n[b]", 2, 1, "A document holds a single value")]
        [InlineData("hello\nworld", 2, 1, "A document holds a single value")]
        public void MalformedStructure(string text, int line, int column, string fragment) => AssertError(text, line, column, fragment);

        [Theory]
        [InlineData("a: &x 1", 1, 4, "Anchors ('&') are not supported")]
        [InlineData("&x a: 1", 1, 1, "Anchors ('&') are not supported")]
        [InlineData("a: 1\n&x b: 1", 2, 1, "Anchors ('&') are not supported")]
        [InlineData("a: *x", 1, 4, "Aliases ('*') are not supported")]
        [InlineData("a: !!str 1", 1, 4, "Tags ('!') are not supported")]
        [InlineData("- !t x", 1, 3, "Tags ('!') are not supported")]
        [InlineData("[&a x]", 1, 2, "Anchors ('&') are not supported")]
        [InlineData("{a: *b}", 1, 5, "Aliases ('*') are not supported")]
        [InlineData("%YAML 1.2\n---\na: 1", 1, 1, "Directives ('%') are not supported")]
        [InlineData("? a\n: b", 1, 1, "Complex keys ('? key') are not supported")]
        [InlineData("a: 1\n? b", 2, 1, "Complex keys ('? key') are not supported")]
        [InlineData("- a\n? b", 2, 1, "Complex keys ('? key') are not supported")]
        [InlineData(": b", 1, 1, "The key is missing before ':'")]
        [InlineData("a: 1\n...", 2, 1, "The document end marker '...' is not supported")]
        [InlineData("...", 1, 1, "The document end marker '...' is not supported")]
        [InlineData("a: 1\n---\nb: 2", 2, 1, "A second document ('---') is not supported")]
        [InlineData("---\n---", 2, 1, "A second document ('---') is not supported")]
        [InlineData("--- a: 1", 1, 5, "Content on the '---' line is not supported")]
        [InlineData("a: |2\n  x", 1, 5, "Explicit indentation indicators such as '|2' are not supported")]
        [InlineData("a: >-1\n  x", 1, 6, "Explicit indentation indicators")]
        [InlineData("a: | x", 1, 6, "Unexpected text after the block scalar indicator '|'")]
        [InlineData("a: >#c", 1, 5, "Unexpected text after the block scalar indicator '>'")]
        [InlineData("a: @x", 1, 4, "A plain value cannot start with '@'")]
        [InlineData("a: `x", 1, 4, "A plain value cannot start with '`'")]
        [InlineData("]", 1, 1, "A plain value cannot start with ']'")]
        [InlineData("a: \u0001", 1, 4, "The control character U+0001 is not allowed")]
        [InlineData("a: 1\nb: \"x\u007f\"", 2, 6, "The control character U+007F is not allowed")]
        public void UnsupportedFeatures(string text, int line, int column, string fragment) => AssertError(text, line, column, fragment);

        [Theory]
        [InlineData("[a,,b]", 1, 4, "The flow sequence has an empty item")]
        [InlineData("[,]", 1, 2, "The flow sequence has an empty item")]
        [InlineData("{,}", 1, 2, "The flow mapping has an empty entry")]
        [InlineData("[a, b}", 1, 6, "Expected ',' or ']' in the flow sequence")]
        [InlineData("{a}", 1, 3, "Expected ':' after the key 'a' in the flow mapping")]
        [InlineData("{a:b}", 1, 5, "Expected ':' after the key 'a:b'")]
        [InlineData("{a: 1 b: 2}", 1, 8, "Expected ',' or '}' in the flow mapping")]
        [InlineData("[a: b]", 1, 3, "wrap it in braces")]
        [InlineData("[- a]", 1, 2, "A '- item' list cannot be used inside a flow collection")]
        [InlineData("[|]", 1, 2, "Block scalars ('|' and '>') cannot be used inside a flow collection")]
        [InlineData("{[a]: b}", 1, 2, "A flow collection cannot be used as a key")]
        [InlineData("{a: ]}", 1, 5, "A plain value cannot start with ']'")]
        public void FlowErrors(string text, int line, int column, string fragment) => AssertError(text, line, column, fragment);

        [Fact]
        public void FlowNestingDeeperThanTheLimit() =>
            // The block mapping is level 1, so the 64th '[' (column 67) is level 65.
            AssertError("k: " + new string('[', 65) + new string(']', 65), 1, 67, "nested more than 64 levels deep");

        [Fact]
        public void HugeFlowNestingDoesNotOverflowTheStack() =>
            AssertError(new string('[', 200_000), 1, 65, "nested more than 64 levels deep");

        [Fact]
        public void BlockSequenceNestingOnOneLine()
        {
            var text = new StringBuilder();
            for (int i = 0; i < 100_000; i++)
            {
                text.Append("- ");
            }

            AssertError(text.Append('x').ToString(), 1, 129, "nested more than 64 levels deep");
        }

        [Fact]
        public void BlockMappingNestingAcrossLines()
        {
            var text = new StringBuilder();
            for (int i = 0; i < 1000; i++)
            {
                text.Append(' ', i).Append("k:\n");
            }

            AssertError(text.ToString(), 65, 65, "nested more than 64 levels deep");
        }

        [Fact]
        public void ReadingStopsAtTheFirstError()
        {
            YamlDocument doc = YamlReader.Read("a: &x 1\nb: *y\nc: \"open");
            Assert.Null(doc.Root);
            YamlError error = Assert.Single(doc.Errors);
            Assert.Equal((1, 4), (error.Line, error.Column));
        }
    }
}
