using Interop.Linux;

namespace Nsbox.Oci
{
    /// <summary>
    /// <c>--console-socket PATH</c>: the AF_UNIX stream socket an engine (conmon, containerd's shim)
    /// listens on for the container's pty master. nsbox connects before it starts anything, as
    /// runc does (a missing socket fails the verb, nothing is left), and hands the connected
    /// socket to the sandbox: the child opens the pty inside the container and sends the master
    /// itself (SCM_RIGHTS, named "/dev/ptmx", as runc sends it). nsbox never holds the master.
    /// </summary>
    internal static unsafe class ConsoleSocket
    {
        /// <summary>runc's lines when the socket and the terminal do not go together.</summary>
        public const string WithoutTerminal = "cannot use console socket if runc will not detach or allocate tty";

        public const string WithoutSocket = "cannot allocate tty if runc will detach without setting console socket";

        /// <summary>A close-on-exec socket connected to <paramref name="path"/>.</summary>
        /// <exception cref="OciException">The socket cannot be reached (runc: "dial unix PATH: connect: ...").</exception>
        public static FileDescriptor Connect(string path)
        {
            string what = "connect to the console socket " + path;
            SockAddrUn address = default;
            address.sun_family = (ushort)Native.AF_UNIX;
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(path);
            if (bytes.Length == 0 || bytes.Length > 107)
            {
                throw new OciException(what, bytes.Length == 0 ? Errno.ENOENT : Errno.ENAMETOOLONG, "a unix socket path is 1 to 107 bytes");
            }

            for (int i = 0; i < bytes.Length; i++)
            {
                address.sun_path[i] = bytes[i];
            }

            int fd = Native.socket(Native.AF_UNIX, Native.SOCK_STREAM | Native.SOCK_CLOEXEC, 0);
            if (fd == -1)
            {
                throw new OciException(what, (Errno)System.Runtime.InteropServices.Marshal.GetLastSystemError());
            }

            var socket = new FileDescriptor(fd);
            // The family and the path with its NUL.
            uint length = (uint)(sizeof(ushort) + bytes.Length + 1);
            if (Native.connect(fd, &address, length) == -1)
            {
                Errno errno = (Errno)System.Runtime.InteropServices.Marshal.GetLastSystemError();
                socket.Dispose();
                throw new OciException(what, errno);
            }

            return socket;
        }
    }
}
