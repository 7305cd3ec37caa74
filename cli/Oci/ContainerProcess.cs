using System.Runtime.InteropServices;
using System.Text;
using Interop.Linux;

namespace Nsbox.Oci
{
    /// <summary>
    /// The container's process as the later verbs reach it: not a child of theirs (nsbox create has
    /// exited), so through a pidfd (never a recycled pid; the start time in the state already said
    /// the pid is still the container's), and its start FIFO.
    /// </summary>
    internal static unsafe class ContainerProcess
    {
        /// <summary>Sends <paramref name="signal"/>; false when the process is gone.</summary>
        public static bool Signal(int pid, int signal)
        {
            int pidfd = Native.pidfd_open(pid, 0);
            if (pidfd == -1)
            {
                return false;
            }

            bool sent = Native.pidfd_send_signal(pidfd, signal, null, 0) == 0;
            Native.close(pidfd);
            return sent;
        }

        /// <summary>Waits until the process has exited (its pidfd becomes readable).</summary>
        public static void WaitForExit(int pid)
        {
            int pidfd = Native.pidfd_open(pid, 0);
            if (pidfd == -1)
            {
                return;
            }

            PollFd poll = default;
            poll.fd = pidfd;
            poll.events = Native.POLLIN;
            while (Native.poll(&poll, 1, -1) == -1 && Marshal.GetLastSystemError() == (int)Errno.EINTR)
            {
            }

            Native.close(pidfd);
        }

        /// <summary>
        /// Makes the FIFO the process waits on, mode 0622 as runc makes it (chmod after mknod: the
        /// umask would take the bits away): the waiting process may run as a user other than root
        /// (process.user) and must open it for writing; only root can open it for reading, which is start.
        /// </summary>
        public static void MakeFifo(string path)
        {
            fixed (byte* p = Path(path))
            {
                if (Native.mknod(p, 0x1000 /* S_IFIFO */ | 0x180 /* 0600 */, 0) == -1 || Native.chmod(p, 0x192 /* 0622 */) == -1)
                {
                    throw new OciException("mkfifo " + path, (Errno)Marshal.GetLastSystemError());
                }
            }
        }

        /// <summary>
        /// Lets the waiting process go on: opens the FIFO for reading (which releases the waiter's
        /// open for writing) and reads its byte. Polls the FIFO and the process together, so a
        /// process that died while waiting is an error rather than a hang.
        /// </summary>
        public static void Release(string fifo, int pid, string id)
        {
            int fd;
            fixed (byte* p = Path(fifo))
            {
                fd = Native.open(p, Native.O_RDONLY | Native.O_NONBLOCK | Native.O_CLOEXEC, 0);
            }

            if (fd == -1)
            {
                throw new OciException("open " + fifo, (Errno)Marshal.GetLastSystemError());
            }

            int pidfd = Native.pidfd_open(pid, 0);
            try
            {
                PollFd* polls = stackalloc PollFd[2];
                polls[0] = default;
                polls[0].fd = fd;
                polls[0].events = Native.POLLIN;
                polls[1] = default;
                polls[1].fd = pidfd;
                polls[1].events = Native.POLLIN;
                while (true)
                {
                    int ready = Native.poll(polls, pidfd == -1 ? 1UL : 2UL, -1);
                    if (ready == -1 && Marshal.GetLastSystemError() == (int)Errno.EINTR)
                    {
                        continue;
                    }

                    byte started;
                    if ((polls[0].revents & Native.POLLIN) != 0 && Native.read(fd, &started, 1) == 1)
                    {
                        if (started == (byte)'0')
                        {
                            return;
                        }

                        // Not started: a startContainer hook failed; the waiter wrote why, in one write, and exits.
                        throw HookFailure(fd, started);
                    }

                    if (pidfd == -1 || (polls[1].revents & Native.POLLIN) != 0 || ready == -1)
                    {
                        throw new OciException("start " + id, Errno.ESRCH, "the container's process ended before it started");
                    }
                }
            }
            finally
            {
                Native.close(fd);
                if (pidfd != -1)
                {
                    Native.close(pidfd);
                }
            }
        }

        /// <summary>The waiter's report (<see cref="Interop.Runtime.Oci.Hooks.OciHookException.ToReport"/>), its first byte already read.</summary>
        private static System.Exception HookFailure(int fd, byte first)
        {
            var report = new System.Collections.Generic.List<byte> { first };
            byte* buffer = stackalloc byte[4096];
            nint n;
            while ((n = Native.read(fd, buffer, 4096)) > 0 || (n == -1 && Marshal.GetLastSystemError() == (int)Errno.EINTR))
            {
                report.AddRange(new System.ReadOnlySpan<byte>(buffer, (int)System.Math.Max(n, 0)).ToArray());
            }

            string text = Encoding.UTF8.GetString(report.ToArray());
            return (System.Exception?)Interop.Runtime.Oci.Hooks.OciHookException.FromReport(text) ?? new OciException("start", Errno.EIO, "the container's process wrote '" + text + "' on the start fifo");
        }

        private static byte[] Path(string path) => Encoding.UTF8.GetBytes(path + "\0");
    }
}
