using System.Collections.Generic;
using System.Text;
using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// Carries the table's docs and kernel versions into XML doc comments. Every text from the table that lands in a
    /// comment goes through <see cref="Element"/>: each of its lines (a YAML escape such as <c>\n</c> or <c>\u2028</c>
    /// can put a line break into any quoted value) continues the comment with <c>///</c>, and the text is escaped as XML.
    /// </summary>
    public static class DocComments
    {
        /// <param name="note">A sentence added to the remarks, such as which architecture a value is for.</param>
        public static void Write(SourceWriter w, ItemDocs docs, string? cName = null, string kindOfSince = "Linux", string? note = null)
        {
            if (docs.Summary is { Length: > 0 } summary)
            {
                Block(w, "summary", summary);
            }

            string? remarks = (cName, docs.Since) switch
            {
                (null, null) => null,
                (null, string since) => $"Since {kindOfSince} {Escape(since)}.",
                (string c, null) => $"C name: <c>{Escape(c)}</c>.",
                (string c, string since) => $"C name: <c>{Escape(c)}</c>. Since {kindOfSince} {Escape(since)}.",
            };
            if (note is not null)
            {
                remarks = remarks is null ? note : remarks + " " + note;
            }

            if (remarks is not null)
            {
                // Already XML (the table's parts escaped above); Escape keeps it on one comment line whatever it holds.
                w.Line($"/// <remarks>{remarks}</remarks>");
            }
        }

        public static void Param(SourceWriter w, string name, string? doc)
        {
            if (doc is { Length: > 0 })
            {
                Element(w, $"<param name=\"{name}\">", "</param>", doc);
            }
        }

        /// <summary><c>&lt;tag&gt;</c> on a line of its own, the text's lines, <c>&lt;/tag&gt;</c>.</summary>
        public static void Block(SourceWriter w, string tag, string text)
        {
            w.Line($"/// <{tag}>");
            foreach (string line in Lines(text))
            {
                w.Line(line.Length == 0 ? "///" : "/// " + line);
            }

            w.Line($"/// </{tag}>");
        }

        /// <summary>
        /// <paramref name="open"/> (XML), the table's <paramref name="text"/> escaped, <paramref name="close"/> (XML):
        /// on one comment line when the text has one line, else continued with <c>///</c> on each of its lines.
        /// </summary>
        public static void Element(SourceWriter w, string open, string close, string text)
        {
            List<string> lines = Lines(text);
            for (int i = 0; i < lines.Count; i++)
            {
                w.Line("/// " + (i == 0 ? open : "") + lines[i] + (i == lines.Count - 1 ? close : ""));
            }
        }

        /// <summary>The text's lines, each escaped (<see cref="Escape"/>) and without trailing blanks.</summary>
        public static List<string> Lines(string text)
        {
            var lines = new List<string>();
            var line = new StringBuilder();
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (IsLineBreak(c))
                {
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    lines.Add(Escape(line.ToString()).TrimEnd());
                    line.Clear();
                }
                else
                {
                    line.Append(c);
                }
            }

            lines.Add(Escape(line.ToString()).TrimEnd());
            return lines;
        }

        /// <summary>
        /// Text for inside a one-line XML comment: &amp; &lt; &gt; &quot; &apos; as entities, and every character XML or a
        /// C# comment cannot hold (a line break, another control character, a lone surrogate) as a visible <c>\uXXXX</c>.
        /// </summary>
        public static string Escape(string text)
        {
            var s = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                switch (c)
                {
                    case '&': s.Append("&amp;"); break;
                    case '<': s.Append("&lt;"); break;
                    case '>': s.Append("&gt;"); break;
                    case '"': s.Append("&quot;"); break;
                    case '\'': s.Append("&apos;"); break;
                    case '\t': s.Append(c); break;
                    default:
                        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                        {
                            s.Append(c).Append(text[++i]);
                        }
                        else if (char.IsControl(c) || IsLineBreak(c) || char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')
                        {
                            s.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            s.Append(c);
                        }

                        break;
                }
            }

            return s.ToString();
        }

        /// <summary>What C# takes for the end of a line (and so of a <c>///</c> comment).</summary>
        public static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';
    }
}
