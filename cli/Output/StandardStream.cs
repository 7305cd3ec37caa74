using System;
using Interop.Linux;

namespace Nsbox.Output
{
    /// <summary>
    /// Standard output or error, written with write(2) on the descriptor. Not System.Console: on a
    /// terminal it sends terminfo's keypad_xmit (ESC[?1h ESC=) at first use and never undoes it, so
    /// the arrow keys of the next program change; unshare, nsenter and bwrap leave the terminal alone.
    /// Unbuffered: each Write is whole by the time it returns, so nothing is lost at exit.
    /// </summary>
    /// <remarks>
    /// A descriptor the user closed may already hold a file the runtime opened for itself before
    /// Main (/dev/urandom, read-only, close-on-exec): nsbox must not write there. A descriptor that
    /// survived execve cannot be close-on-exec, so a close-on-exec (or closed) 1 or 2 is one the user
    /// closed. Output to a closed stdout is a write error (EBADF, status 1, as lsns); a line for a
    /// closed stderr has nowhere to go and is dropped, and the status still says what happened.
    /// </remarks>
    internal sealed class StandardStream
    {
        private readonly bool _errorsAreSilent;

        private StandardStream(int descriptor, string name, bool errorsAreSilent)
        {
            Descriptor = descriptor;
            Name = name;
            _errorsAreSilent = errorsAreSilent;
        }

        public static StandardStream Out { get; } = new StandardStream(1, "stdout", errorsAreSilent: false);

        public static StandardStream Error { get; } = new StandardStream(2, "stderr", errorsAreSilent: true);

        public int Descriptor { get; }

        /// <summary>"stdout" or "stderr", as a write error names it.</summary>
        public string Name { get; }

        /// <summary>
        /// Writes all of <paramref name="text"/>. On stdout a failure (closed descriptor, full disk,
        /// broken pipe) throws <see cref="WriteFailedException"/>; on stderr it drops the text.
        /// </summary>
        public void Write(string text)
        {
            if (!IsInherited())
            {
                Failed(Errno.EBADF);
                return;
            }

            byte[] bytes = RawText.Encode(text);
            int written = 0;
            while (written < bytes.Length)
            {
                try
                {
                    written += (int)Sys.Write(Descriptor, bytes.AsSpan(written));
                }
                catch (ErrnoException e) when (e.Errno == Errno.EINTR)
                {
                    // Interrupted before anything was written: try again, as stdio does.
                }
                catch (ErrnoException e)
                {
                    Failed(e.Errno);
                    return;
                }
            }
        }

        /// <summary>Whether the descriptor is a terminal (TCGETS succeeds, as isatty(3) asks).</summary>
        public unsafe bool IsTerminal()
        {
            byte* termios = stackalloc byte[64]; // struct termios is 60 bytes on Linux
            return IsInherited() && Native.ioctl(Descriptor, Native.TCGETS, termios) == 0;
        }

        /// <summary>Whether the descriptor is the one nsbox was started with (see the remarks).</summary>
        private bool IsInherited()
        {
            int flags = Native.fcntl(Descriptor, Native.F_GETFD, 0);
            return flags != -1 && (flags & Native.FD_CLOEXEC) == 0;
        }

        private void Failed(Errno errno)
        {
            if (!_errorsAreSilent)
            {
                throw new WriteFailedException(this, errno);
            }
        }
    }

    /// <summary>A write to standard output failed: one line and status 1, as lsns reports it.</summary>
    internal sealed class WriteFailedException(StandardStream stream, Errno errno)
        : Exception("write error on " + stream.Name + ": " + errno.Message() + " (" + errno.Name() + ")")
    {
        public StandardStream Stream { get; } = stream;
    }
}
