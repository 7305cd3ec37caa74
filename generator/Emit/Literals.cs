using System.Globalization;

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
    }
}
