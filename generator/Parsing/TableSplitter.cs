using System;
using System.Collections.Generic;
using System.Text;

namespace Interop.Generator.Parsing
{
    /// <summary>One list item of a section (a function, a struct, ...): its own lines, read on their own.</summary>
    /// <param name="Section">The top-level key it is listed under ("functions").</param>
    /// <param name="Text">Its lines, with their original indentation, so columns stay those of the file.</param>
    /// <param name="FirstLine">The 1-based line of the file its first line is.</param>
    public sealed record TableChunk(string Section, string Text, int FirstLine);

    /// <summary>
    /// Splits a table into its top-level part and one chunk per item of each section, by lines. Each chunk is
    /// then read and checked on its own: a YAML error in one item (the reader stops at the first error) does not
    /// hide the rest of the table, and an edit to one item changes only that item's chunk, so the incremental
    /// pipeline re-parses only it. A chunk's text does not contain its position: moving an item keeps its cache.
    /// </summary>
    /// <remarks>
    /// A top-level key starts at column 0 (not '-', '#', a space or a document marker). A key with nothing after
    /// its ':' starts a section; the section's items start at the first '-' line's indentation. Lines that belong to
    /// sections are blanked in the top-level part, so that part still reads as a mapping with the same line numbers.
    /// </remarks>
    public static class TableSplitter
    {
        public static (string TopLevel, List<TableChunk> Chunks) Split(string text, ICollection<string> sections)
        {
            string[] lines = text.Replace("\r\n", "\n").Split('\n');
            var top = new StringBuilder(text.Length / 8);
            var chunks = new List<TableChunk>();
            string? section = null;
            int itemIndent = -1;
            var current = new StringBuilder();
            int currentFirst = 0;

            void Flush()
            {
                if (section is not null && current.Length > 0)
                {
                    chunks.Add(new TableChunk(section, current.ToString(), currentFirst));
                }

                current.Clear();
            }

            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                if (IsTopLevelKey(line, out string key, out bool valueOnLine))
                {
                    Flush();
                    section = !valueOnLine && sections.Contains(key) ? key : null;
                    itemIndent = -1;
                    top.Append(line).Append('\n');
                    continue;
                }

                if (section is null)
                {
                    top.Append(line).Append('\n');
                    continue;
                }

                top.Append('\n');
                int indent = CountIndent(line);
                bool isItemStart = indent < line.Length && line[indent] == '-' && (indent + 1 == line.Length || line[indent + 1] == ' ');
                if (isItemStart && (itemIndent < 0 || indent == itemIndent))
                {
                    itemIndent = indent;
                    Flush();
                    currentFirst = i + 1;
                }

                if (current.Length == 0 && !isItemStart)
                {
                    // Blank lines and comments before the first item of a section belong to no item.
                    if (IsBlankOrComment(line))
                    {
                        continue;
                    }

                    // Content before any '- ' item: read as a chunk of its own, so the reader reports it.
                    currentFirst = i + 1;
                }

                current.Append(line).Append('\n');
            }

            Flush();
            return (top.ToString(), chunks);
        }

        private static bool IsTopLevelKey(string line, out string key, out bool valueOnLine)
        {
            key = "";
            valueOnLine = false;
            if (line.Length == 0 || line[0] == ' ' || line[0] == '-' || line[0] == '#' || line[0] == '\t' || line.StartsWith("...", StringComparison.Ordinal))
            {
                return false;
            }

            int colon = line.IndexOf(':');
            if (colon <= 0 || (colon + 1 < line.Length && line[colon + 1] != ' '))
            {
                return false;
            }

            key = line.Substring(0, colon);
            string rest = line.Substring(colon + 1).Trim();
            valueOnLine = rest.Length > 0 && rest[0] != '#';
            return true;
        }

        private static int CountIndent(string line)
        {
            int i = 0;
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            return i;
        }

        private static bool IsBlankOrComment(string line)
        {
            string t = line.Trim();
            return t.Length == 0 || t[0] == '#';
        }
    }
}
