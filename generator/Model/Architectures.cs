using System;
using System.Collections.Generic;

namespace Interop.Generator.Model
{
    /// <summary>
    /// The names one <see cref="TargetArchitecture"/> goes by: its key in the table (the kernel's name,
    /// as in <c>uname -m</c>), its .NET name (RuntimeInformation.ProcessArchitecture and the generated
    /// SyscallArchitecture enum) and its RuntimeIdentifier suffix.
    /// </summary>
    public static class Architectures
    {
        public static readonly IReadOnlyList<TargetArchitecture> All = new[] { TargetArchitecture.X64, TargetArchitecture.Arm64 };

        private static readonly string[] s_tableKeys = { "x86_64", "aarch64" };
        private static readonly string[] s_dotNetNames = { "X64", "Arm64" };
        private static readonly string[] s_ridSuffixes = { "x64", "arm64" };

        /// <summary>Other spellings people write for an architecture, so a diagnostic can name the right key.</summary>
        private static readonly Dictionary<string, TargetArchitecture> s_aliases = new Dictionary<string, TargetArchitecture>(StringComparer.OrdinalIgnoreCase)
        {
            ["x64"] = TargetArchitecture.X64,
            ["amd64"] = TargetArchitecture.X64,
            ["x86-64"] = TargetArchitecture.X64,
            ["x86_64"] = TargetArchitecture.X64,
            ["arm64"] = TargetArchitecture.Arm64,
            ["aarch64"] = TargetArchitecture.Arm64,
        };

        /// <summary>Every table key, in <see cref="All"/> order: "x86_64", "aarch64".</summary>
        public static IReadOnlyList<string> TableKeys => s_tableKeys;

        public static string TableKey(TargetArchitecture architecture) => s_tableKeys[(int)architecture];

        public static string DotNetName(TargetArchitecture architecture) => s_dotNetNames[(int)architecture];

        public static bool TryParseTableKey(string key, out TargetArchitecture architecture)
        {
            int index = Array.IndexOf(s_tableKeys, key);
            architecture = (TargetArchitecture)Math.Max(0, index);
            return index >= 0;
        }

        /// <summary>The table key an unknown key most likely means ("arm64" -> "aarch64"), or null.</summary>
        public static string? KeyForAlias(string key) =>
            s_aliases.TryGetValue(key, out TargetArchitecture architecture) ? TableKey(architecture) : null;

        /// <summary>
        /// The architecture a Linux RuntimeIdentifier compiles for: <c>linux-x64</c>, <c>linux-musl-arm64</c>,
        /// <c>linux-bionic-x64</c>. Null for no RID, a non-Linux RID, or an architecture the table does not
        /// describe (<c>linux-arm</c>): those builds choose at run time.
        /// </summary>
        public static TargetArchitecture? FromRuntimeIdentifier(string? rid)
        {
            if (rid is null || !rid.StartsWith("linux-", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            string suffix = rid.Substring(rid.LastIndexOf('-') + 1);
            int index = Array.FindIndex(s_ridSuffixes, s => s.Equals(suffix, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? (TargetArchitecture)index : null;
        }
    }
}
