using System;
using Interop.Linux;
using Interop.Seccomp;

namespace Interop.Runtime.Seccomp
{
    /// <summary>What a filtered system call gets: one of seccomp's SECCOMP_RET_* results.</summary>
    public enum SeccompActionKind
    {
        /// <summary>The whole process is killed by SIGSYS (SCMP_ACT_KILL_PROCESS).</summary>
        KillProcess,

        /// <summary>The calling thread is killed by SIGSYS (SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL).</summary>
        KillThread,

        /// <summary>The thread gets SIGSYS, which it may handle (SCMP_ACT_TRAP).</summary>
        Trap,

        /// <summary>The call fails with <see cref="SeccompAction.Value"/> as errno (SCMP_ACT_ERRNO).</summary>
        Errno,

        /// <summary>A ptrace tracer is told, with <see cref="SeccompAction.Value"/> as the message (SCMP_ACT_TRACE).</summary>
        Trace,

        /// <summary>The call is allowed (SCMP_ACT_ALLOW).</summary>
        Allow,

        /// <summary>The call is allowed and logged (SCMP_ACT_LOG).</summary>
        Log,

        /// <summary>The call waits for the supervisor that holds the filter's listener (SCMP_ACT_NOTIFY).</summary>
        Notify,
    }

    /// <summary>
    /// A seccomp action: its kind and, for <see cref="SeccompActionKind.Errno"/> and
    /// <see cref="SeccompActionKind.Trace"/>, the 16-bit value that goes with it. The OCI names
    /// (SCMP_ACT_ERRNO, ...) are read by <see cref="Parse"/>; one table, <see cref="s_names"/>.
    /// </summary>
    public readonly record struct SeccompAction(SeccompActionKind Kind, ushort Value = 0)
    {
        /// <summary>The errno an SCMP_ACT_ERRNO or SCMP_ACT_TRACE without errnoRet gives, as runc's: EPERM.</summary>
        public const ushort DefaultErrno = (ushort)Linux.Errno.EPERM;

        // The OCI spelling of each kind (the runtime spec's seccomp actions), and SCMP_ACT_KILL, libseccomp's old name of kill-thread.
        private static readonly (string Name, SeccompActionKind Kind)[] s_names =
        [
            ("SCMP_ACT_KILL", SeccompActionKind.KillThread),
            ("SCMP_ACT_KILL_PROCESS", SeccompActionKind.KillProcess),
            ("SCMP_ACT_KILL_THREAD", SeccompActionKind.KillThread),
            ("SCMP_ACT_TRAP", SeccompActionKind.Trap),
            ("SCMP_ACT_ERRNO", SeccompActionKind.Errno),
            ("SCMP_ACT_TRACE", SeccompActionKind.Trace),
            ("SCMP_ACT_ALLOW", SeccompActionKind.Allow),
            ("SCMP_ACT_LOG", SeccompActionKind.Log),
            ("SCMP_ACT_NOTIFY", SeccompActionKind.Notify),
        ];

        /// <summary>The call is allowed.</summary>
        public static SeccompAction Allow => new(SeccompActionKind.Allow);

        /// <summary>The call fails with <paramref name="errno"/>.</summary>
        public static SeccompAction Fail(Linux.Errno errno) => new(SeccompActionKind.Errno, (ushort)errno);

        /// <summary>Every OCI name <see cref="Parse"/> reads, for messages.</summary>
        public static string Names => string.Join(", ", Array.ConvertAll(s_names, n => n.Name));

        /// <summary>Whether <see cref="Value"/> means something for this kind (errnoRet is allowed).</summary>
        public bool TakesValue => Kind is SeccompActionKind.Errno or SeccompActionKind.Trace;

        /// <summary>The OCI name of an action (SCMP_ACT_ERRNO, ...) with its errnoRet, or null for a name that is not one.</summary>
        public static SeccompAction? Parse(string? name, uint? value)
        {
            foreach ((string known, SeccompActionKind kind) in s_names)
            {
                if (known == name)
                {
                    return new SeccompAction(kind, (ushort)(value ?? DefaultErrno));
                }
            }

            return null;
        }

        /// <summary>libseccomp's value of the action (SCMP_ACT_*).</summary>
        public uint ToLibSeccomp() => Kind switch
        {
            SeccompActionKind.KillProcess => LibSeccomp.SCMP_ACT_KILL_PROCESS,
            SeccompActionKind.KillThread => LibSeccomp.SCMP_ACT_KILL_THREAD,
            SeccompActionKind.Trap => LibSeccomp.SCMP_ACT_TRAP,
            SeccompActionKind.Errno => LibSeccomp.SCMP_ACT_ERRNO_BASE | Value,
            SeccompActionKind.Trace => LibSeccomp.SCMP_ACT_TRACE_BASE | Value,
            SeccompActionKind.Allow => LibSeccomp.SCMP_ACT_ALLOW,
            SeccompActionKind.Log => LibSeccomp.SCMP_ACT_LOG,
            _ => LibSeccomp.SCMP_ACT_NOTIFY,
        };

        /// <inheritdoc/>
        public override string ToString() => TakesValue ? $"{Kind}({Value})" : Kind.ToString();
    }
}
