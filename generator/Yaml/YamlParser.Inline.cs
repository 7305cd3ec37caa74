using System;
using System.Collections.Generic;
using System.Text;

namespace Interop.Generator.Yaml
{
    /// <summary>
    /// The part of the parser that reads within one line: plain and quoted scalars, block mapping
    /// keys, and flow collections. Each method takes the line and a character index, and leaves
    /// the index just past what it read.
    /// </summary>
    internal sealed partial class YamlParser
    {
        /// <summary>Reads a scalar or flow collection starting at <paramref name="pos"/>.</summary>
        private YamlNode ParseInlineNode(string line, ref int pos, bool inFlow)
        {
            switch (line[pos])
            {
                case '[':
                    return ParseFlowSequence(line, ref pos);
                case '{':
                    return ParseFlowMapping(line, ref pos);
                case '"':
                case '\'':
                    return ReadQuoted(line, ref pos);
            }

            string? problem = UnsupportedIndicator(line, pos) ?? (CanStartPlain(line, pos, inFlow) ? null : BadPlainStart(line, pos, inFlow));
            if (problem != null)
            {
                throw Error(row, pos, problem);
            }

            int start = pos;
            pos = ScanPlain(line, start, inFlow);
            return new YamlScalar(line.Substring(start, pos - start).TrimEnd(' ', '\t'), false, row + 1, start + 1);
        }

        /// <summary>
        /// Reads a block mapping key at <paramref name="pos"/>: a plain or quoted scalar followed by ':'
        /// and whitespace or the end of the line. Returns null when the text there is not a key.
        /// </summary>
        private YamlScalar? ReadBlockKey(string line, int pos, out int colon)
        {
            colon = -1;
            YamlScalar key;
            int end = pos;
            if (line[pos] == '"' || line[pos] == '\'')
            {
                key = ReadQuoted(line, ref end);
                end = YamlLines.SkipBlanks(line, end);
            }
            else if (CanStartPlain(line, pos, inFlow: false))
            {
                end = ScanPlain(line, pos, inFlow: false);
                key = new YamlScalar(line.Substring(pos, end - pos).TrimEnd(' ', '\t'), false, row + 1, pos + 1);
            }
            else
            {
                return null;
            }

            if (end < line.Length && line[end] == ':' && YamlLines.IsBlankOrEnd(line, end + 1))
            {
                colon = end;
                return key;
            }

            return null;
        }

        /// <summary>The message for a node that starts with a YAML feature outside the subset, or null.</summary>
        private static string? UnsupportedIndicator(string line, int pos)
        {
            bool blankAfter = YamlLines.IsBlankOrEnd(line, pos + 1);
            switch (line[pos])
            {
                case '&':
                    return "Anchors ('&') are not supported; repeat the value instead, or quote it if it starts with '&'.";
                case '*':
                    return "Aliases ('*') are not supported; repeat the value instead, or quote it if it starts with '*'.";
                case '!':
                    return "Tags ('!') are not supported; remove the tag, or quote the value if it starts with '!'.";
                case '%':
                    return "Directives ('%') are not supported; remove the directive, or quote the value if it starts with '%'.";
                case '?' when blankAfter:
                    return "Complex keys ('? key') are not supported; write 'key: value'.";
                case ':' when blankAfter:
                    return "The key is missing before ':'; write 'key: value'.";
                default:
                    return null;
            }
        }

        /// <summary>Whether a plain scalar may start at <paramref name="pos"/>, rather than an indicator.</summary>
        private static bool CanStartPlain(string line, int pos, bool inFlow)
        {
            char c = line[pos];
            if ("&*!%@`#|>'\"[]{},".IndexOf(c) >= 0)
            {
                return false;
            }

            // "-", "?" and ":" are indicators only when whitespace (or, in flow, a flow indicator)
            // follows: "-1", "?x" and ":x" are ordinary text.
            if (c == '-' || c == '?' || c == ':')
            {
                return !YamlLines.IsBlankOrEnd(line, pos + 1) && !(inFlow && YamlLines.IsFlowIndicator(line[pos + 1]));
            }

            return true;
        }

        /// <summary>The message for an indicator that cannot start a value here (after <see cref="UnsupportedIndicator"/> found none).</summary>
        private static string BadPlainStart(string line, int pos, bool inFlow)
        {
            char c = line[pos];
            if (inFlow && (c == '|' || c == '>'))
            {
                return "Block scalars ('|' and '>') cannot be used inside a flow collection; quote the value instead.";
            }

            if (inFlow && c == '-')
            {
                return "A '- item' list cannot be used inside a flow collection; write the items as [a, b] instead.";
            }

            return $"A plain value cannot start with '{c}'; quote the value.";
        }

