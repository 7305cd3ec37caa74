using System.Collections.Generic;
using Interop.Linux;

namespace Interop.Runtime.Seccomp
{
    /// <summary>
    /// nsbox's built-in profile (<c>nsbox run --seccomp default</c>): every system call is allowed
    /// except those Docker's and podman's default profiles refuse an unprivileged container, which
    /// fail with EPERM. It is a deny list (default allow) on purpose: a system call a newer kernel
    /// adds stays usable, as the engines' profiles leave the common calls usable, and a program
    /// that works outside works inside unless it reaches for one of these. podman's profile is an
    /// allow list (default ERRNO): it also refuses every call it does not list, and it restricts
    /// personality(2) to the values 0x0, 0x8, 0x20000, 0x20008 and 0xffffffff, which this profile
    /// leaves alone. The compat architectures of the native one (x86 and x32 on x86_64, arm on
    /// aarch64) are covered too, so a 32-bit call cannot get around a rule.
    /// </summary>
    public static class SeccompDefaultProfile
    {
        /// <summary>The system calls the profile refuses (EPERM); names this libseccomp does not know are skipped.</summary>
        public static readonly IReadOnlyList<string> DeniedNames =
        [
            "acct", "add_key", "bpf", "clock_adjtime", "clock_settime", "create_module", "delete_module", "finit_module",
            "get_kernel_syms", "get_mempolicy", "init_module", "ioperm", "iopl", "kcmp", "kexec_file_load", "kexec_load",
            "keyctl", "lookup_dcookie", "mbind", "mount", "move_pages", "name_to_handle_at", "nfsservctl", "open_by_handle_at",
            "perf_event_open", "pivot_root", "process_vm_readv", "process_vm_writev", "ptrace", "query_module", "quotactl",
            "reboot", "request_key", "set_mempolicy", "setns", "settimeofday", "stime", "swapon", "swapoff", "sysfs", "_sysctl",
            "umount", "umount2", "unshare", "uselib", "userfaultfd", "ustat", "vm86", "vm86old",
            "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree",
        ];

        /// <summary>The profile.</summary>
        public static SeccompProfile Create() => new()
        {
            DefaultAction = SeccompAction.Allow,
            Architectures = CompatArchitectures(),
            Rules = [new SeccompRule(DeniedNames, SeccompAction.Fail(Errno.EPERM))],
        };

        /// <summary>The other calling conventions of the native architecture, as the engines' profiles list them.</summary>
        private static IReadOnlyList<string> CompatArchitectures()
        {
            uint native = SeccompArchitectures.Native;
            if (native == SeccompArchitectures.Token("SCMP_ARCH_X86_64"))
            {
                return ["SCMP_ARCH_X86", "SCMP_ARCH_X32"];
            }

            if (native == SeccompArchitectures.Token("SCMP_ARCH_AARCH64"))
            {
                return ["SCMP_ARCH_ARM"];
            }

            return [];
        }
    }
}
