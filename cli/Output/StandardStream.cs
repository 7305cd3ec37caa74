using System;
using System.Text;
using Interop.Linux;

namespace Nsbox.Output
{
    /// <summary>
    /// Standard output or error, written with write(2) on the descriptor. Not System.Console: on a
    /// terminal it sends terminfo's keypad_xmit (ESC[?1h ESC=) at first use and never undoes it, so
    /// the arrow keys of the next program change; unshare, nsenter and bwrap leave the terminal alone.
    /// Unbuffered: each Write is whole by the time it returns, so nothing is lost at exit.
    /// </summary>
    internal sealed class StandardStream
    {
        private StandardStream(int descriptor, string name)
        {
            Descriptor = descriptor;
            Name = name;
        }

        public static StandardStream Out { get; } = new StandardStream(1, "stdout");

        public static StandardStream Error { get; } = new StandardStream(2, "stderr");

        public int Descriptor { get; }

        /// <summary>"stdout" or "stderr", as a write error names it.</summary>
        public string Name { get; }

        /// <summary>Writes all of <paramref name="text"/>; a failure (closed descriptor, full disk, broken pipe) throws <see cref="WriteFailedException"/>.</summary>
        public void Write(string text)
        {
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
                    throw new WriteFailedException(this, e.Errno);
                }
            }
        }

        /// <summary>Whether the descriptor is a terminal (TCGETS succeeds, as isatty(3) asks).</summary>
        public unsafe bool IsTerminal()
        {
            byte* termios = stackalloc byte[64]; // struct termios is 60 bytes on Linux
            return Native.ioctl(Descriptor, Native.TCGETS, termios) == 0;
        }
    }

    /// <summary>A write to standard output or error failed: one line and status 1, as lsns reports it.</summary>
    internal sealed class WriteFailedException(StandardStream stream, Errno errno)
        : Exception("write error on " + stream.Name + ": " + errno.Message() + " (" + errno.Name() + ")")
    {
        public StandardStream Stream { get; } = stream;
    }
}
