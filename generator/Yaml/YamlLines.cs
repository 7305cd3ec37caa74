using System.Collections.Generic;

namespace Interop.Generator.Yaml
{
    /// <summary>
    /// The bottom layer of the reader: splits the text into lines and answers small questions about
    /// the characters of one line. The parser above works on (line index, character index) pairs;
    /// since flow collections and quoted scalars must stay on one line, no token ever spans lines.
    /// </summary>
    internal static class YamlLines
    {
        /// <summary>Splits on LF, CRLF or a lone CR, after dropping a leading byte order mark.</summary>
        public static string[] Split(string text)
        {
            int start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            var lines = new List<string>();
            int lineStart = start;
            for (int i = start; i < text.Length; i++)
            {
                char c = text[i];
                if (c != '\n' && c != '\r')
                {
                    continue;
                }

                lines.Add(text.Substring(lineStart, i - lineStart));
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                lineStart = i + 1;
            }

            // A final line break ends the last line; it does not start an empty one (that would add
            // a phantom trailing line to "|+" block scalars).
            if (lineStart < text.Length || lines.Count == 0)
            {
                lines.Add(text.Substring(lineStart));
            }

            return lines.ToArray();
        }

        /// <summary>Spaces and tabs separate tokens on a line; only spaces may indent one.</summary>
        public static bool IsBlank(char c) => c == ' ' || c == '\t';

        public static bool IsBlankOrEnd(string line, int pos) => pos >= line.Length || IsBlank(line[pos]);

        public static bool IsFlowIndicator(char c) => c is ',' or '[' or ']' or '{' or '}';

        /// <summary>YAML allows only printable characters: no C0 controls except tab, no DEL, no C1 controls.</summary>
        public static bool IsForbiddenControl(char c) => (c < ' ' && c != '\t') || (c >= '\u007F' && c <= '\u009F');

        public static int CountLeadingSpaces(string line)
        {
            int i = 0;
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            return i;
        }

        public static int SkipBlanks(string line, int pos)
        {
            while (pos < line.Length && IsBlank(line[pos]))
            {
                pos++;
            }

            return pos;
        }

        /// <summary>A '#' starts a comment only at the start of a line or after whitespace ("a#b" is one scalar).</summary>
        public static bool IsCommentStart(string line, int pos) =>
            pos < line.Length && line[pos] == '#' && (pos == 0 || IsBlank(line[pos - 1]));

        /// <summary>True when only whitespace and perhaps a comment remain from <paramref name="pos"/> on.</summary>
        public static bool IsRestEmpty(string line, int pos)
        {
            int i = SkipBlanks(line, pos);
            return i == line.Length || IsCommentStart(line, i);
        }

        /// <summary>A block sequence entry: '-' followed by whitespace or the end of the line ("-1" is a scalar).</summary>
        public static bool IsDash(string line, int pos) => pos < line.Length && line[pos] == '-' && IsBlankOrEnd(line, pos + 1);

        /// <summary>"---" or "..." at the very start of a line, alone or followed by whitespace.</summary>
        public static bool IsDocumentMarker(string line, string marker) =>
            line.StartsWith(marker, System.StringComparison.Ordinal) && IsBlankOrEnd(line, marker.Length);

        /// <summary>Keeps quoted text in messages short and on one line.</summary>
        public static string Shorten(string text)
        {
            string oneLine = text.Replace("\r", "\\r").Replace("\n", "\\n");
            return oneLine.Length <= 40 ? oneLine : oneLine.Substring(0, 40) + "...";
        }
    }
}
