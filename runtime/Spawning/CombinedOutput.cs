using System.Collections.Generic;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// A helper program run to its end with stdout and stderr on one pipe, what Go's
    /// exec.Cmd.CombinedOutput gives (runc runs ps(1) so): the bytes in the order the program wrote
    /// them. On our own spawner, not System.Diagnostics.Process, which brings its SIGCHLD thread,
    /// its pipe streams and with them System.Net.Sockets into every nsbox start.
    /// </summary>
    public static class CombinedOutput
    {
        /// <summary>Runs <paramref name="fileName"/> (looked up as execvp does) with <paramref name="arguments"/>; its stdin is ours.</summary>
        /// <returns>How it ended, and everything it wrote (UTF-8).</returns>
        /// <exception cref="SpawnException">It could not be started (ENOENT: no such program).</exception>
        public static (ExitStatus Status, string Output) Run(string fileName, IReadOnlyList<string> arguments)
        {
            using var output = new PipeCapture();
            using ChildProcess child = Spawner.Spawn(new SandboxPlan
            {
                FileName = fileName,
                Arguments = arguments,
                StandardOutputFd = output.WriteFd,
                StandardErrorFd = output.WriteFd,
            });
            string text = output.ReadToEnd();
            return (child.WaitForExit(), text);
        }
    }
}
