using Interop.Runtime.Json;
namespace Interop.Runtime.Oci
{
    /// <summary>config.json's <c>linux.seccomp</c>: a filter's default action, architectures and rules.</summary>
    [JsonModel]
    public sealed partial class OciSeccomp
    {
        /// <summary>What a system call no rule names gets (SCMP_ACT_ERRNO, SCMP_ACT_ALLOW, ...).</summary>
        public string? DefaultAction { get; init; }

        /// <summary>The errno of an SCMP_ACT_ERRNO default.</summary>
        public uint? DefaultErrnoRet { get; init; }

        /// <summary>SCMP_ARCH_X86_64, ...</summary>
        public string[]? Architectures { get; init; }

        /// <summary>seccomp(2) flags.</summary>
        public string[]? Flags { get; init; }

        /// <summary>A socket to hand a user-notification descriptor to.</summary>
        public string? ListenerPath { get; init; }

        /// <summary>Opaque text sent to the listener with the descriptor.</summary>
        public string? ListenerMetadata { get; init; }

        /// <summary>The rules.</summary>
        public OciSyscallRule[]? Syscalls { get; init; }

        /// <summary>As a profile; a mistake names its field (config.json: linux.seccomp.syscalls[2].action ...).</summary>
        public Seccomp.SeccompProfile ToProfile() => Seccomp.SeccompProfile.FromOci(this, OciBundle.ConfigFileName + ": linux.seccomp.");
    }

    /// <summary>One rule of a seccomp filter.</summary>
    [JsonModel]
    public sealed partial class OciSyscallRule
    {
        /// <summary>The system calls it applies to.</summary>
        public string[]? Names { get; init; }

        /// <summary>SCMP_ACT_*.</summary>
        public string? Action { get; init; }

        /// <summary>The errno of SCMP_ACT_ERRNO.</summary>
        public uint? ErrnoRet { get; init; }

        /// <summary>Conditions on the arguments.</summary>
        public OciSyscallArgument[]? Args { get; init; }
    }

    /// <summary>A condition on one system call argument.</summary>
    [JsonModel]
    public sealed partial class OciSyscallArgument
    {
        /// <summary>Which argument.</summary>
        public uint Index { get; init; }

        /// <summary>The value compared with.</summary>
        public ulong Value { get; init; }

        /// <summary>The second value (SCMP_CMP_MASKED_EQ).</summary>
        public ulong ValueTwo { get; init; }

        /// <summary>SCMP_CMP_*.</summary>
        public string? Op { get; init; }
    }
}
