using System;
using System.Collections.Generic;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Spawning;
using Nsbox.Options;

namespace Nsbox.Commands
{
    /// <summary><c>nsbox run</c>: start the command in new namespaces, wait, and pass its status on.</summary>
    internal static class RunCommand
    {
        public static int Execute(RunOptions options)
        {
            List<string> command = options.Command.ToList();
            if (command.Count == 0)
            {
                command.Add(DefaultShell());
            }

            CloneFlags namespaces = CloneFlags.None;
            if (options.Uts || options.Hostname is not null)
            {
                namespaces |= CloneFlags.NewUts;
            }

            if (options.Hostname is { Length: 0 or > Native.HOST_NAME_MAX })
            {
                return ErrorReporter.Fail($"--hostname '{options.Hostname}': a hostname is 1 to {Native.HOST_NAME_MAX} bytes");
            }

            try
            {
                ChildProcess child = Spawner.Spawn(new SpawnOptions
                {
                    FileName = command[0],
                    Arguments = command.Skip(1).ToArray(),
                    Namespaces = namespaces,
                    Hostname = options.Hostname,
                });
                return child.WaitForExit().ToShellStatus();
            }
            catch (SpawnException e)
            {
                int status = e.IsCommandNotFound ? ExitCodes.NotFound
                    : e.IsCannotExecute ? ExitCodes.CannotExecute
                    : ExitCodes.NsboxError;
                return ErrorReporter.Fail(e.Message, status);
            }
            catch (ErrnoException e)
            {
                return ErrorReporter.Fail(e.Message);
            }
        }

        private static string DefaultShell()
        {
            string? shell = Environment.GetEnvironmentVariable("SHELL");
            return string.IsNullOrEmpty(shell) ? "/bin/sh" : shell;
        }
    }
}
