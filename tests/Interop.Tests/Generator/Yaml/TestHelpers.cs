using System.Linq;
using System.Text;
using Interop.Generator.Yaml;
using Xunit;

namespace Interop.Tests.Generator.Yaml
{
    internal static class TestHelpers
    {
        /// <summary>Reads text that must be valid and returns its root.</summary>
        public static YamlNode? ReadOk(string text)
        {
            YamlDocument doc = YamlReader.Read(text);
            Assert.True(doc.Errors.Count == 0,
                "unexpected errors: " + string.Join(" | ", doc.Errors.Select(e => $"{e.Line}:{e.Column} {e.Message}")));
            return doc.Root;
        }

        /// <summary>A compact rendering of a tree: {k: v}, [a, b], plain text, 'quoted' text; \n shown as \n.</summary>
        public static string Dump(YamlNode? node)
        {
            var sb = new StringBuilder();
            Dump(node, sb);
            return sb.ToString();
        }

        public static string DumpOk(string text) => Dump(ReadOk(text));

        private static void Dump(YamlNode? node, StringBuilder sb)
        {
            switch (node)
            {
                case null:
                    sb.Append("<null>");
                    break;
                case YamlScalar s:
                    string v = s.Value.Replace("\n", "\\n");
                    sb.Append(s.IsQuoted ? "'" + v + "'" : v);
                    break;
                case YamlSequence seq:
                    sb.Append('[');
                    for (int i = 0; i < seq.Items.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(", ");
                        }

                        Dump(seq.Items[i], sb);
                    }

                    sb.Append(']');
                    break;
                case YamlMapping map:
                    sb.Append('{');
                    for (int i = 0; i < map.Entries.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(", ");
                        }

                        Dump(map.Entries[i].Key, sb);
                        sb.Append(": ");
                        Dump(map.Entries[i].Value, sb);
                    }

                    sb.Append('}');
                    break;
            }
        }

        /// <summary>Asserts that reading fails with exactly one error at the position, whose message contains the fragment.</summary>
        public static YamlError AssertError(string text, int line, int column, string fragment)
        {
            YamlDocument doc = YamlReader.Read(text);
            Assert.Null(doc.Root);
            YamlError error = Assert.Single(doc.Errors);
            Assert.True(error.Message.Contains(fragment), $"message '{error.Message}' lacks '{fragment}'");
            Assert.Equal((line, column), (error.Line, error.Column));
            Assert.EndsWith(".", error.Message);
            Assert.DoesNotContain("Internal error", error.Message);
            return error;
        }

        public static YamlScalar Value(YamlNode? mapping, string key) =>
            (YamlScalar)((YamlMapping)mapping!).Entries.Single(e => e.Key.Value == key).Value;

        public static YamlNode Get(YamlNode? mapping, string key) =>
            ((YamlMapping)mapping!).Entries.Single(e => e.Key.Value == key).Value;

        public static void AssertAt(YamlNode node, int line, int column) => Assert.Equal((line, column), (node.Line, node.Column));
    }
}
