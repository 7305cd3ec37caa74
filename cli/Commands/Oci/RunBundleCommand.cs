using System;
using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Nsbox.Oci;
using Nsbox.Options;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// <c>nsbox run --bundle DIR [--pid-file FILE] [--detach] ID</c>, runc's run: create, start, and
    /// (without --detach) wait, forward nsbox's signals to the process, delete, and exit with the
    /// process's status (128+N for signal N). nsbox stays the process's parent meanwhile, so it
    /// waits on it directly.
    /// </summary>
    internal static class RunBundleCommand
    {
        public static int Execute(RunOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            // The container's settings come from config.json: a sandbox option beside --bundle would be dropped.
            foreach (OptionOccurrence option in options.Occurrences)
            {
                if (option.Name is not ("bundle" or "pid-file" or "detach" or "console-socket"))
                {
                    throw new OciException("run: --" + option.Name, Errno.EINVAL, "with --bundle, the container is what config.json says; only --pid-file, --detach and --console-socket go with it");
                }
            }

            string[] operands = options.Command.ToArray();
            if (operands.Length > 1)
            {
                throw new OciException("run: unexpected operand '" + operands[1] + "'", Errno.EINVAL, "run with a bundle takes one container id");
            }

            string? id = operands.FirstOrDefault();
            using ChildProcess process = ContainerCreator.Create(store, log, id, options.Bundle, options.PidFile, "run", options.ConsoleSocket, relayTerminal: !options.Detach, out FileDescriptor? relayEnd, startAtOnce: true, out bool started);
            using FileDescriptor? relayed = relayEnd;
            // A terminal and no socket: the child sent the master to nsbox itself, which relays it (as runc run does).
            using FileDescriptor? master = relayEnd is null ? null : TerminalRelay.ReceiveMaster(relayEnd);
            ContainerState state = store.Load(id!);
            try
            {
                using (FileStream lockFile = store.Lock(id!, create: false))
                {
                    if (started)
                    {
                        // It executes the command already: what start does after the FIFO is what is left.
                        StartCommand.AfterStart(state);
                    }
                    else
                    {
                        StartCommand.Start(store, state);
                    }
                }
            }
            catch
            {
                // A failed startContainer hook has destroyed the container already.
                if (store.Exists(id!))
                {
                    DeleteCommand.Delete(store, state, force: true);
                }

                throw;
            }

            if (options.Detach)
            {
                return 0;
            }

            Func<ExitStatus> wait = () => SandboxRunner.Signals is { } signals ? process.WaitForExit(signals) : process.WaitForExit();
            ExitStatus status = master is null ? wait() : TerminalRelay.Relay(master, wait);
            using (FileStream lockFile = store.Lock(id!, create: false))
            {
                DeleteCommand.Delete(store, state, force: true);
            }

            return status.ToShellStatus();
        });
    }
}
