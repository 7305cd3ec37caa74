using System.Collections.Generic;

namespace Interop.Generator.Parsing
{
    /// <summary>
    /// The table's type vocabulary and the blittable C# type each one becomes in the raw layer.
    /// C names (size_t, ssize_t) are accepted beside C# names so a table reads like the man page.
    /// </summary>
    public static class TypeNames
    {
        private static readonly Dictionary<string, string> s_integers = new Dictionary<string, string>
        {
            ["sbyte"] = "sbyte",
            ["byte"] = "byte",
            ["short"] = "short",
            ["ushort"] = "ushort",
            ["int"] = "int",
            ["uint"] = "uint",
            ["long"] = "long",
            ["ulong"] = "ulong",
            ["nint"] = "nint",
            ["nuint"] = "nuint",
            ["size_t"] = "nuint",
            ["ssize_t"] = "nint",
            ["pid_t"] = "int",
            ["uid_t"] = "uint",
            ["gid_t"] = "uint",
            ["off_t"] = "long",
            ["mode_t"] = "uint",
        };

        /// <summary>Parameter kinds that are not plain values; each has its own marshalling.</summary>
        public static readonly IReadOnlyCollection<string> MarshalledKinds = new[] { "string", "string?", "string-array", "in-buffer", "out-buffer", "fd", "out <type>" };

        /// <summary>The prefix of an out parameter's type: <c>out int</c>, <c>out Stat</c>.</summary>
        public const string OutPrefix = "out ";

        public static IEnumerable<string> IntegerNames => s_integers.Keys;

        /// <summary>The C# integer type for a table integer name, or null.</summary>
        public static string? Integer(string name) => s_integers.TryGetValue(name, out string? t) ? t : null;

        /// <summary>
        /// The raw C# type of a value type: an integer, "pointer" (void*), a known struct, or any of
        /// those followed by one or more '*'. Null when the name is unknown. Struct names get
        /// <paramref name="structPrefix"/> (a namespace qualifier) in front.
        /// </summary>
        public static string? Value(string name, ICollection<string> structNames, string structPrefix = "")
        {
            int stars = 0;
            string core = name.Trim();
            while (core.EndsWith("*"))
            {
                stars++;
                core = core.Substring(0, core.Length - 1).TrimEnd();
            }

            string? mapped = core == "pointer" ? "void*"
                : Integer(core) ?? (structNames.Contains(core) ? structPrefix + core : null);
            if (mapped is null)
            {
                return null;
            }

            return mapped + new string('*', stars);
        }

        /// <summary>Every name a value type may start with, for did-you-mean suggestions.</summary>
        public static IEnumerable<string> AllValueNames(IEnumerable<string> structNames)
        {
            yield return "pointer";
            foreach (string n in s_integers.Keys)
            {
                yield return n;
            }

            foreach (string n in structNames)
            {
                yield return n;
            }
        }

        /// <summary>True for a type a syscall argument register can carry: an integer or a pointer (no struct by value).</summary>
        public static bool IsRegisterSized(string csharpType) =>
            csharpType.EndsWith("*") || TryRange(csharpType, out _, out _);

        /// <summary>True for an integer type that holds every non-negative int (a span's length).</summary>
        public static bool HoldsEveryInt(string csharpType) =>
            csharpType is "int" or "uint" or "long" or "ulong" or "nint" or "nuint";

        /// <summary>The size in bytes of an integer or pointer type on the 64-bit targets the table describes, or null.</summary>
        public static int? SizeOf(string csharpType) => csharpType switch
        {
            "sbyte" or "byte" => 1,
            "short" or "ushort" => 2,
            "int" or "uint" => 4,
            "long" or "ulong" or "nint" or "nuint" => 8,
            _ when csharpType.EndsWith("*") => 8,
            _ => null,
        };

        /// <summary>The inclusive range of an integer type, for range checks of constants and flags.</summary>
        public static bool TryRange(string csharpType, out decimal min, out decimal max)
        {
            switch (csharpType)
            {
                case "sbyte": min = sbyte.MinValue; max = sbyte.MaxValue; return true;
                case "byte": min = byte.MinValue; max = byte.MaxValue; return true;
                case "short": min = short.MinValue; max = short.MaxValue; return true;
                case "ushort": min = ushort.MinValue; max = ushort.MaxValue; return true;
                case "int": min = int.MinValue; max = int.MaxValue; return true;
                case "uint": min = uint.MinValue; max = uint.MaxValue; return true;
                // nint/nuint constants must fit on every 64-bit target and be valid C# consts.
                case "long": case "nint": min = long.MinValue; max = long.MaxValue; return true;
                case "ulong": case "nuint": min = ulong.MinValue; max = ulong.MaxValue; return true;
                default: min = 0; max = 0; return false;
            }
        }
    }
}
