using System.Collections.Generic;
using System.Text;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// A helper program run to its end with stdout and stderr on one pipe, what Go's
    /// exec.Cmd.CombinedOutput gives (runc runs ps(1) so): the bytes in the order the program wrote
    /// them. On our own spawner, not System.Diagnostics.Process, which brings its SIGCHLD thread,
    /// its pipe streams and with them System.Net.Sockets into every nsbox start.
    /// </summary>
    public static unsafe class CombinedOutput
    {
        /// <summary>Runs <paramref name="fileName"/> (looked up as execvp does) with <paramref name="arguments"/>; its stdin is ours.</summary>
        /// <returns>How it ended, and everything it wrote (UTF-8).</returns>
        /// <exception cref="SpawnException">It could not be started (ENOENT: no such program).</exception>
        public static (ExitStatus Status, string Output) Run(string fileName, IReadOnlyList<string> arguments)
        {
            int* fds = stackalloc int[2];
            if (Native.pipe2(fds, Native.O_CLOEXEC) == -1 || !PrivateDescriptor.MoveUp(fds))
            {
                throw new SpawnException(ChildStep.None, "pipe2", LastErrno.Read());
            }

            int read = fds[0], write = fds[1];
            try
            {
                using ChildProcess child = Spawner.Spawn(new SandboxPlan
                {
                    FileName = fileName,
                    Arguments = arguments,
                    StandardOutputFd = write,
                    StandardErrorFd = write,
                });

                // Ours closed, the pipe ends when the program (and whatever it left running) closes its copies.
                Native.close(write);
                write = -1;
                var output = new List<byte>();
                byte* buffer = stackalloc byte[4096];
                nint n;
                while ((n = Native.read(read, buffer, 4096)) > 0 || (n == -1 && LastErrno.Read() == Errno.EINTR))
                {
                    for (nint i = 0; i < n; i++)
                    {
                        output.Add(buffer[i]);
                    }
                }

                return (child.WaitForExit(), Encoding.UTF8.GetString(output.ToArray()));
            }
            finally
            {
                Native.close(read);
                if (write != -1)
                {
                    Native.close(write);
                }
            }
        }
    }
}
