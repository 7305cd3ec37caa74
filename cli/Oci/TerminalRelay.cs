using System;
using System.Runtime.InteropServices;
using System.Threading;
using Interop.Linux;
using Interop.Runtime;

namespace Nsbox.Oci
{
    /// <summary>
    /// runc's foreground terminal: <c>run</c> (or <c>exec</c>) with a terminal and no
    /// --console-socket. nsbox is its own console socket (one end of a socketpair goes to the
    /// child, which sends the pty master back over it), then copies bytes both ways between its
    /// own stdin/stdout and the master, with its own terminal (when stdin is one) raw meanwhile and
    /// restored after, its window size given to the pty at the start.
    /// </summary>
    internal static unsafe class TerminalRelay
    {
        /// <summary>Two connected close-on-exec AF_UNIX stream sockets: nsbox's end and the child's.</summary>
        public static (FileDescriptor Ours, FileDescriptor Theirs) SocketPair()
        {
            int* ends = stackalloc int[2];
            try
            {
                Sys.Socketpair(Native.AF_UNIX, Native.SOCK_STREAM | Native.SOCK_CLOEXEC, 0, ends);
            }
            catch (ErrnoException e)
            {
                throw new OciException("socketpair for the terminal", e.Errno);
            }

            return (new FileDescriptor(ends[0]), new FileDescriptor(ends[1]));
        }

        /// <summary>The master the child sent on <paramref name="ours"/> (it has, once the start returned).</summary>
        public static FileDescriptor ReceiveMaster(FileDescriptor ours)
        {
            try
            {
                return UnixSocket.ReceiveDescriptor(ours);
            }
            catch (ErrnoException e)
            {
                throw new OciException("receive the pty master", e.Errno, e.Errno == Errno.EPROTO ? "no descriptor came" : null);
            }
        }

        /// <summary>Relays until <paramref name="wait"/> returns (the process ended) and the pty has shown everything; returns its status.</summary>
        public static ExitStatus Relay(FileDescriptor master, Func<ExitStatus> wait)
        {
            int fd = (int)master.DangerousGetHandle();
            Termios saved;
            bool terminal = Native.tcgetattr(0, &saved) == 0;
            if (terminal)
            {
                WinSize size;
                if (Native.ioctl(0, Native.TIOCGWINSZ, &size) == 0)
                {
                    Native.ioctl(fd, Native.TIOCSWINSZ, &size);
                }

                Termios raw = saved;
                Native.cfmakeraw(&raw);
                Native.tcsetattr(0, Native.TCSANOW, &raw);
            }

            try
            {
                // Threads started now inherit the blocked signals (SignalProxy): they never take one.
                var output = new Thread(() => Copy(fd, 1)) { IsBackground = true, Name = "pty to stdout" };
                var input = new Thread(() => Copy(0, fd)) { IsBackground = true, Name = "stdin to pty" };
                output.Start();
                input.Start();
                ExitStatus status = wait();
                // The pty reads EIO once every slave is closed: what the process wrote last is shown first.
                output.Join(TimeSpan.FromSeconds(5));
                return status;
            }
            finally
            {
                if (terminal)
                {
                    Native.tcsetattr(0, Native.TCSANOW, &saved);
                }
            }
        }

        private static void Copy(int from, int to)
        {
            byte* buffer = stackalloc byte[4096];
            while (true)
            {
                nint n = Native.read(from, buffer, 4096);
                if (n == -1 && Marshal.GetLastSystemError() == (int)Errno.EINTR)
                {
                    continue;
                }

                if (n <= 0)
                {
                    return;
                }

                for (nint done = 0; done < n;)
                {
                    nint w = Native.write(to, buffer + done, (nuint)(n - done));
                    if (w <= 0)
                    {
                        return;
                    }

                    done += w;
                }
            }
        }
    }
}
