using Interop.Generator.Yaml;
using Xunit;
using static Interop.Tests.Generator.Yaml.TestHelpers;

namespace Interop.Tests.Generator.Yaml
{
    public class StructureTests
    {
        [Theory]
        [InlineData("")]
        [InlineData("\n\n")]
        [InlineData("# only a comment\n   # another\n")]
        [InlineData("---\n")]
        [InlineData("\uFEFF# bom then comment")]
        [InlineData("---\n# nothing\n")]
        public void EmptyDocumentsHaveNoRootAndNoErrors(string text)
        {
            YamlDocument doc = YamlReader.Read(text);
            Assert.Null(doc.Root);
            Assert.Empty(doc.Errors);
        }

        [Fact]
        public void NullTextIsAnEmptyDocument()
        {
            YamlDocument doc = YamlReader.Read(null!);
            Assert.Null(doc.Root);
            Assert.Empty(doc.Errors);
        }

        [Fact]
        public void FlatMapping()
        {
            Assert.Equal("{namespace: Interop.Linux, library: libc, count: 3}",
                DumpOk("namespace: Interop.Linux\nlibrary: libc\ncount: 3\n"));
        }

        [Fact]
        public void NestedMappingsAndPositions()
        {
            YamlNode? root = ReadOk("a:\n  b:\n    c: 1\n  d: 2\ne: 3");
            Assert.Equal("{a: {b: {c: 1}, d: 2}, e: 3}", Dump(root));
            AssertAt(root!, 1, 1);
            YamlNode a = Get(root, "a");
            AssertAt(a, 2, 3);
            AssertAt(Get(a, "b"), 3, 5);
            AssertAt(Value(Get(a, "b"), "c"), 3, 8);
            AssertAt(((YamlMapping)root!).Entries[1].Key, 5, 1);
        }

        [Fact]
        public void SequenceOfScalarsAndNestedSequences()
        {
            Assert.Equal("[a, -1, [b, c], d]", DumpOk("- a\n- -1\n-\n  - b\n  - c\n- d"));
            Assert.Equal("[[a, b], [c]]", DumpOk("- - a\n  - b\n- - c"));
        }

        [Fact]
        public void SequenceUnderKeyAtSameIndentation()
        {
            YamlNode? root = ReadOk("list:\n- a\n- b\nnext: 1\n");
            Assert.Equal("{list: [a, b], next: 1}", Dump(root));
            AssertAt(Get(root, "list"), 2, 1);
        }

        [Fact]
        public void SequenceUnderKeyIndented()
        {
            Assert.Equal("{list: [a, b], next: 1}", DumpOk("list:\n  - a\n  - b\nnext: 1\n"));
        }

        [Fact]
        public void CompactMappingsInSequence()
        {
            string text = "functions:\n  - name: clone\n    returns: int\n    params:\n      - { name: fd, type: int }\n      - { name: buf, type: \"void*\" }\n  - name: getpid\n    returns: int\n";
            YamlNode? root = ReadOk(text);
            Assert.Equal("{functions: [{name: clone, returns: int, params: [{name: fd, type: int}, {name: buf, type: 'void*'}]}, {name: getpid, returns: int}]}", Dump(root));
            var functions = (YamlSequence)Get(root, "functions");
            AssertAt(functions, 2, 3);
            AssertAt(functions.Items[0], 2, 5); // a mapping's position is its first key
            var parameters = (YamlSequence)Get(functions.Items[0], "params");
            AssertAt(parameters, 5, 7);
            AssertAt(parameters.Items[0], 5, 9); // a flow mapping's position is its '{'
            AssertAt(Value(parameters.Items[1], "type"), 6, 28);
        }

        [Fact]
        public void CompactMappingWithNestedSequenceAtItsColumn()
        {
            Assert.Equal("[{name: x, params: [a, b], returns: int}]", DumpOk("- name: x\n  params:\n  - a\n  - b\n  returns: int"));
        }

