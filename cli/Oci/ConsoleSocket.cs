using Interop.Linux;
using Interop.Runtime;

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
            try
            {
                return UnixSocket.Connect(path);
            }
            catch (ErrnoException e)
            {
                throw new OciException("connect to the console socket " + path, e.Errno, e.Errno == Errno.ENAMETOOLONG ? "a unix socket path is 1 to 107 bytes" : null);
            }
        }
    }
}
