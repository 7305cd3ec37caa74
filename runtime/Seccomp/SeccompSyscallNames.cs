using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Interop.Seccomp;
using Interop.Text;

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
        public static string? Suggest(string name) => EditDistance.Closest(name, s_names.Value, 2);

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
    }
}
