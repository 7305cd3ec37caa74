using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Interop.Seccomp;

namespace Interop.Runtime.Seccomp
{
    /// <summary>
    /// The system call names libseccomp knows for the native architecture, read from its table
    /// (seccomp_syscall_resolve_num_arch for the numbers 0 to 1023), for checking the names a user
    /// types (<c>nsbox run --deny-syscall</c>) and suggesting the closest one.
    /// </summary>
    public static class SeccompSyscallNames
    {
        private static readonly Lazy<SortedSet<string>> s_names = new(Read);

        /// <summary>Every name, sorted.</summary>
        public static IReadOnlyCollection<string> All => s_names.Value;

        /// <summary>Whether libseccomp knows <paramref name="name"/> on this architecture.</summary>
        public static bool IsKnown(string name) => s_names.Value.Contains(name);

        /// <summary>The known name closest to <paramref name="name"/> within an edit distance of 2, or null.</summary>
        public static string? Suggest(string name)
        {
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (string candidate in s_names.Value)
            {
                int distance = Distance(name, candidate);
                if (distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            return bestDistance <= 2 ? best : null;
        }

        private static unsafe SortedSet<string> Read()
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            uint arch = LibSeccomp.seccomp_arch_native();
            for (int n = 0; n < 1024; n++)
            {
                void* name = LibSeccomp.seccomp_syscall_resolve_num_arch(arch, n);
                if (name == null)
                {
                    continue;
                }

                try
                {
                    if (Marshal.PtrToStringUTF8((IntPtr)name) is { Length: > 0 } text)
                    {
                        names.Add(text);
                    }
                }
                finally
                {
                    LibSeccomp.free(name);
                }
            }

            return names;
        }

        // Levenshtein distance, two rows: the same measure the CLI's parser uses for misspelt options
        // (cli-generator's DidYouMean), which is emitted into the CLI and not reachable from here.
        private static int Distance(string a, string b)
        {
            int[] previous = new int[b.Length + 1];
            int[] current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitute);
                }

                (previous, current) = (current, previous);
            }

            return previous[b.Length];
        }
    }
}
