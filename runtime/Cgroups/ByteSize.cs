using System;
using System.Globalization;

namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// Sizes as docker's <c>--memory</c> (go-units' RAMInBytes) and systemd's <c>MemoryMax=</c> read
    /// them: a number (a fraction allowed), an optional space, then an optional unit k, m, g, t or p
    /// in either case with an optional "i" and "b" after it ("64m", "64M", "64MB", "64MiB", "1.5g",
    /// "4096"). Every unit is a power of 1024 (docker's and systemd's reading: "64MB" is 64 MiB too).
    /// </summary>
    public static class ByteSize
    {
        /// <summary>The size in bytes, or null when <paramref name="text"/> is not one (or overflows).</summary>
        public static long? Parse(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            string t = text.Trim();
            int end = 0;
            while (end < t.Length && (char.IsAsciiDigit(t[end]) || t[end] == '.'))
            {
                end++;
            }

            string number = t[..end];
            string unit = t[end..].TrimStart(' ').ToLowerInvariant();
            if (end < t.Length && t[end] == ' ' && unit.Length == 0)
            {
                return null;
            }

            if (number.Length == 0 || number[0] == '.' || number[^1] == '.' || number.IndexOf('.', StringComparison.Ordinal) != number.LastIndexOf('.'))
            {
                return null;
            }

            int shift = unit.Length == 0 ? 0 : "kmgtp".IndexOf(unit[0], StringComparison.Ordinal) switch { -1 => -1, int i => 10 * (i + 1) };
            string rest = shift > 0 ? unit[1..] : unit;
            if ((shift < 0 && unit != "b") || rest is not ("" or "b" or "ib") || (shift <= 0 && rest == "ib"))
            {
                return null;
            }

            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            {
                return null;
            }

            decimal bytes = value * (1L << Math.Max(shift, 0));
            return bytes > long.MaxValue ? null : (long)Math.Floor(bytes);
        }

        /// <summary>"64 MiB", "1 GiB", "1.5 GiB", "4097 bytes": the largest binary unit that states it exactly (to a tenth), else bytes.</summary>
        public static string Format(long bytes)
        {
            string[] units = ["TiB", "GiB", "MiB", "KiB"];
            for (int i = 0; i < units.Length; i++)
            {
                long unit = 1L << (10 * (units.Length - i));
                if (bytes >= unit && bytes * 10 % unit == 0)
                {
                    return ((decimal)bytes / unit).ToString("0.#", CultureInfo.InvariantCulture) + " " + units[i];
                }
            }

            return bytes.ToString(CultureInfo.InvariantCulture) + (bytes == 1 ? " byte" : " bytes");
        }
    }
}
