using System;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using Interop.Generator.Emit;
using Microsoft.CodeAnalysis;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// Texts of the table that a quoted YAML value can give any character (<c>"a\nb"</c>, <c>"\u2028"</c>): every doc
    /// becomes a comment that continues over its lines, an errno message becomes a string literal that holds it exactly.
    /// (<c>since</c> and <c>c</c> are one line by meaning; a line break in them is a SYSGEN009 of the mistake corpus.)
    /// </summary>
    public sealed class TableTextTests
    {
        private const string Table = """
            namespace: Text.Native
            functions:
              - name: getpid
                returns: int
                errno: none
                doc: "First line\nsecond line\u000D\nthird\u2028fourth\u2029fifth\u0085sixth <b>&amp;</b> \"quoted\" \u0001 end"
                params: []
              - name: close
                returns: int
                doc: "Closes\na descriptor."
                params:
                  - { name: fd, type: int, doc: "The descriptor\nto close \"now\"\u2028(or later)." }
            syscalls:
              - name: gettid
                returns: int
                errno: none
                doc: "The thread's id\nas the kernel knows it."
                numbers: { x86_64: 186, aarch64: 178 }
                params: []
            constants:
              - { name: ANSWER, type: int, value: 42, doc: "The answer\n\nto everything." }
            flags:
              - name: Modes
                type: uint
                doc: "Modes\u2029of a thing."
                values:
                  - { name: Fast, value: 1, doc: "Fast\x0Dmode." }
            structs:
              - name: Pair
                size: 8
                doc: "Two ints\nside by side."
                fields:
                  - { name: a, type: int, offset: 0, doc: "The first\none." }
                  - { name: b, type: int, offset: 4, doc: "The second\u2028one." }
            errno:
              - { name: EMINE, value: 200, doc: "Mine:\na \"quoted\"\tline\u2028and \\ more\u000D\u0085\u2029\u0001\u007f end" }
            """;

        private const string Message = "Mine:\na \"quoted\"\tline\u2028and \\ more\r\u0085\u2029\u0001\u007f end";

        [Fact]
        public void EveryDocContinuesOverItsLinesAndTheOutputCompilesWithoutAWarning()
        {
            var (run, output, _) = Generate(Table);
            Assert.Empty(run.Results.Single().Diagnostics);
            Assert.Empty(Errors(output));

            string functions = Source(run, "Native.Functions.g.cs");
            Assert.Contains("""
                        /// <summary>
                        /// First line
                        /// second line
                        /// third
                        /// fourth
                        /// fifth
                        /// sixth &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;quoted&quot; \u0001 end
                        /// </summary>
                """.Replace("\r\n", "\n"), functions.Replace("\r\n", "\n"));
            Assert.Contains("""
                        /// <param name="fd">The descriptor
                        /// to close &quot;now&quot;
                        /// (or later).</param>
                """.Replace("\r\n", "\n"), functions.Replace("\r\n", "\n"));

            // No generated line holds a line break C# would end the comment at, nor a control character.
            foreach (SyntaxTree tree in output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)))
            {
                string text = tree.ToString();
                Assert.DoesNotContain(text, c => c is '\r' or '\u0085' or '\u2028' or '\u2029' || (char.IsControl(c) && c is not ('\n' or '\t')));
            }

            // The generated comments are well-formed XML (checked with DocumentationMode.Diagnose): the doc file holds the lines.
            string xml = DocumentationXml(output);
            string param = xml.Substring(xml.IndexOf("<param name=\"fd\">", StringComparison.Ordinal));
            param = param.Substring(0, param.IndexOf("</param>", StringComparison.Ordinal));
            Assert.Equal(["<param name=\"fd\">The descriptor", "to close &quot;now&quot;", "(or later)."], param.Split('\n').Select(l => l.Trim()));
        }

        [Fact]
        public void AnErrnoMessageRoundTripsWithItsLineBreaksAndQuotes()
        {
            var (run, output, _) = Generate(Table, """
                namespace Text
                {
                    internal static class Probe
                    {
                        public static string Message() => global::Text.Native.ErrnoInfo.Message(global::Text.Native.Errno.EMINE);
                        public static string Formatted() => new global::Text.Native.ErrnoException("mine", global::Text.Native.Errno.EMINE).Message;
                    }
                }
                """);
            Assert.Empty(run.Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
            using var image = new MemoryStream();
            var emitted = output.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            var context = new AssemblyLoadContext(nameof(TableTextTests), isCollectible: true);
            try
            {
                image.Position = 0;
                Type probe = context.LoadFromStream(image).GetType("Text.Probe")!;
                Assert.Equal(Message, (string)probe.GetMethod("Message")!.Invoke(null, null)!);
                Assert.Equal("mine: " + Message + " (EMINE)", (string)probe.GetMethod("Formatted")!.Invoke(null, null)!);
            }
            finally
            {
                context.Unload();
            }
        }

        [Theory]
        [InlineData("plain", "\"plain\"")]
        [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
        [InlineData("a\nb\rc\td\0e", "\"a\\nb\\rc\\td\\0e\"")]
        [InlineData("\u2028\u2029\u0085\u0001\u007f", "\"\\u2028\\u2029\\u0085\\u0001\\u007F\"")]
        [InlineData("é😀", "\"é😀\"")]
        public void TheStringLiteralEscaperWritesOneLineThatMeansTheText(string text, string literal)
        {
            Assert.Equal(literal, Literals.String(text));
            var parsed = (Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax)Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseExpression(literal);
            Assert.Equal(text, parsed.Token.ValueText);
        }

        /// <summary>A lone surrogate (xunit cannot carry one in InlineData) is escaped, not written as a broken character.</summary>
        [Fact]
        public void ALoneSurrogateBecomesAnEscape()
        {
            Assert.Equal("\"\\uD800x\\uDC00\"", Literals.String("\ud800x\udc00"));
            Assert.Equal("a\\uD800", DocComments.Escape("a\ud800"));
        }

        /// <summary>
        /// The harness would see what this class guards against: a generated file whose comment is broken XML (here a raw
        /// control character and an unescaped '&lt;') is a warning in its compilation, as in a build with GenerateDocumentationFile.
        /// </summary>
        [Fact]
        public void TheHarnessReportsABrokenDocCommentInAGeneratedFile()
        {
            var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
                "namespace N { /// <summary>a \u0001 b < c</summary>\n public static class C { } }", GeneratedParseOptions, path: "/project/N.g.cs");
            Compilation compilation = Compilation().AddSyntaxTrees(tree);
            Assert.Contains(Errors(compilation), d => d.Id == "CS1570");
        }

        private static string DocumentationXml(Compilation output)
        {
            using var image = new MemoryStream();
            using var xml = new MemoryStream();
            var emitted = output.Emit(image, xmlDocumentationStream: xml);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            Assert.DoesNotContain(emitted.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
            return System.Text.Encoding.UTF8.GetString(xml.ToArray()).Replace("\r\n", "\n");
        }
    }
}