        /// <summary>
        /// Finds where a plain scalar starting at <paramref name="start"/> ends: at ": " (a key's end),
        /// at " #" (a comment), at the end of the line, and in flow also at , [ ] { }.
        /// </summary>
        private static int ScanPlain(string line, int start, bool inFlow)
        {
            int i = start;
            for (; i < line.Length; i++)
            {
                char c = line[i];
                if (c == ':' && (YamlLines.IsBlankOrEnd(line, i + 1) || (inFlow && YamlLines.IsFlowIndicator(line[i + 1]))))
                {
                    break;
                }

                if (i > start && YamlLines.IsCommentStart(line, i))
                {
                    break;
                }

                if (inFlow && YamlLines.IsFlowIndicator(c))
                {
                    break;
                }
            }

            return i;
        }

        /// <summary>Reads a '...' or "..." scalar, which must close on the same line.</summary>
        private YamlScalar ReadQuoted(string line, ref int pos)
        {
            int open = pos;
            char quote = line[open];
            var value = new StringBuilder();
            int i = open + 1;
            while (true)
            {
                if (i >= line.Length)
                {
                    throw Error(row, open, $"This quoted value is not closed on its line; add the closing {quote} (quoted values must stay on one line; use '|' for multi-line text).");
                }

                char c = line[i];
                if (c == quote)
                {
                    if (quote == '\'' && i + 1 < line.Length && line[i + 1] == '\'')
                    {
                        value.Append('\''); // '' is an escaped quote in single-quoted scalars
                        i += 2;
                        continue;
                    }

                    break;
                }

                if (c == '\\' && quote == '"')
                {
                    i = ReadEscape(line, i, value);
                    continue;
                }

                value.Append(c);
                i++;
            }

            pos = i + 1;
            return new YamlScalar(value.ToString(), true, row + 1, open + 1);
        }

        /// <summary>Appends the character a double-quoted escape stands for; returns the index after the escape.</summary>
        private int ReadEscape(string line, int backslash, StringBuilder value)
        {
            if (backslash + 1 >= line.Length)
            {
                throw Error(row, backslash, "A '\\' at the end of a line (a line continuation) is not supported; close the quote on this line.");
            }

            char c = line[backslash + 1];
            switch (c)
            {
                case '\\': value.Append('\\'); return backslash + 2;
                case '"': value.Append('"'); return backslash + 2;
                case 'n': value.Append('\n'); return backslash + 2;
                case 't': value.Append('\t'); return backslash + 2;
                case '0': value.Append('\0'); return backslash + 2;
                case 'x': value.Append((char)ReadHex(line, backslash, 2)); return backslash + 4;
                case 'u': return ReadUnicodeEscape(line, backslash, value);
                default:
                    throw Error(row, backslash, $"Unknown escape '\\{c}'; use one of \\\\ \\\" \\n \\t \\0 \\xHH \\uHHHH.");
            }
        }

        /// <summary>Reads \uHHHH; a surrogate half is accepted only as the first of a \uD8xx\uDCxx pair.</summary>
        private int ReadUnicodeEscape(string line, int backslash, StringBuilder value)
        {
            int code = ReadHex(line, backslash, 4);
            int end = backslash + 6;
            if (code >= 0xD800 && code <= 0xDFFF)
            {
                bool pairs = code <= 0xDBFF && end + 1 < line.Length && line[end] == '\\' && line[end + 1] == 'u';
                int low = pairs ? ReadHex(line, end, 4) : 0;
                if (low < 0xDC00 || low > 0xDFFF)
                {
                    throw Error(row, backslash,
                        $"The escape '\\u{code:X4}' is half of a surrogate pair; write both halves (such as \\uD83D\\uDE00) or the character itself.");
                }

                value.Append((char)code).Append((char)low);
                return end + 6;
            }

            value.Append((char)code);
            return end;
        }

        /// <summary>Reads the <paramref name="digits"/> hex digits after "\x" or "\u" at <paramref name="backslash"/>.</summary>
        private int ReadHex(string line, int backslash, int digits)
        {
            int code = 0;
            for (int i = backslash + 2; i < backslash + 2 + digits; i++)
            {
                int digit = i < line.Length ? HexValue(line[i]) : -1;
                if (digit < 0)
                {
                    char letter = line[backslash + 1];
                    throw Error(row, backslash, $"The escape '\\{letter}' needs exactly {digits} hex digits; write it like \\{letter}{new string('0', digits - 1)}A.");
                }

                code = (code * 16) + digit;
            }

            return code;
        }

