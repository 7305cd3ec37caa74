using System.Collections.Generic;
using System.Linq;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// C#'s implicit numeric conversions between integer types, to find one type that can hold a field
    /// whose type differs per architecture (st_nlink: ulong on x86_64, uint on aarch64 -> ulong).
    /// </summary>
    public static class WideningConversions
    {
        private static readonly Dictionary<string, string[]> s_widensTo = new Dictionary<string, string[]>
        {
            ["sbyte"] = new[] { "short", "int", "long", "nint" },
            ["byte"] = new[] { "short", "ushort", "int", "uint", "long", "ulong", "nint", "nuint" },
            ["short"] = new[] { "int", "long", "nint" },
            ["ushort"] = new[] { "int", "uint", "long", "ulong", "nint", "nuint" },
            ["int"] = new[] { "long", "nint" },
            ["uint"] = new[] { "long", "ulong", "nuint" },
            ["nint"] = new[] { "long" },
            ["nuint"] = new[] { "ulong" },
        };

        /// <summary>The one of <paramref name="types"/> every other converts to implicitly, or null when there is none.</summary>
        public static string? CommonType(IReadOnlyCollection<string> types)
        {
            return types.FirstOrDefault(candidate => types.All(t => t == candidate || Widens(t, candidate)));
        }

        private static bool Widens(string from, string to) =>
            s_widensTo.TryGetValue(from, out string[]? targets) && targets.Contains(to);
    }
}
