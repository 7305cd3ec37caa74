using System.Runtime.InteropServices;
using System.Text;
using Interop.Linux;

namespace Nsbox
{
    /// <summary>
    /// nsbox's own output on stdout and stderr, written to descriptors 1 and 2 directly. Not
    /// System.Console: on a terminal its first use writes terminfo keypad_xmit and never resets it,
    /// and when the user started nsbox with one of them closed the runtime has already reopened that
    /// number for a file of its own (/dev/urandom, read-only): Console then throws at the first
    /// write, with a message that names an exception and a resource key (docs/design.md, "Signals
    /// and descriptors").
    /// </summary>
    internal sealed unsafe class StandardStream
    {
        public static readonly StandardStream Output = new(1);
        public static readonly StandardStream Error = new(2);

        private readonly int _fd;

        private StandardStream(int fd) => _fd = fd;

        /// <summary>Writes all of <paramref name="text"/>; returns Errno.None, or why not (EBADF when the user closed the descriptor).</summary>
        public Errno Write(string text)
        {
            if (!IsInherited())
            {
                return Errno.EBADF;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(text);
            fixed (byte* start = bytes)
            {
                int done = 0;
                while (done < bytes.Length)
                {
                    nint n = Native.write(_fd, start + done, (nuint)(bytes.Length - done));
                    if (n > 0)
                    {
                        done += (int)n;
                        continue;
                    }

                    Errno errno = n == -1 ? (Errno)Marshal.GetLastSystemError() : Errno.EIO;
                    if (errno != Errno.EINTR)
                    {
                        return errno;
                    }
                }
            }

            return Errno.None;
        }

        /// <summary>
        /// Whether the descriptor is the one nsbox was started with. A descriptor that survived
        /// execve cannot be close-on-exec, while every file the runtime opens for itself is: so a
        /// close-on-exec (or closed) one means the user closed it.
        /// </summary>
        private bool IsInherited()
        {
            int flags = Native.fcntl(_fd, Native.F_GETFD, 0);
            return flags != -1 && (flags & Native.FD_CLOEXEC) == 0;
        }
    }
}
