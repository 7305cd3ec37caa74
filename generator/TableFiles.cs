using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Interop.Generator.Diagnostics;
using Interop.Generator.Model;
using Interop.Generator.Parsing;

namespace Interop.Generator
{
    /// <summary>Which AdditionalFiles are tables, and the checks between several tables of one project.</summary>
    public static class TableFiles
    {
        /// <summary>A table is <c>syscalls.yaml</c> or <c>NAME.syscalls.yaml</c>.</summary>
        public static bool IsTable(string path)
        {
            string name = Path.GetFileName(path);
            return name.Equals("syscalls.yaml", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith(".syscalls.yaml", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Named almost like a table (<c>syscalls.yml</c>, <c>syscall.yaml</c>, <c>app.syscalls.yml</c>): reported, not read.</summary>
        public static bool IsMisnamed(string path)
        {
            string name = Path.GetFileName(path).ToLowerInvariant();
            if (IsTable(path))
            {
                return false;
            }

            string stem = name.EndsWith(".yml") ? name.Substring(0, name.Length - 4) : name.EndsWith(".yaml") ? name.Substring(0, name.Length - 5) : "";
            if (stem.Length == 0)
            {
                return false;
            }

            string last = stem.Substring(stem.LastIndexOf('.') + 1);
            return last is "syscalls" or "syscall" or "sycalls" or "syscals";
        }

        public static string SuggestedName(string path)
        {
            string name = Path.GetFileName(path);
            string stem = name.Substring(0, name.LastIndexOf('.'));
            int dot = stem.LastIndexOf('.');
            return dot < 0 ? "syscalls.yaml" : stem.Substring(0, dot) + ".syscalls.yaml";
        }

        /// <summary>
        /// Every table checked on its own, plus what concerns several: each table generates into a namespace of its own
        /// (the support types, Errno and the classes exist once per namespace), so a second table in the same
        /// namespace is reported and not generated.
        /// </summary>
        public static EquatableArray<TableAssembly> CheckAll(ImmutableArray<TableOutline> outlines, ImmutableArray<EntryResult> results)
        {
            var assemblies = new List<TableAssembly>();
            var namespaces = new Dictionary<string, string>(StringComparer.Ordinal);
            var paths = new HashSet<string>(StringComparer.Ordinal);
            int next = 0;
            foreach (TableOutline outline in outlines)
            {
                // Entries arrive in the order of the outlines and of each outline's entries.
                var own = new List<EntryResult>(outline.Entries.Count);
                for (int i = 0; i < outline.Entries.Count && next < results.Length; i++)
                {
                    own.Add(results[next++]);
                }

                TableAssembly assembly = TableChecker.Check(outline, own);
                if (!paths.Add(outline.Path))
                {
                    assembly = assembly with
                    {
                        Generates = false,
                        Diagnostics = new[] { new DiagnosticInfo(DiagnosticDescriptors.MultipleTables.Id, outline.Path, 1, 1, 1, $"'{Path.GetFileName(outline.Path)}' is listed twice in AdditionalFiles; list it once.") }.ToEquatableArray(),
                    };
                }
                else if (assembly.Generates && namespaces.TryGetValue(outline.Settings.Namespace, out string? first))
                {
                    assembly = assembly with
                    {
                        Generates = false,
                        Diagnostics = assembly.Diagnostics.Concat(new[]
                        {
                            new DiagnosticInfo(DiagnosticDescriptors.MultipleTables.Id, outline.Path, 1, 1, 1,
                                $"'{Path.GetFileName(outline.Path)}' uses namespace '{outline.Settings.Namespace}', which '{Path.GetFileName(first)}' already generates into; give each table a namespace of its own."),
                        }).ToEquatableArray(),
                    };
                }
                else if (assembly.Generates)
                {
                    namespaces[outline.Settings.Namespace] = outline.Path;
                }

                assemblies.Add(assembly);
            }

            return assemblies.ToEquatableArray();
        }
    }
}
