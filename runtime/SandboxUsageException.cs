using System;
using Interop.Linux;

namespace Interop.Runtime
{
    /// <summary>
    /// A sandbox that cannot be described that way: a relative mount target, a hostname too long, a
    /// destination that would have to be created on the host, overlapping id ranges. Thrown when the
    /// step is added or the plan lowered, before anything runs. The message is one line in the
    /// form every nsbox error takes: <c>what argument: strerror (ERRNO): what to do</c>.
    /// </summary>
    public sealed class SandboxUsageException : Exception
    {
        /// <summary>A mistake in <paramref name="what"/> about <paramref name="argument"/>, with the errno the kernel would give and a hint.</summary>
        public SandboxUsageException(string what, Errno errno, string? argument = null, string? hint = null)
            : base(ErrnoException.Format(what, errno, argument) + (hint is null ? "" : ": " + hint))
        {
            Errno = errno;
            Argument = argument;
            Hint = hint;
        }

        /// <summary>The errno that says what kind of mistake it is (EINVAL, ENOENT, ENAMETOOLONG, ...).</summary>
        public Errno Errno { get; }

        /// <summary>The path or value the mistake is about.</summary>
        public string? Argument { get; }

        /// <summary>What to do about it.</summary>
        public string? Hint { get; }
    }
}
