using System.Runtime.InteropServices;
using Interop.Linux;
using Interop.Runtime.Init;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// Keeps the descriptors the spawner opens for itself (the error pipe, the init's program, pidfds)
    /// off the numbers the child writes to. The kernel hands out the lowest free number, so when the
    /// user started us with stdin, stdout or stderr closed, a pipe or an O_PATH descriptor lands on 0,
    /// 1 or 2, or on the init's report descriptor, and the child's dup3 onto that number clobbers it
    /// (docs/design.md, "Signals and descriptors"). Moving them up leaves the user's closed
    /// descriptors closed for the command, which is the user's choice, instead of filling them.
    /// </summary>
    internal static class PrivateDescriptor
    {
        /// <summary>The lowest number a private descriptor may have: above 0-2 and the init's report descriptor.</summary>
        public const int Lowest = InitProcess.ReportFd + 1;

        /// <summary>
        /// Returns <paramref name="fd"/> itself when it is already at <see cref="Lowest"/> or above,
        /// else a close-on-exec copy there (the original is closed). On failure returns -1 with errno
        /// set (EMFILE) and the original closed, so a caller only ever has one descriptor to close.
        /// A negative <paramref name="fd"/> (a failed open) is returned unchanged, errno untouched.
        /// </summary>
        public static int MoveUp(int fd)
        {
            if (fd < 0 || fd >= Lowest)
            {
                return fd;
            }

            int moved = Native.fcntl(fd, Native.F_DUPFD_CLOEXEC, Lowest);
            int errno = Marshal.GetLastSystemError();
            Native.close(fd);
            Marshal.SetLastSystemError(errno);
            return moved;
        }

        /// <summary><see cref="MoveUp(int)"/> for a descriptor the friendly layer opened: the same one, or its copy (the original disposed).</summary>
        /// <exception cref="ErrnoException">No number at or above <see cref="Lowest"/> is free (EMFILE).</exception>
        public static FileDescriptor MoveUp(FileDescriptor fd)
        {
            if (fd.IsInvalid || fd.Value >= Lowest)
            {
                return fd;
            }

            int moved = Native.fcntl(fd.Value, Native.F_DUPFD_CLOEXEC, Lowest);
            int errno = Marshal.GetLastSystemError();
            fd.Dispose();
            return moved >= 0 ? new FileDescriptor(moved) : throw new ErrnoException("fcntl F_DUPFD_CLOEXEC", (Errno)errno);
        }

        /// <summary>
        /// <see cref="MoveUp(int)"/> for both ends of a pipe2 result. Returns false with errno set (and
        /// both ends closed) when either move failed.
        /// </summary>
        public static unsafe bool MoveUp(int* pipe)
        {
            pipe[0] = MoveUp(pipe[0]);
            int errno = Marshal.GetLastSystemError();
            pipe[1] = MoveUp(pipe[1]);
            if (pipe[0] >= 0 && pipe[1] >= 0)
            {
                return true;
            }

            errno = pipe[0] < 0 ? errno : Marshal.GetLastSystemError();
            if (pipe[0] >= 0)
            {
                Native.close(pipe[0]);
            }

            if (pipe[1] >= 0)
            {
                Native.close(pipe[1]);
            }

            pipe[0] = pipe[1] = -1;
            Marshal.SetLastSystemError(errno);
            return false;
        }
    }
}
