using System;
using System.Runtime.InteropServices;
using Interop.Linux;
using Interop.Runtime.Spawning;

namespace Interop.Runtime.Init
{
    /// <summary>
    /// PID 1 of a sandbox with its own PID namespace: nsbox started as
    /// <c>nsbox __nsbox-init BLOCKED ENVC PATH ARGV0 ARGS...</c> by the spawner's child (BLOCKED: see
    /// <see cref="BlockedArgument"/>; ENVC: how many entries its environment holds, the command's,
    /// which it passes on as the kernel laid them out, see <see cref="ReceivedEnvironment"/>). It starts the command with the same VFORK technique, forwards
    /// the signals of <see cref="SignalProxy.Signals"/> to it (not the terminal's own while the
    /// command shares our process group: it has its own copy), reaps every orphan that the namespace
    /// hands it, and exits with the command's status (128+N when a signal N killed it: PID 1 cannot
    /// re-raise a signal on itself). When it exits the kernel kills what is left in the namespace.
    ///
    /// Its signals arrive on a signalfd: they are blocked from its first instruction (the spawner's
    /// child execs it that way), because PID 1 otherwise drops every signal it has no handler for.
    /// It reports failures to start the command on fd <see cref="ReportFd"/>, the spawner's error
    /// pipe, in the same (step, errno) form as the child, and closes it once the command runs.
    /// </summary>
    internal static unsafe class InitProcess
    {
        /// <summary>argv[1] that selects the init mode. Not an option users type: an internal protocol.</summary>
        public const string Verb = "__nsbox-init";

        /// <summary>argv[1] of the holder that keeps a new user namespace while its maps are written (see UserMaps).</summary>
        public const string HoldVerb = "__nsbox-hold";

        /// <summary>The fd on which the init receives the spawner's error pipe.</summary>
        public const int ReportFd = 3;

        /// <summary>The signals the init reads: the forwarded ones and SIGCHLD.</summary>
        public static readonly int[] Signals = [.. SignalProxy.Signals, Native.SIGCHLD];

