using System;
using System.Collections.Generic;
using Interop.Linux;
using Interop.Runtime.Signals;
using Interop.Runtime.Spawning;

namespace Interop.Runtime
{
    /// <summary>
    /// Passes the signals this process receives on to the sandbox it waits for, as docker's signal
    /// proxy does, so that <c>kill -TERM</c> of the supervisor reaches the command's own handler and
    /// the supervisor then exits with the command's status. Only SIGKILL of the supervisor (which
    /// cannot be caught) takes the sandbox down, through the parent-death signal.
    ///
    /// <see cref="Begin"/> blocks <see cref="Signals"/> in every thread and opens a signalfd for
    /// them; call it first thing in Main, before anything starts a thread (a NativeAOT program;
    /// under the JIT other runtime threads may already run and would still take them). Then
    /// <see cref="ChildProcess.WaitForExit(SignalProxy)"/> waits for the child and forwards each
    /// signal through its pidfd. The command still starts with the mask this process inherited: the
    /// spawner leaves out what the proxy blocked (<see cref="MaskToInherit"/>).
    ///
    /// A signal the terminal sent to its whole foreground process group (Ctrl-C, Ctrl-\, a window
    /// change, hang-up: the kernel is the sender, SI_KERNEL) is not forwarded while the child is in
    /// our process group: it has had its own copy, and a second one would run its handler twice.
    /// </summary>
    public sealed unsafe class SignalProxy : IDisposable
    {
        // What Begin blocked that was not blocked before: the spawner unblocks these at exec. Static,
        // because a signal mask blocked in every thread is a property of the whole process.
        private static SigSet s_addedToMask;

        private readonly FileDescriptor _signal;
        private readonly int _signalFd;

        private SignalProxy(FileDescriptor signalFd)
        {
            _signal = signalFd;
            _signalFd = signalFd.Value;
        }

        /// <summary>The signals passed on: HUP INT QUIT USR1 USR2 TERM WINCH, and CONT (sent when a stopped supervisor is continued).</summary>
        public static IReadOnlyList<int> Signals { get; } =
            [Native.SIGHUP, Native.SIGINT, Native.SIGQUIT, Native.SIGUSR1, Native.SIGUSR2, Native.SIGTERM, Native.SIGWINCH, Native.SIGCONT];

        /// <summary>
        /// Blocks <see cref="Signals"/> in every thread and starts collecting them; those this process
        /// inherited blocked or ignored are left alone (not collected, not forwarded), as without the proxy.
        /// They stay blocked for the rest of the process's life, also after <see cref="Dispose"/>:
        /// unblocking them would deliver one that arrived after the child exited with its default
        /// action (death) instead of letting this process exit with the child's status.
        /// </summary>
        /// <exception cref="ErrnoException">signalfd failed (EMFILE, ENOMEM).</exception>
        public static SignalProxy Begin()
        {
            // Only what would otherwise have reached this process: a signal the parent left blocked
            // for us stays blocked and pending, one it made us ignore stays ignored (the command
            // inherits both the same way), untouched, as without the proxy. Before any handler of
            // ours exists, so SIG_IGN here is the parent's (the runtime ignores only SIGPIPE).
            SigSet inherited;
            Native.pthread_sigmask(Native.SIG_BLOCK, null, &inherited);
            SigSet proxied;
            Native.sigemptyset(&proxied);
            foreach (int signal in Signals)
            {
                SigAction action;
                bool ignored = Native.sigaction(signal, null, &action) == 0 && (nint)action.handler == Native.SIG_IGN;
                if (Native.sigismember(&inherited, signal) == 0 && !ignored)
                {
                    Native.sigaddset(&proxied, signal);
                }
            }

            EveryThreadSignalBlock.Block(&proxied, null);
            s_addedToMask = proxied;
            FileDescriptor fd = PrivateDescriptor.MoveUp(Sys.Signalfd(-1, &proxied, Native.SFD_CLOEXEC | Native.SFD_NONBLOCK));
            return new SignalProxy(fd);
        }