        [Fact]
        public void WiderDashSpacingMovesTheCompactMappingColumn()
        {
            Assert.Equal("[{a: 1, b: 2}]", DumpOk("-   a: 1\n    b: 2"));
        }

        [Fact]
        public void EmptyValuesArePositionedAfterTheColon()
        {
            YamlNode? root = ReadOk("a:\nb: # comment\nc:\n\n");
            Assert.Equal("{a: , b: , c: }", Dump(root));
            YamlScalar a = Value(root, "a");
            Assert.False(a.IsQuoted);
            AssertAt(a, 1, 3);
            AssertAt(Value(root, "b"), 2, 3);
            AssertAt(Value(root, "c"), 3, 3);
        }

        [Fact]
        public void EmptySequenceItems()
        {
            YamlNode? root = ReadOk("-\n- a\n-");
            Assert.Equal("[, a, ]", Dump(root));
            AssertAt(((YamlSequence)root!).Items[0], 1, 2);
        }

        [Fact]
        public void ValueOnFollowingIndentedLine()
        {
            Assert.Equal("{a: text}", DumpOk("a:\n  text\n"));
        }

        [Fact]
        public void TopLevelScalarAndFlow()
        {
            Assert.Equal("hello world", DumpOk("hello world"));
            Assert.Equal("[1, 2]", DumpOk("--- # start\n[1, 2] # end"));
        }

        [Fact]
        public void IndentedRootMapping()
        {
            YamlNode? root = ReadOk("   a: 1\n   b: 2");
            Assert.Equal("{a: 1, b: 2}", Dump(root));
            AssertAt(root!, 1, 4);
        }

        [Fact]
        public void CommentsEverywhere()
        {
            string text = "# head\na: 1 # one\n  # indented comment\nb: x#y\n# between\nc: 'q # not comment' # yes\nd: [a, b] # c\n#tail";
            Assert.Equal("{a: 1, b: x#y, c: 'q # not comment', d: [a, b]}", DumpOk(text));
        }

        [Fact]
        public void PlainScalarsKeepNumberLikeTextAndColons()
        {
            string text = "hex: 0x80000\nver: 2.6.19\nneg: -1\nurl: http://x.org:80/p\ntime: 12:30\nsp: a  b  \ncolon end: a:b:c";
            Assert.Equal("{hex: 0x80000, ver: 2.6.19, neg: -1, url: http://x.org:80/p, time: 12:30, sp: a  b, colon end: a:b:c}", DumpOk(text));
        }

        [Fact]
        public void KeysMayBeQuotedAndSpacedBeforeColon()
        {
            YamlNode? root = ReadOk("\"a b\": 1\n'c': 2\nd : 3\n\"\": 4");
            Assert.Equal("{'a b': 1, 'c': 2, d: 3, '': 4}", Dump(root));
            Assert.True(((YamlMapping)root!).Entries[0].Key.IsQuoted);
        }

        [Fact]
        public void CrLfAndBomAndLoneCr()
        {
            YamlNode? root = ReadOk("\uFEFFa: 1\r\nb:\r\n  - x\r\n");
            Assert.Equal("{a: 1, b: [x]}", Dump(root));
            AssertAt(root!, 1, 1);
            AssertAt(Get(root, "b"), 3, 3);
            Assert.Equal("{a: 1, b: 2}", DumpOk("a: 1\rb: 2"));
        }

        [Fact]
        public void TabsAsSeparatorsAfterColonAreFine()
        {
            Assert.Equal("{a: 1}", DumpOk("a:\t1\t# c"));
        }

        [Fact]
        public void TabIndentedCommentsAndBlankLinesAreIgnored()
        {
            Assert.Equal("{a: 1, b: 2}", DumpOk("a: 1\n\t# comment\n\t\nb: 2"));
        }

        [Fact]
        public void NestingUpToTheLimitIsFine()
        {
            Assert.Equal(new string('[', 64) + new string(']', 64), DumpOk(new string('[', 64) + new string(']', 64)));
        }
    }
}