        /// <summary>Runs the init; <paramref name="args"/> is nsbox's argv after the program name.</summary>
        /// <returns>The command's exit status, 128+N for death by signal N, or 127/126/125 when it could not start.</returns>
        public static int Run(string[] args)
        {
            // The command's path and arguments as bytes: Main's args lost what is not UTF-8.
            args = ProcessArguments.Get();
            if (args.Length < 5 || args[0] != Verb || !TryParseBlocked(args[1], out ulong inheritedBlocked)
                || !int.TryParse(args[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int environmentCount))
            {
                return ExitCodes.NsboxError;
            }

            SigSet signals;
            Native.sigemptyset(&signals);
            foreach (int signal in Signals)
            {
                Native.sigaddset(&signals, signal);
            }

            Native.pthread_sigmask(Native.SIG_BLOCK, &signals, null);
            int signalFd = PrivateDescriptor.MoveUp(Native.signalfd(-1, &signals, Native.SFD_CLOEXEC));
            if (signalFd == -1)
            {
                return Report(ChildStep.InitSetup, (Errno)Marshal.GetLastSystemError(), ExitCodes.NsboxError);
            }

            ChildProcess command;
            byte** environment = ReceivedEnvironment(environmentCount);
            try
            {
                command = Spawner.Spawn(new SandboxPlan
                {
                    FileName = args[4],
                    ExecutablePath = args[3],
                    Arguments = args[5..],
                    // The command starts with the mask nsbox inherited: unblock only what was blocked for us.
                    UnblockAtExec = Array.FindAll(Signals, signal => (inheritedBlocked & Bit(signal)) == 0),
                    ParentDeathSignal = Native.SIGKILL,
                }, environment);
            }
            catch (SpawnException e)
            {
                return Report(e.Step == ChildStep.None ? ChildStep.InitSetup : e.Step, e.Errno, e.IsCommandNotFound ? ExitCodes.NotFound : e.IsCannotExecute ? ExitCodes.CannotExecute : ExitCodes.NsboxError);
            }
            finally
            {
                NativeMemory.Free(environment);
            }

            // EOF on the spawner's pipe: the command runs.
            Native.close(ReportFd);
            using (command)
            {
                return Supervise(signalFd, command.Pid);
            }
        }

        /// <summary>
        /// The init's BLOCKED argument: which of <see cref="Signals"/> were blocked in the mask the
        /// command should start with (the one nsbox inherited), as a hexadecimal bit mask, bit N-1 for
        /// signal N. The init has all of them blocked from its first instruction, so without this it
        /// could not tell which to leave blocked for the command.
        /// </summary>
        internal static string BlockedArgument(SigSet* commandMask)
        {
            ulong blocked = 0;
            foreach (int signal in Signals)
            {
                if (Native.sigismember(commandMask, signal) == 1)
                {
                    blocked |= Bit(signal);
                }
            }

            return blocked.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// The init's environment is the command's, exactly: the spawner executed it with that
        /// envp. Rather than decode it into .NET's environment and encode it again (callgrind: 0.19 M
        /// of the init's 1.86 M instructions, docs/design.md), the init hands the command the
        /// strings the kernel laid on its initial stack: the last <paramref name="count"/>
        /// NUL-terminated strings before the executed file's name (AT_EXECFN), in order (the layout
        /// <see cref="Text.InitialStack"/> reads too). Null when they cannot be found: the plan's
        /// default, this process's environment as .NET holds it, is the same list.
        /// </summary>
        private static byte** ReceivedEnvironment(int count)
        {
            const long Limit = 64 * 1024 * 1024;
            byte* execFn = (byte*)Native.getauxval(Native.AT_EXECFN);
            if (execFn == null)
            {
                return null;
            }

            // Walk back one string at a time: past the NUL that ends it, then to its first byte.
            byte* start = execFn;
            for (int i = 0; i < count; i++)
            {
                if (execFn - --start > Limit)
                {
                    return null;
                }

                while (start[-1] != 0)
                {
                    start--;
                    if (execFn - start > Limit)
                    {
                        return null;
                    }
                }
            }

            byte** envp = (byte**)NativeMemory.Alloc((nuint)(count + 1), (nuint)sizeof(byte*));
            byte* entry = start;
            for (int i = 0; i < count; i++)
            {
                envp[i] = entry;
                entry += new ReadOnlySpan<byte>(entry, (int)(execFn - entry)).IndexOf((byte)0) + 1;
            }

            envp[count] = null;
            return envp;
        }

        private static bool TryParseBlocked(string argument, out ulong blocked) =>
            ulong.TryParse(argument, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out blocked);

        private static ulong Bit(int signal) => 1ul << (signal - 1);

        /// <summary>The holder: does nothing until it is killed.</summary>
        public static int Hold()
        {
            System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);
            return 0;
        }

        /// <summary>Forwards signals and reaps children until the command has exited; returns its status.</summary>
        private static int Supervise(int signalFd, int commandPid)
        {
            SignalfdSiginfo info;
            while (true)
            {
                nint n = Native.read(signalFd, (byte*)&info, (nuint)sizeof(SignalfdSiginfo));
                if (n != sizeof(SignalfdSiginfo))
                {
                    if (n == -1 && Marshal.GetLastSystemError() == (int)Errno.EINTR)
                    {
                        continue;
                    }

                    // The signalfd broke: nothing can be supervised any more; take the sandbox down.
                    Native.kill(commandPid, Native.SIGKILL);
                    return ExitCodes.NsboxError;
                }

                int signal = (int)info.signo;
                if (signal != Native.SIGCHLD)
                {
                    // The terminal's own signals reached the command already when it shares our group.
                    if (!SignalProxy.ReachedChildAlready(info, commandPid))
                    {
                        Native.kill(commandPid, signal);
                    }

                    continue;
                }

                // One SIGCHLD may stand for several exits: reap until nothing is left to reap.
                int status;
                int pid;
                while ((pid = Native.waitpid(-1, &status, Native.WNOHANG)) > 0)
                {
                    if (pid == commandPid)
                    {
                        ReapRemaining();
                        return ExitStatus.FromWaitStatus(status).ToShellStatus();
                    }
                }
            }
        }

        /// <summary>Reaps what has already exited; the kernel kills the rest when PID 1 exits.</summary>
        private static void ReapRemaining()
        {
            int status;
            while (Native.waitpid(-1, &status, Native.WNOHANG) > 0)
            {
            }
        }

        /// <summary>Tells the spawner why the command did not start, and returns the init's exit status.</summary>
        private static int Report(ChildStep step, Errno errno, int status)
        {
            ChildReport report;
            report.Step = (int)step;
            report.Errno = (int)errno;
            report.Index = -1;
            report.IsWarning = 0;
            Native.write(ReportFd, (byte*)&report, (nuint)sizeof(ChildReport));
            Native.close(ReportFd);
            return status;
        }
    }
}