        /// <summary>
        /// As <see cref="Begin"/>, for a program that blocked the signals itself while it was still
        /// the only thread, before the runtime started any (nsbox does, in a constructor that runs
        /// before <c>main</c>: cli/Native/inherited_signals.c): every thread the runtime starts
        /// inherits that block, so none has to be reached after the fact and no collection is
        /// forced (<see cref="Begin"/> needs one to run code on the finalizer thread).
        /// <paramref name="blockedEarly"/> holds what it blocked, bit N-1 for signal N: those of
        /// <see cref="Signals"/> it found neither blocked nor ignored.
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="blockedEarly"/> holds a signal that is not one of <see cref="Signals"/>.</exception>
        /// <exception cref="ErrnoException">signalfd failed (EMFILE, ENOMEM).</exception>
        public static SignalProxy BeginBlockedEarly(ulong blockedEarly)
        {
            if ((blockedEarly & ~SignalBits) != 0)
            {
                throw new ArgumentException("only the proxy's own signals can have been blocked for it", nameof(blockedEarly));
            }

            SigSet proxied = ToSet(blockedEarly);
            s_addedToMask = proxied;
            FileDescriptor fd = PrivateDescriptor.MoveUp(Sys.Signalfd(-1, &proxied, Native.SFD_CLOEXEC | Native.SFD_NONBLOCK));
            return new SignalProxy(fd);
        }

        /// <summary>
        /// For a program that blocked the signals early (<see cref="BeginBlockedEarly"/>) but will not
        /// pass them on after all: unblocks <paramref name="blockedEarly"/> in the calling thread, so
        /// they act as they would have. Threads started meanwhile keep them blocked, which changes
        /// nothing: the kernel hands a process's signal to a thread that does not block it.
        /// </summary>
        public static void ReleaseBlockedEarly(ulong blockedEarly)
        {
            SigSet set = ToSet(blockedEarly);
            Native.pthread_sigmask(Native.SIG_UNBLOCK, &set, null);
        }

        /// <summary>A set of signals from bit N-1 for signal N.</summary>
        private static SigSet ToSet(ulong bits)
        {
            SigSet set;
            Native.sigemptyset(&set);
            for (int signal = 1; signal <= 64; signal++)
            {
                if ((bits & (1UL << (signal - 1))) != 0)
                {
                    Native.sigaddset(&set, signal);
                }
            }

            return set;
        }

        /// <summary>The signals of <see cref="Signals"/> as a bit set, bit N-1 for signal N.</summary>
        public static ulong SignalBits
        {
            get
            {
                ulong bits = 0;
                foreach (int signal in Signals)
                {
                    bits |= 1UL << (signal - 1);
                }

                return bits;
            }
        }

        /// <summary>The signalfd: readable when a signal is waiting.</summary>
        internal int Fd => _signalFd;

        /// <summary>The mask a command should start with: <paramref name="current"/> without what the proxy blocked.</summary>
        internal static SigSet MaskToInherit(SigSet current)
        {
            SigSet added = s_addedToMask;
            for (int signal = 1; signal < Native.NSIG; signal++)
            {
                if (Native.sigismember(&added, signal) == 1)
                {
                    Native.sigdelset(&current, signal);
                }
            }

            return current;
        }

        /// <summary>
        /// For the moment before the child starts: reads every waiting signal and returns the first
        /// whose default action would have ended this process (all but SIGWINCH and SIGCONT), or
        /// null. Nothing exists yet to receive it, and a terminal's Ctrl-C typed now would
        /// otherwise be taken later for the copy the child had.
        /// </summary>
        public int? TakeEndingSignal()
        {
            int? ending = null;
            SignalfdSiginfo info;
            while (Native.read(_signalFd, (byte*)&info, (nuint)sizeof(SignalfdSiginfo)) == sizeof(SignalfdSiginfo))
            {
                int signal = (int)info.signo;
                if (ending is null && signal != Native.SIGWINCH && signal != Native.SIGCONT)
                {
                    ending = signal;
                }
            }

            return ending;
        }

        /// <summary>Reads every waiting signal and sends each to <paramref name="child"/>, except the terminal's group signals it already had.</summary>
        internal void ForwardWaiting(ChildProcess child)
        {
            SignalfdSiginfo info;
            while (Native.read(_signalFd, (byte*)&info, (nuint)sizeof(SignalfdSiginfo)) == sizeof(SignalfdSiginfo))
            {
                if (!ReachedChildAlready(info, child.Pid))
                {
                    child.Signal((int)info.signo);
                }
            }
        }

        /// <summary>
        /// True for a signal the kernel sent to our whole process group (the terminal's Ctrl-C, Ctrl-\,
        /// SIGWINCH, SIGHUP go to its foreground group) while <paramref name="pid"/> is in that group too.
        /// </summary>
        internal static bool ReachedChildAlready(in SignalfdSiginfo info, int pid)
        {
            if (info.code != Native.SI_KERNEL)
            {
                return false;
            }

            int group = Native.getpgid(pid);
            return group != -1 && group == Native.getpgid(0);
        }

        /// <summary>Closes the signalfd. The signals stay blocked (see <see cref="Begin"/>).</summary>
        public void Dispose() => _signal.Dispose();
    }
}
