using System.Globalization;
using Interop.Linux;

namespace Interop.Runtime.Seccomp
{
    /// <summary><c>NAME[:ERRNO]</c>, as <c>nsbox run --deny-syscall</c> takes it: a rule making NAME fail with ERRNO (default EPERM).</summary>
    public static class SeccompDenySpec
    {
        /// <summary>
        /// The rule; a name libseccomp does not know on this architecture, or an errno that is not
        /// one, is a <see cref="SandboxUsageException"/> naming <paramref name="option"/>:
        /// <c>--deny-syscall mkdri: Invalid argument (EINVAL): no such system call; did you mean 'mkdir'?</c>.
        /// </summary>
        public static SeccompRule Parse(string spec, string option = "--deny-syscall")
        {
            int colon = spec.IndexOf(':');
            string name = colon < 0 ? spec : spec[..colon];
            Errno errno = colon < 0 ? Errno.EPERM : ParseErrno(spec[(colon + 1)..], option + " " + spec);
            if (!SeccompSyscallNames.IsKnown(name))
            {
                string? close = SeccompSyscallNames.Suggest(name);
                throw new SandboxUsageException(option + " " + name, Errno.EINVAL, null, "no such system call" + (close is null ? "" : "; did you mean '" + close + "'?"));
            }

            return new SeccompRule([name], SeccompAction.Fail(errno));
        }

        private static Errno ParseErrno(string text, string what)
        {
            if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint number))
            {
                return number is >= 1 and <= 4095 ? (Errno)number : throw new SandboxUsageException(what, Errno.EINVAL, null, "an errno is 1 to 4095");
            }

            for (int n = 1; n <= 4095 && text.Length > 1 && text[0] == 'E'; n++)
            {
                if (((Errno)n).Name() == text)
                {
                    return (Errno)n;
                }
            }

            throw new SandboxUsageException(what, Errno.EINVAL, null, "write the errno as a name (EPERM, ENOSYS, ...) or a number");
        }
    }
}
