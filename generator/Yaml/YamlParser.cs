using System;
using System.Collections.Generic;
using System.Text;

namespace Interop.Generator.Yaml
{
    /// <summary>
    /// A recursive-descent parser over the lines of one document. This file reads the block
    /// structure (indentation-based mappings, sequences and | > scalars); YamlParser.Inline.cs reads
    /// what fits on one line (plain and quoted scalars, flow collections).
    /// </summary>
    /// <remarks>
    /// The parser's position is <see cref="row"/>, the line being read; block methods are handed the
    /// column where their node starts, which is not the line's indentation for "- key: value" (the
    /// mapping starts at "key"). Each block method returns with <see cref="row"/> past the lines it
    /// consumed, and every loop iteration consumes at least one line, so reading always ends.
    /// All columns here are 0-based character indexes; errors convert them to 1-based positions.
    /// </remarks>
    internal sealed partial class YamlParser
    {
        private readonly string[] lines;
        private int row;   // index of the line being read
        private int depth; // collections currently open, at most YamlReader.MaxDepth

        public YamlParser(string[] lines)
        {
            this.lines = lines;
        }

        /// <summary>Reads the whole document; null when it holds nothing but comments and blank lines.</summary>
        public YamlNode? ParseDocument()
        {
            CheckCharacters();
            if (!SkipToContent(allowDocumentStart: true))
            {
                return null;
            }

            if (YamlLines.IsDocumentMarker(lines[row], "---"))
            {
                if (!YamlLines.IsRestEmpty(lines[row], 3))
                {
                    throw Error(row, YamlLines.SkipBlanks(lines[row], 3),
                        "Content on the '---' line is not supported; start the document on the next line.");
                }

                row++;
                if (!SkipToContent())
                {
                    return null;
                }
            }

            int rootColumn = YamlLines.CountLeadingSpaces(lines[row]);
            YamlNode root = ParseBlockNode(rootColumn, parentIndent: -1);
            if (SkipToContent())
            {
                // The root collection stops only at a line it cannot continue with.
                int indent = YamlLines.CountLeadingSpaces(lines[row]);
                if (indent != rootColumn)
                {
                    throw BadIndentation(indent, rootColumn);
                }

                throw Error(row, indent,
                    "A document holds a single value, but a second one starts here; put the values under keys or make them '- item' lines.");
            }

            return root;
        }

        /// <summary>
        /// Moves <see cref="row"/> to the next line with content, skipping blank and comment-only
        /// lines, and rejects what may not start a line. Returns false at the end of the text.
        /// </summary>
        private bool SkipToContent(bool allowDocumentStart = false)
        {
            for (; row < lines.Length; row++)
            {
                string line = lines[row];
                int first = YamlLines.SkipBlanks(line, 0);
                if (first == line.Length || line[first] == '#')
                {
                    continue;
                }

                int indent = YamlLines.CountLeadingSpaces(line);
                if (indent < first)
                {
                    throw Error(row, indent, "A tab is not allowed in indentation; use spaces for indentation.");
                }

                if (!allowDocumentStart && YamlLines.IsDocumentMarker(line, "---"))
                {
                    throw Error(row, 0, "A second document ('---') is not supported; keep a single document in the file.");
                }

                if (YamlLines.IsDocumentMarker(line, "..."))
                {
                    throw Error(row, 0, "The document end marker '...' is not supported; remove it.");
                }

                return true;
            }

            return false;
        }

        /// <summary>Reads the node starting at <paramref name="column"/> of the current line: a block collection, or a value on this line.</summary>
        /// <param name="parentIndent">Indentation of the enclosing collection; a block scalar's text must be indented more.</param>
        private YamlNode ParseBlockNode(int column, int parentIndent)
        {
            string line = lines[row];
            if (YamlLines.IsDash(line, column))
            {
                return ParseBlockSequence(column, endsAtKey: false);
            }

            if (ReadBlockKey(line, column, out _) != null)
            {
                return ParseBlockMapping(column);
            }

            return ParseValueOnLine(column, parentIndent);
        }

        /// <summary>Reads "key: value" entries whose keys start at <paramref name="column"/>.</summary>
        private YamlMapping ParseBlockMapping(int column)
        {
            int startRow = row;
            Enter(column);
            var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
            var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);

            // The first key may sit mid-line, after "- "; later keys start their own lines.
            while (true)
            {
                string line = lines[row];
                YamlScalar key = ReadBlockKey(line, column, out int colon) ?? throw NotAKey(line, column);
                CheckDuplicateKey(firstLines, key);
                entries.Add(new KeyValuePair<YamlScalar, YamlNode>(key, ParseMappingValue(colon, column)));

                if (!SkipToContent())
                {
                    break;
                }

                int indent = YamlLines.CountLeadingSpaces(lines[row]);
                if (indent < column)
                {
                    break; // The mapping ended; an enclosing collection decides whether the line fits there.
                }

                if (indent > column)
                {
                    throw BadIndentation(indent, column);
                }
            }

            depth--;
            return new YamlMapping(entries, startRow + 1, column + 1);
        }

