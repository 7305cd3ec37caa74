using System;
using Interop.Linux;

namespace Nsbox.Oci
{
    /// <summary>
    /// A lifecycle verb could not do what was asked (no such container, not running, locked, ...):
    /// one line in nsbox's form, <c>what: strerror (ERRNO): hint</c>, and runc's status for it, 1.
    /// </summary>
    internal sealed class OciException(string what, Errno errno, string? hint = null)
        : Exception(ErrnoException.Format(what, errno) + (hint is null ? "" : ": " + hint))
    {
        /// <summary>runc's status for every error of its own.</summary>
        public const int Status = 1;

        public Errno Errno { get; } = errno;
    }
}
