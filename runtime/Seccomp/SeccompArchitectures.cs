using System;
using Interop.Seccomp;

namespace Interop.Runtime.Seccomp
{
    /// <summary>
    /// The architectures of a profile, in the OCI spelling (SCMP_ARCH_X86_64): libseccomp's name is
    /// the rest, lowercased ("x86_64"), and libseccomp says which it knows.
    /// </summary>
    public static class SeccompArchitectures
    {
        /// <summary>The OCI runtime spec's list, for messages.</summary>
        public const string Names = "SCMP_ARCH_X86, SCMP_ARCH_X86_64, SCMP_ARCH_X32, SCMP_ARCH_ARM, SCMP_ARCH_AARCH64, SCMP_ARCH_MIPS, SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32, SCMP_ARCH_MIPSEL, SCMP_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL64N32, SCMP_ARCH_PPC, SCMP_ARCH_PPC64, SCMP_ARCH_PPC64LE, SCMP_ARCH_S390, SCMP_ARCH_S390X, SCMP_ARCH_PARISC, SCMP_ARCH_PARISC64, SCMP_ARCH_RISCV64";

        private const string Prefix = "SCMP_ARCH_";

        /// <summary>libseccomp's token for an OCI architecture name; 0 for one it does not know.</summary>
        public static uint Token(string ociName)
        {
            if (!ociName.StartsWith(Prefix, StringComparison.Ordinal) || ociName.Length == Prefix.Length)
            {
                return 0;
            }

            return SeccompCalls.SeccompArchResolveName(ociName[Prefix.Length..].ToLowerInvariant());
        }

        /// <summary>The token of the architecture this process runs on.</summary>
        public static uint Native => LibSeccomp.seccomp_arch_native();
    }
}