        private YamlParseException NotAKey(string line, int pos)
        {
            string? unsupported = UnsupportedIndicator(line, pos);
            if (unsupported != null)
            {
                return Error(row, pos, unsupported);
            }

            if (YamlLines.IsDash(line, pos))
            {
                return Error(row, pos,
                    "A '- item' line cannot follow 'key: value' lines at the same indentation; put the list under a key instead.");
            }

            return Error(row, pos,
                "This line is not a 'key: value' entry like the lines above it at this indentation; write 'key: value' (with a space after the colon).");
        }

        /// <summary>Reads what follows "key:": a value on the same line, a block on the lines below, or nothing (an empty scalar).</summary>
        private YamlNode ParseMappingValue(int colon, int mappingColumn)
        {
            string line = lines[row];
            int pos = YamlLines.SkipBlanks(line, colon + 1);
            if (!YamlLines.IsRestEmpty(line, pos))
            {
                if (YamlLines.IsDash(line, pos))
                {
                    throw Error(row, pos, "A list cannot start on the same line as its key; put each '- item' on its own line below the key.");
                }

                return ParseValueOnLine(pos, mappingColumn);
            }

            var empty = new YamlScalar(string.Empty, false, row + 1, colon + 2);
            row++;
            if (!SkipToContent())
            {
                return empty;
            }

            int indent = YamlLines.CountLeadingSpaces(lines[row]);
            if (indent > mappingColumn)
            {
                return ParseBlockNode(indent, mappingColumn);
            }

            // YAML lets the list under a key start at the key's own indentation ("key:\n- a").
            if (indent == mappingColumn && YamlLines.IsDash(lines[row], indent))
            {
                return ParseBlockSequence(indent, endsAtKey: true);
            }

            return empty;
        }

        /// <summary>Reads "- item" lines whose dashes are at <paramref name="column"/>.</summary>
        /// <param name="endsAtKey">True for "key:\n- a" lists, which end at the next key of their mapping.</param>
        private YamlSequence ParseBlockSequence(int column, bool endsAtKey)
        {
            int startRow = row;
            Enter(column);
            var items = new List<YamlNode>();
            while (true)
            {
                items.Add(ParseSequenceItem(column));
                if (!SkipToContent())
                {
                    break;
                }

                string line = lines[row];
                int indent = YamlLines.CountLeadingSpaces(line);
                if (indent < column)
                {
                    break;
                }

                if (indent > column)
                {
                    throw BadIndentation(indent, column);
                }

                if (!YamlLines.IsDash(line, indent))
                {
                    if (endsAtKey)
                    {
                        break; // The enclosing mapping goes on with this line.
                    }

                    throw Error(row, indent, UnsupportedIndicator(line, indent) ?? (ReadBlockKey(line, indent, out _) != null
                        ? "A 'key: value' line cannot follow a list at the same indentation; indent the list under a key, or make this line a '- item'."
                        : "This line does not start with '- ' like the list items above it at this indentation; write it as '- item'."));
                }
            }

            depth--;
            return new YamlSequence(items, startRow + 1, column + 1);
        }

        /// <summary>Reads what follows one "-": a node on the same line, a block on the lines below, or nothing (an empty scalar).</summary>
        private YamlNode ParseSequenceItem(int dashColumn)
        {
            string line = lines[row];
            int pos = YamlLines.SkipBlanks(line, dashColumn + 1);
            if (YamlLines.IsRestEmpty(line, pos))
            {
                var empty = new YamlScalar(string.Empty, false, row + 1, dashColumn + 2);
                row++;
                if (SkipToContent() && YamlLines.CountLeadingSpaces(lines[row]) > dashColumn)
                {
                    return ParseBlockNode(YamlLines.CountLeadingSpaces(lines[row]), dashColumn);
                }

                return empty;
            }

            // What follows "- " is indented by the dash and the spaces, and indentation must be spaces.
            int tab = line.IndexOf('\t', dashColumn + 1, pos - dashColumn - 1);
            if (tab >= 0)
            {
                throw Error(row, tab, "A tab is not allowed after '-'; use spaces for indentation.");
            }

            return ParseBlockNode(pos, dashColumn);
        }

        /// <summary>Reads a block scalar or an inline value at <paramref name="pos"/>, then requires the line to end.</summary>
        private YamlNode ParseValueOnLine(int pos, int parentIndent)
        {
            string line = lines[row];
            if (line[pos] == '|' || line[pos] == '>')
            {
                return ParseBlockScalar(pos, parentIndent);
            }

            YamlNode value = ParseInlineNode(line, ref pos, inFlow: false);
            ExpectEndOfLine(line, pos, value);
            row++;
            return value;
        }

