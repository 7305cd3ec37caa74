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
            try
            {
                using FileDescriptor pidfd = Sys.PidfdOpen(pid, 0);
                Sys.PidfdSendSignal(pidfd, signal, null, 0);
                return true;
            }
            catch (ErrnoException)
            {
                return false;
            }
        }

        /// <summary>Waits until the process has exited (its pidfd becomes readable).</summary>
        public static void WaitForExit(int pid)
        {
            FileDescriptor pidfd;
            try
            {
                pidfd = Sys.PidfdOpen(pid, 0);
            }
            catch (ErrnoException)
            {
                return; // gone already
            }

            using (pidfd)
            {
                PollFd poll = default;
                poll.fd = pidfd.Value;
                poll.events = Native.POLLIN;
                PollRetryingInterrupts(&poll, 1);
            }
        }

        /// <summary>
        /// Makes the FIFO the process waits on, mode 0622 as runc makes it (chmod after mknod: the
        /// umask would take the bits away): the waiting process may run as a user other than root
        /// (process.user) and must open it for writing; only root can open it for reading, which is start.
        /// </summary>
        public static void MakeFifo(string path)
        {
            try
            {
                Sys.Mknod(path, Native.S_IFIFO | Native.S_IRUSR | Native.S_IWUSR, 0);
                Sys.Chmod(path, Native.S_IRUSR | Native.S_IWUSR | Native.S_IWGRP | Native.S_IWOTH);
            }
            catch (ErrnoException e)
            {
                throw new OciException("mkfifo " + path, e.Errno);
            }
        }

        /// <summary>
        /// Lets the waiting process go on: opens the FIFO for reading (which releases the waiter's
        /// open for writing) and reads its byte. Polls the FIFO and the process together, so a
        /// process that died while waiting is an error rather than a hang.
        /// </summary>
        public static void Release(string fifo, int pid, string id)
        {
            FileDescriptor fifoFd;
            try
            {
                fifoFd = Sys.Open(fifo, Native.O_RDONLY | Native.O_NONBLOCK | Native.O_CLOEXEC, 0);
            }
            catch (ErrnoException e)
            {
                throw new OciException("open " + fifo, e.Errno);
            }

            FileDescriptor? pidfdHandle;
            try
            {
                pidfdHandle = Sys.PidfdOpen(pid, 0);
            }
            catch (ErrnoException)
            {
                pidfdHandle = null; // it has ended: the poll below sees only the fifo, and says so
            }

            using (fifoFd)
            using (pidfdHandle)
            {
                int fd = fifoFd.Value;
                int pidfd = pidfdHandle?.Value ?? -1;
                PollFd* polls = stackalloc PollFd[2];
                polls[0] = default;
                polls[0].fd = fd;
                polls[0].events = Native.POLLIN;
                polls[1] = default;
                polls[1].fd = pidfd;
                polls[1].events = Native.POLLIN;
                while (true)
                {
                    bool failed = false;
                    try
                    {
                        PollRetryingInterrupts(polls, pidfd == -1 ? 1UL : 2UL);
                    }
                    catch (ErrnoException)
                    {
                        failed = true;
                    }

                    byte started;
                    if ((polls[0].revents & Native.POLLIN) != 0 && ReadByte(fd, &started))
                    {
                        if (started == (byte)'0')
                        {
                            return;
                        }

                        // Not started: a startContainer hook failed; the waiter wrote why, in one write, and exits.
                        throw HookFailure(fd, started);
                    }

                    if (pidfd == -1 || (polls[1].revents & Native.POLLIN) != 0 || failed)
                    {
                        throw new OciException("start " + id, Errno.ESRCH, "the container's process ended before it started");
                    }
                }
            }
        }

        /// <summary>poll until something is ready; a handled signal (EINTR) polls again.</summary>
        /// <exception cref="ErrnoException">poll failed otherwise.</exception>
        private static void PollRetryingInterrupts(PollFd* fds, ulong count)
        {
            while (true)
            {
                try
                {
                    Sys.Poll(fds, count, -1);
                    return;
                }
                catch (ErrnoException e) when (e.Errno == Errno.EINTR)
                {
                }
            }
        }

        /// <summary>One byte from a non-blocking descriptor; false at its end or when none is there.</summary>
        private static bool ReadByte(int fd, byte* value)
        {
            try
            {
                return Sys.Read(fd, new System.Span<byte>(value, 1)) == 1;
            }
            catch (ErrnoException)
            {
                return false;
            }
        }

        /// <summary>The waiter's report (<see cref="Interop.Runtime.Oci.Hooks.OciHookException.ToReport"/>), its first byte already read.</summary>
        private static System.Exception HookFailure(int fd, byte first)
        {
            var report = new System.Collections.Generic.List<byte> { first };
            byte* buffer = stackalloc byte[4096];
            while (true)
            {
                nint n;
                try
                {
                    n = Sys.Read(fd, new System.Span<byte>(buffer, 4096));
                }
                catch (ErrnoException e) when (e.Errno == Errno.EINTR)
                {
                    continue;
                }
                catch (ErrnoException)
                {
                    break; // EAGAIN: the waiter wrote its report in one write, all of it is read
                }

                if (n == 0)
                {
                    break;
                }

                report.AddRange(new System.ReadOnlySpan<byte>(buffer, (int)n).ToArray());
            }

            string text = Encoding.UTF8.GetString(report.ToArray());
            return (System.Exception?)Interop.Runtime.Oci.Hooks.OciHookException.FromReport(text) ?? new OciException("start", Errno.EIO, "the container's process wrote '" + text + "' on the start fifo");
        }
    }
}