        private static int HexValue(char c) =>
            c >= '0' && c <= '9' ? c - '0' :
            c >= 'a' && c <= 'f' ? c - 'a' + 10 :
            c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        /// <summary>After a value on a block line, only whitespace and a comment may follow.</summary>
        private void ExpectEndOfLine(string line, int pos, YamlNode value)
        {
            if (YamlLines.IsRestEmpty(line, pos))
            {
                return;
            }

            int at = YamlLines.SkipBlanks(line, pos);
            string message =
                value is YamlScalar { IsQuoted: true } ? "Unexpected text after the closing quote; put the whole value inside the quotes, and a space before any '#' comment." :
                value is YamlScalar ? "Unexpected ': ' inside a value; quote the value, or put a nested mapping on its own lines below the key." :
                line[at] == ':' ? "A flow collection cannot be used as a key; use a plain or quoted key." :
                "Unexpected text after the flow collection; remove it, and put a space before any '#' comment.";
            throw Error(row, at, message);
        }

        /// <summary>Reads "[a, b]" at <paramref name="pos"/>; a trailing comma before ']' is allowed.</summary>
        private YamlSequence ParseFlowSequence(string line, ref int pos)
        {
            int open = pos;
            Enter(open);
            var items = new List<YamlNode>();
            pos = SkipFlowBlanks(line, pos + 1, open);
            while (line[pos] != ']')
            {
                if (line[pos] == ',')
                {
                    throw Error(row, pos, "The flow sequence has an empty item; remove the extra ','.");
                }

                items.Add(ParseInlineNode(line, ref pos, inFlow: true));
                pos = SkipFlowBlanks(line, pos, open);
                if (line[pos] == ',')
                {
                    pos = SkipFlowBlanks(line, pos + 1, open);
                }
                else if (line[pos] != ']')
                {
                    throw Error(row, pos, line[pos] == ':'
                        ? "A 'key: value' pair inside a flow sequence is not supported; wrap it in braces, as in [{ key: value }]."
                        : "Expected ',' or ']' in the flow sequence; separate items with ', '.");
                }
            }

            pos++;
            depth--;
            return new YamlSequence(items, row + 1, open + 1);
        }

        /// <summary>Reads "{ a: 1, b: 2 }" at <paramref name="pos"/>; a trailing comma before '}' is allowed.</summary>
        private YamlMapping ParseFlowMapping(string line, ref int pos)
        {
            int open = pos;
            Enter(open);
            var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
            var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
            pos = SkipFlowBlanks(line, pos + 1, open);
            while (line[pos] != '}')
            {
                if (line[pos] == ',')
                {
                    throw Error(row, pos, "The flow mapping has an empty entry; remove the extra ','.");
                }

                if (line[pos] == '[' || line[pos] == '{')
                {
                    throw Error(row, pos, "A flow collection cannot be used as a key; use a plain or quoted key.");
                }

                var key = (YamlScalar)ParseInlineNode(line, ref pos, inFlow: true);
                int colon = SkipFlowBlanks(line, pos, open);
                if (line[colon] != ':')
                {
                    throw Error(row, colon, $"Expected ':' after the key '{YamlLines.Shorten(key.Value)}' in the flow mapping; write {{ key: value }}.");
                }

                CheckDuplicateKey(firstLines, key);
                pos = SkipFlowBlanks(line, colon + 1, open);
                YamlNode value = line[pos] == ',' || line[pos] == '}'
                    ? new YamlScalar(string.Empty, false, row + 1, colon + 2)
                    : ParseInlineNode(line, ref pos, inFlow: true);
                entries.Add(new KeyValuePair<YamlScalar, YamlNode>(key, value));

                pos = SkipFlowBlanks(line, pos, open);
                if (line[pos] == ',')
                {
                    pos = SkipFlowBlanks(line, pos + 1, open);
                }
                else if (line[pos] != '}')
                {
                    throw Error(row, pos, "Expected ',' or '}' in the flow mapping; separate entries with ', '.");
                }
            }

            pos++;
            depth--;
            return new YamlMapping(entries, row + 1, open + 1);
        }

        /// <summary>Skips whitespace inside a flow collection, whose closing bracket must be on the same line.</summary>
        private int SkipFlowBlanks(string line, int pos, int open)
        {
            pos = YamlLines.SkipBlanks(line, pos);
            if (pos == line.Length || YamlLines.IsCommentStart(line, pos))
            {
                string kind = line[open] == '[' ? "sequence" : "mapping";
                throw Error(row, open, $"This flow {kind} is not closed on its line; keep flow collections on one line, or use block style.");
            }

            return pos;
        }
    }
}
