using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Interop.Linux;
using Interop.Runtime.Oci.Hooks;
using Interop.Runtime.Spawning;
using Interop.Runtime.Text;

namespace Interop.Runtime.Init
{
    /// <summary>
    /// The process of a sandbox whose plan has a <see cref="SandboxPlan.StartFifo"/>: nsbox started as
    /// <c>nsbox __nsbox-wait PATH ARGV0 ARGS...</c> by the spawner's child, set up (namespaces, root,
    /// mounts, capabilities: everything but the exec). It opens the FIFO for writing, which blocks
    /// until a reader opens it (<c>nsbox start</c>), writes one byte, and executes the command in
    /// its own place: same pid (PID 1 in a new PID namespace), same environment and descriptors. It
    /// exists because the spawner's child cannot wait itself: with CLONE_VFORK its parent stays
    /// suspended until it executes, and the parent must return (runc's "runc init" waits the same way
    /// on its exec.fifo). It reports a missing command on the spawner's error pipe (<see cref="InitProcess.ReportFd"/>)
    /// and closes it before it waits. It receives the FIFO as an O_PATH descriptor, <see cref="FifoFd"/>, and
    /// reopens it through /proc/self/fd as runc does: the FIFO's path is on the host, outside the root.
    /// </summary>
    internal static unsafe class StartWaiter
    {
        /// <summary>argv[1] that selects the waiter. Not an option users type: an internal protocol.</summary>
        public const string Verb = "__nsbox-wait";

        /// <summary>The descriptor the waiter gets the FIFO on, after the report pipe (<see cref="InitProcess.ReportFd"/>), below <see cref="PrivateDescriptor.Lowest"/>.</summary>
        public const int FifoFd = InitProcess.ReportFd + 1;

        // The signals whose default action ends a process (SIGKILL needs no handler).
        private static readonly int[] s_ending = [Native.SIGHUP, Native.SIGINT, Native.SIGQUIT, Native.SIGTERM, Native.SIGUSR1, Native.SIGUSR2, Native.SIGALRM];

        // Kept alive while the process waits: a collected registration is unregistered.
        private static readonly List<PosixSignalRegistration> s_registrations = [];

        /// <summary>Waits, then executes the command; returns only when that failed (127 not found, 126 cannot execute, 125 no FIFO).</summary>
        public static int Run()
        {
            string[] args = ProcessArguments.Get();
            if (args.Length < 3 || args[0] != Verb)
            {
                return ExitCodes.NsboxError;
            }

            // As runc checks before it waits: a command missing in the root fails the start (the
            // spawner reads this on its error pipe, in the child's form), not the later start.
            using (var check = new NativeArena())
            {
                if (Native.access(check.Bytes(args[1]), Native.F_OK) == -1)
                {
                    return Report(ChildStep.Exec, (Errno)Marshal.GetLastSystemError(), ExitCodes.NotFound);
                }
            }

            // PID 1 of a new PID namespace drops signals it has no handler for: without these, `nsbox
            // kill ID` of a created container would do nothing, where runc's waiting init ends.
            // Ended while waiting, the process exits 128+N, what a shell reports for signal N.
            foreach (int signal in s_ending)
            {
                s_registrations.Add(PosixSignalRegistration.Create((PosixSignal)signal, context => Environment.Exit(ExitCodes.SignalBase + (int)context.Signal)));
            }

            // EOF on the spawner's pipe: the process waits, and nsbox create returns.
            Native.close(InitProcess.ReportFd);

            int fifo;
            fixed (byte* path = "/proc/self/fd/4"u8)
            {
                // Blocks until the FIFO is opened for reading: this is the wait.
                do
                {
                    fifo = Native.open(path, Native.O_WRONLY | Native.O_CLOEXEC, 0);
                }
                while (fifo == -1 && Marshal.GetLastSystemError() == (int)Errno.EINTR);
            }

            if (fifo == -1)
            {
                return Fail("open the start fifo /proc/self/fd/4", (Errno)Marshal.GetLastSystemError(), ExitCodes.NsboxError, "the container needs /proc mounted");
            }

            // startContainer hooks: in the container, after start, before the command (runc's init
            // runs them here too). Before the byte, so that `nsbox start` waits for them and fails
            // with the hook's error, which it reads from the FIFO instead of the byte.
            if (RunStartContainerHooks() is { } failed)
            {
                byte[] report = FileSystemEncoding.ToNulTerminated(failed.ToReport());
                fixed (byte* text = report)
                {
                    Native.write(fifo, text, (nuint)(report.Length - 1));
                }

                return ExitCodes.NsboxError;
            }

            byte started = (byte)'0';
            Native.write(fifo, &started, 1);
            Native.close(fifo);
            Native.close(FifoFd);

            // The .NET runtime ignores SIGPIPE for itself; the command starts with it at its default (docs/design.md).
            SigAction defaults = default;
            defaults.handler = (void*)Native.SIG_DFL;
            Native.sigaction(Native.SIGPIPE, &defaults, null);

            using var arena = new NativeArena();
            byte* program = arena.Bytes(args[1]);
            byte** argv = arena.BytesArray(args[2..]);
            byte** envp = arena.BytesArray(ProcessEnvironment.Entries());
            Native.execve(program, argv, envp);
            Errno errno = (Errno)Marshal.GetLastSystemError();
            return Fail("exec " + args[1], errno, errno == Errno.ENOENT ? ExitCodes.NotFound : ExitCodes.CannotExecute, null);
        }

        /// <summary>Runs the hooks <c>nsbox create</c> handed on (<see cref="StartContainerHooks"/>); the failure, or null.</summary>
        private static OciHookException? RunStartContainerHooks()
        {
            if (StartContainerHooks.Take() is not { Hooks.Length: > 0 } start)
            {
                return null;
            }

            OciState state = start.State;
            try
            {
                OciHookRunner.Run("startContainer", start.Hooks, new OciState
                {
                    OciVersion = state.OciVersion, Id = state.Id, Status = OciState.Created, Pid = Environment.ProcessId, Bundle = state.Bundle, Annotations = state.Annotations,
                });
                return null;
            }
            catch (OciHookException e)
            {
                return e;
            }
        }

        /// <summary>A failure before the wait, to the spawner, as the child reports one.</summary>
        private static int Report(ChildStep step, Errno errno, int status)
        {
            ChildReport report;
            report.Step = (int)step;
            report.Errno = (int)errno;
            report.Index = -1;
            report.IsWarning = 0;
            Native.write(InitProcess.ReportFd, (byte*)&report, (nuint)sizeof(ChildReport));
            Native.close(InitProcess.ReportFd);
            return status;
        }

        /// <summary>One line on stderr, as nsbox writes every error; the status says what happened if stderr is closed.</summary>
        private static int Fail(string what, Errno errno, int status, string? hint)
        {
            byte[] line = FileSystemEncoding.ToNulTerminated("nsbox: " + ErrnoException.Format(what, errno) + (hint is null ? "" : ": " + hint) + "\n");
            fixed (byte* text = line)
            {
                Native.write(2, text, (nuint)(line.Length - 1));
            }

            return status;
        }
    }
}
