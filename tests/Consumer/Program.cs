using System;
using Consumer.Native;

namespace Consumer
{
    /// <summary>
    /// Prints what the bindings generated from consumer.syscalls.yaml return, one "key=value" per
    /// line, next to what .NET itself reports, so PackageConsumerTests can tell a working binding
    /// from one that merely compiled.
    /// </summary>
    public static class Program
    {
        public static int Main()
        {
            Console.WriteLine($"pid={Sys.GetProcessId()}");
            Console.WriteLine($"dotnet-pid={Environment.ProcessId}");
            Console.WriteLine($"ppid={Sys.GetParentProcessId()}");
            Console.WriteLine($"SIGCHLD={Native.Native.SIGCHLD}");
            Console.WriteLine($"flags={OpenFlags.CloseOnExec | OpenFlags.NonBlocking}");
            try
            {
                // -1 is never an open descriptor: the friendly layer must turn the failure into EBADF.
                Sys.Close(-1);
                Console.WriteLine("close=succeeded");
            }
            catch (ErrnoException e)
            {
                Console.WriteLine($"close={e.Errno.Name()}");
            }

            return 0;
        }
    }
}
