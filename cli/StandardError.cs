using System.Text;
using Interop.Linux;

namespace Nsbox
{
    /// <summary>
    /// nsbox's own lines on stderr, written to descriptor 2 directly. Not System.Console: on a
    /// terminal its first use writes terminfo keypad_xmit and never resets it, and when the user
    /// started nsbox with stderr closed the runtime has already reopened descriptor 2 for a file of
    /// its own (/dev/urandom, read-only): Console then throws at the first line and nsbox aborts
    /// (docs/design.md, "Signals and descriptors").
    /// </summary>
    internal static unsafe class StandardError
    {
        private const int Fd = 2;

        /// <summary>Writes the line and a newline; drops it where stderr was closed or is gone (EPIPE), as a write error has nowhere to be reported.</summary>
        public static void WriteLine(string line)
        {
            if (!IsInherited())
            {
                return;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
            fixed (byte* start = bytes)
            {
                int done = 0;
                while (done < bytes.Length)
                {
                    nint n = Native.write(Fd, start + done, (nuint)(bytes.Length - done));
                    if (n > 0)
                    {
                        done += (int)n;
                    }
                    else if (n == -1 && (Errno)System.Runtime.InteropServices.Marshal.GetLastSystemError() == Errno.EINTR)
                    {
                        continue;
                    }
                    else
                    {
                        return;
                    }
                }
            }
        }

        /// <summary>
        /// Whether descriptor 2 is the one nsbox was started with. A descriptor that survived execve
        /// cannot be close-on-exec, while every file the runtime opens for itself is: so a
        /// close-on-exec (or closed) descriptor 2 means the user closed stderr.
        /// </summary>
        private static bool IsInherited()
        {
            int flags = Native.fcntl(Fd, Native.F_GETFD, 0);
            return flags != -1 && (flags & Native.FD_CLOEXEC) == 0;
        }
    }
}
