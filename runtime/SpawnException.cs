using System;
using Interop.Linux;
using Interop.Runtime.Spawning;

namespace Interop.Runtime
{
    /// <summary>
    /// Starting the sandbox failed: in the parent (clone, resources) or in the child at a named step.
    /// The message is one line: <c>what argument: strerror (ERRNO)</c>, plus a hint where there is an obvious fix.
    /// </summary>
    public sealed class SpawnException : Exception
    {
        /// <summary>A failure at <paramref name="step"/> (or in the parent), described as <c>what argument: strerror (ERRNO): hint</c>.</summary>
        public SpawnException(ChildStep step, string what, Errno errno, string? argument = null, string? hint = null)
            : base(ErrnoException.Format(what, errno, argument) + (hint is null ? "" : ": " + hint))
        {
            Step = step;
            What = what;
            Errno = errno;
            Argument = argument;
            Hint = hint;
        }

        /// <summary>The child step that failed, or <see cref="ChildStep.None"/> for a failure in the parent.</summary>
        public ChildStep Step { get; }

        /// <summary>What failed ("exec", "mount proc on /proc", "write /sys/fs/cgroup/pids/nsbox-1-1/pids.max").</summary>
        public string What { get; }

        /// <summary>Why it failed.</summary>
        public Errno Errno { get; }

        /// <summary>The path or value the failure is about.</summary>
        public string? Argument { get; }

        /// <summary>What to do about it, when there is an obvious fix.</summary>
        public string? Hint { get; }

        /// <summary>
        /// When the sandbox's own cgroup could not be made or limited: the controller whose
        /// setting failed ("memory", "pids", "cpu", "cpuset", ...), or "" when making the cgroup
        /// itself failed. Null for every other failure.
        /// </summary>
        public string? CgroupController { get; init; }

        /// <summary>True when the command itself could not be found (shells and unshare exit 127).</summary>
        public bool IsCommandNotFound => Step == ChildStep.Exec && Errno == Errno.ENOENT;

        /// <summary>True when the command exists but could not be executed (exit 126).</summary>
        public bool IsCannotExecute => Step == ChildStep.Exec && Errno != Errno.ENOENT;
    }
}
