using System;
using System.Globalization;
using System.Text.RegularExpressions;
using Interop.Linux;

namespace Nsbox.Oci
{
    /// <summary>
    /// A size as runc's flags read it (docker/go-units RAMInBytes): a number, maybe with a
    /// fraction, then an optional binary unit k, m, g, t or p (any case, maybe followed by i and b:
    /// 32m, 32MiB, 1.5g, 512kb), or plain bytes; "-1" is -1 (no limit).
    /// </summary>
    internal static partial class RamSize
    {
        [GeneratedRegex(@"^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$")]
        private static partial Regex Pattern();

        /// <exception cref="OciException">Not a size; <paramref name="what"/> names the flag.</exception>
        public static long Parse(string text, string what)
        {
            if (text == "-1")
            {
                return -1;
            }

            Match match = Pattern().Match(text);
            if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number))
            {
                throw Invalid(text, what);
            }

            int shift = match.Groups[2].Success ? 10 * ("kmgtp".IndexOf(char.ToLowerInvariant(match.Groups[2].Value[0])) + 1) : 0;
            double bytes = number * Math.Pow(2, shift);
            return bytes < long.MaxValue ? (long)bytes : throw Invalid(text, what);
        }

        private static OciException Invalid(string text, string what) =>
            new(what + " '" + text + "'", Errno.EINVAL, "a size in bytes, or with a unit: 32m, 1g, 512k (-1: no limit)");
    }
}
