using System.Collections.Generic;
using System.Linq;
using Interop.Generator.Model;

namespace Interop.Generator
{
    /// <summary>Which generated file each accepted entry goes to (see <see cref="EmitBucket"/>).</summary>
    public static class OutputBuckets
    {
        /// <summary>Files per kind of entry: few enough that a rerun is cheap, enough that an edit re-emits a few dozen entries at most.</summary>
        public const int PerKind = 8;

        public static EquatableArray<EmitBucket> Of(TableAssembly table) =>
            table.Units
                .GroupBy(u => (u.Kind, Index: (int)(StableHash(u.HintName) % PerKind)))
                .OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Index)
                .Select(g => new EmitBucket(table.Settings, g.Key.Kind, g.Key.Index, g.ToEquatableArray()))
                .ToEquatableArray();

        /// <summary>FNV-1a: the same in every process (string.GetHashCode is not), so file names are deterministic.</summary>
        public static uint StableHash(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }

        /// <summary>The hint name of a bucket's file: <c>NS.Native.Functions.3.g.cs</c>.</summary>
        public static string HintName(EmitBucket bucket, string className, string part) =>
            $"{bucket.Settings.Namespace}.{(className.Length > 0 ? className + "." : "")}{part}.{bucket.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)}.g.cs";

        public static IEnumerable<T> Models<T>(EmitBucket bucket, System.Func<EmitUnit, T?> pick)
            where T : class => bucket.Units.Select(pick).Where(m => m is not null).Select(m => m!);
    }
}
