using System;
using Interop.Linux;
using Interop.Runtime;

namespace InitSample
{
    /// <summary>
    /// Runs its arguments as a command in a new PID (and UTS) namespace and exits with its status.
    /// The one line at the top of Main makes this program the sandbox's PID-1 init.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (SandboxInit.RunIfRequested(args) is int status)
            {
                return status;
            }

            using ChildProcess box = new SandboxBuilder(args[0], args[1..]).Isolate(CloneFlags.NewPid | CloneFlags.NewUts).Start();
            return box.WaitForExit().ToShellStatus();
        }
    }
}
