using System;
using Interop.Linux;

namespace Interop.Runtime.Seccomp
{
    /// <summary>
    /// seccomp(2)'s SECCOMP_FILTER_FLAG_* that a profile may ask for (OCI <c>linux.seccomp.flags</c>).
    /// NEW_LISTENER is not among them: it is set when a rule notifies.
    /// </summary>
    [Flags]
    public enum SeccompFilterFlags : uint
    {
        /// <summary>No flag.</summary>
        None = 0,

        /// <summary>Every thread of the process gets the filter (SECCOMP_FILTER_FLAG_TSYNC).</summary>
        ThreadSync = Native.SECCOMP_FILTER_FLAG_TSYNC,

        /// <summary>Every action but allow is logged (SECCOMP_FILTER_FLAG_LOG).</summary>
        Log = Native.SECCOMP_FILTER_FLAG_LOG,

        /// <summary>Speculative store bypass mitigation stays off (SECCOMP_FILTER_FLAG_SPEC_ALLOW).</summary>
        SpeculationAllowed = Native.SECCOMP_FILTER_FLAG_SPEC_ALLOW,

        /// <summary>A notified call waits killably once received (SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, Linux 5.19).</summary>
        WaitKillableReceive = Native.SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
    }
}
