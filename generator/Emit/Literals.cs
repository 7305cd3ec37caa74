using System.Globalization;
using System.Text;

namespace Interop.Generator.Emit
{
    public static class Literals
    {
        /// <summary>
        /// A C# literal for a checked integer value (decimal text from the model): hex for flag-like
        /// non-negative values so the code reads like the kernel headers, decimal otherwise.
        /// </summary>
        public static string Integer(string value, string type, bool preferHex = false)
        {
            if (value.StartsWith("-"))
            {
                // Negative literals need a cast only for the narrow types; int.MinValue needs care.
                return type == "int" || type == "long" || type == "nint" ? $"unchecked(({type})({value}))" : $"({type})({value})";
            }

            ulong v = ulong.Parse(value, CultureInfo.InvariantCulture);
            string text = preferHex && v > 9 ? "0x" + v.ToString("X", CultureInfo.InvariantCulture) : value;
            return type switch
            {
                "uint" => text + "u",
                "ulong" => text + "ul",
                "long" => text + "L",
                "byte" or "sbyte" or "short" or "ushort" or "nint" or "nuint" => $"({type}){text}",
                _ => v > int.MaxValue ? $"unchecked((int){text})" : text,
            };
        }

        /// <summary>
        /// A C# regular string literal, quotes included, holding exactly <paramref name="value"/>: the one escaper for
        /// every text of the table that becomes a string in generated code (errno messages). Backslash, quote and the
        /// usual control characters get their short escapes; every other control character, the line breaks C# knows
        /// (U+0085, U+2028, U+2029) and lone surrogates become <c>\uXXXX</c>, so the literal stays on one line.
        /// </summary>
        public static string String(string value)
        {
            var s = new StringBuilder(value.Length + 2).Append('"');
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                switch (c)
                {
                    case '\\': s.Append("\\\\"); break;
                    case '"': s.Append("\\\""); break;
                    case '\n': s.Append("\\n"); break;
                    case '\r': s.Append("\\r"); break;
                    case '\t': s.Append("\\t"); break;
                    case '\0': s.Append("\\0"); break;
                    default:
                        if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        {
                            s.Append(c).Append(value[++i]);
                        }
                        else if (char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c))
                        {
                            s.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            s.Append(c);
                        }

                        break;
                }
            }

            return s.Append('"').ToString();
        }
    }
}