        /// <summary>
        /// Reads a "|" (literal) or ">" (folded) scalar whose header is at <paramref name="pos"/>. Its text
        /// is the following lines indented more than <paramref name="parentIndent"/>, with the first
        /// text line's indentation removed from each.
        /// </summary>
        private YamlScalar ParseBlockScalar(int pos, int parentIndent)
        {
            string header = lines[row];
            int headerRow = row;
            bool folded = header[pos] == '>';
            int i = pos + 1;
            char chomping = ' '; // ' ' clips to one final line break, '-' strips it, '+' keeps every one
            if (i < header.Length && (header[i] == '-' || header[i] == '+'))
            {
                chomping = header[i++];
            }

            if (i < header.Length && header[i] >= '0' && header[i] <= '9')
            {
                throw Error(row, i, "Explicit indentation indicators such as '|2' are not supported; remove the digit and indent the text consistently.");
            }

            if (!YamlLines.IsRestEmpty(header, i))
            {
                throw Error(row, YamlLines.SkipBlanks(header, i),
                    $"Unexpected text after the block scalar indicator '{header[pos]}'; put the text on the following lines, indented more than the key.");
            }

            var text = new List<string>(); // one entry per line, indentation removed; "" for blank lines
            int indent = -1;               // set by the first non-blank line
            for (row++; row < lines.Length; row++)
            {
                string line = lines[row];
                int spaces = YamlLines.CountLeadingSpaces(line);
                if (YamlLines.SkipBlanks(line, 0) == line.Length)
                {
                    // A blank line; whitespace past the block's indentation is text, as YAML says.
                    text.Add(indent >= 0 && line.Length > indent ? line.Substring(indent) : string.Empty);
                    continue;
                }

                if (indent < 0)
                {
                    if (spaces <= parentIndent)
                    {
                        break;
                    }

                    indent = spaces;
                }

                if (spaces < indent || (spaces == 0 && (YamlLines.IsDocumentMarker(line, "---") || YamlLines.IsDocumentMarker(line, "..."))))
                {
                    break;
                }

                text.Add(line.Substring(indent));
            }

            return new YamlScalar(JoinBlockLines(text, folded, chomping), false, headerRow + 1, pos + 1);
        }

        /// <summary>Joins a block scalar's lines as YAML does, including folding for "&gt;" and chomping of trailing line breaks.</summary>
        private static string JoinBlockLines(List<string> text, bool folded, char chomping)
        {
            int first = text.FindIndex(line => line.Length > 0);
            if (first < 0)
            {
                return chomping == '+' ? new string('\n', text.Count) : string.Empty;
            }

            int last = text.FindLastIndex(line => line.Length > 0);
            var value = new StringBuilder();
            value.Append('\n', first); // leading blank lines stay as line breaks
            for (int i = first; ; )
            {
                value.Append(text[i]);
                if (i == last)
                {
                    break;
                }

                int next = i + 1;
                while (text[next].Length == 0)
                {
                    next++;
                }

                // Folding turns the break between two ordinary lines into a space, and a run of blank
                // lines into that many line breaks; lines that start with whitespace ("more indented")
                // keep their breaks, as every line of a literal scalar does.
                int blanks = next - i - 1;
                if (folded && !YamlLines.IsBlank(text[i][0]) && !YamlLines.IsBlank(text[next][0]))
                {
                    value.Append(blanks == 0 ? " " : new string('\n', blanks));
                }
                else
                {
                    value.Append('\n', blanks + 1);
                }

                i = next;
            }

            if (chomping != '-')
            {
                value.Append('\n');
            }

            if (chomping == '+')
            {
                value.Append('\n', text.Count - 1 - last);
            }

            return value.ToString();
        }

        /// <summary>Control characters would confuse every later tool, so they are rejected wherever they are.</summary>
        private void CheckCharacters()
        {
            for (int r = 0; r < lines.Length; r++)
            {
                string line = lines[r];
                for (int i = 0; i < line.Length; i++)
                {
                    if (YamlLines.IsForbiddenControl(line[i]))
                    {
                        int code = line[i];
                        throw Error(r, i,
                            $"The control character U+{code:X4} is not allowed; remove it, or write it as the escape \\x{code:X2} inside double quotes.");
                    }
                }
            }
        }

        private void CheckDuplicateKey(Dictionary<string, int> firstLines, YamlScalar key)
        {
            if (firstLines.TryGetValue(key.Value, out int firstLine))
            {
                throw Error(key.Line - 1, key.Column - 1,
                    $"Duplicate key '{YamlLines.Shorten(key.Value)}' (first defined at line {firstLine}); remove or rename one of them.");
            }

            firstLines.Add(key.Value, key.Line);
        }

        /// <summary>Opens a collection; the depth cap keeps recursion bounded whatever the input.</summary>
        private void Enter(int column)
        {
            if (++depth > YamlReader.MaxDepth)
            {
                throw Error(row, column, $"Collections are nested more than {YamlReader.MaxDepth} levels deep; flatten the document.");
            }
        }

        private YamlParseException BadIndentation(int indent, int expected) => Error(row, indent,
            $"This line starts at column {indent + 1}, but the entries it belongs with start at column {expected + 1}; align it with them (for multi-line text, use '|' or '>').");

        /// <summary>Builds the error for 0-based <paramref name="lineIndex"/> and <paramref name="column"/>; callers throw it.</summary>
        private static YamlParseException Error(int lineIndex, int column, string message) =>
            new YamlParseException(new YamlError(message, lineIndex + 1, column + 1));
    }
}
