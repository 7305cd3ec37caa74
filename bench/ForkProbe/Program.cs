using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace ForkProbe
{
    /// <summary>
    /// Clones a fork-like child (raw clone(2) with SIGCHLD only: a copy-on-write copy of this process)
    /// from a thread in cooperative mode (the call is [SuppressGCTransition]), with every signal
    /// blocked, as an in-place PID 1 would be cloned. The child makes CHILD_CALLS more
    /// [SuppressGCTransition] syscalls and exits; the parent waits up to a second on its pidfd and
    /// counts a child that did not exit by then as hung (and kills it). THREADS background threads
    /// allocate meanwhile; LIVE_MIB keeps that much of the heap alive (the copy's page tables grow with it).
    /// With DETECT 1 the parent also compares GC.CollectionCount(0) and GC.GetTotalPauseDuration()
    /// from before the clone with their values after it: a suspension pending when the child was
    /// copied is one the parent's own first poll after clone must wait out, so a change marks the
    /// child as suspect (counted apart, killed) and only the others are counted as hung or not.
    /// Usage: ForkProbe ROUNDS CHILD_CALLS THREADS [LIVE_MIB [DETECT]]
    /// </summary>
    internal static unsafe class Program
    {
        private const int SysClone = 56, SysExitGroup = 231, SysGetpid = 39, SysPidfdOpen = 434, SysKill = 62, SysWait4 = 61, SysClose = 3;
        private const int Sigchld = 17, Sigkill = 9, SigBlock = 0, SigSetmask = 2, Pollin = 1;

        private static volatile bool s_stop;

        [SuppressGCTransition]
        [DllImport("libc", EntryPoint = "syscall")]
        private static extern nint SyscallInChild(nint number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);

        [DllImport("libc", EntryPoint = "syscall")]
        private static extern nint Syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);

        [DllImport("libc", EntryPoint = "pthread_sigmask")]
        private static extern int PthreadSigmask(int how, ulong* set, ulong* old);

        [DllImport("libc", EntryPoint = "poll")]
        private static extern int Poll(PollFd* fds, nuint count, int timeout);

        [StructLayout(LayoutKind.Sequential)]
        private struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        /// <summary>The parent gets the child's pid; the child never returns from here.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int CloneChild(int childCalls)
        {
            nint pid = SyscallInChild(SysClone, Sigchld, 0, 0, 0, 0, 0);
            if (pid == 0)
            {
                for (int i = 0; i < childCalls; i++)
                {
                    SyscallInChild(SysGetpid, 0, 0, 0, 0, 0, 0);
                }

                SyscallInChild(SysExitGroup, 0, 0, 0, 0, 0, 0);
            }

            return (int)pid;
        }

        private static int Main(string[] args)
        {
            if (args.Length < 3)
            {
                Console.Error.WriteLine("usage: ForkProbe ROUNDS CHILD_CALLS THREADS [LIVE_MIB]");
                return 2;
            }

            int rounds = int.Parse(args[0], CultureInfo.InvariantCulture);
            int childCalls = int.Parse(args[1], CultureInfo.InvariantCulture);
            int threads = int.Parse(args[2], CultureInfo.InvariantCulture);
            int liveMib = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
            bool detect = args.Length > 4 && args[4] == "1";

            var live = new List<byte[]>();
            for (int i = 0; i < liveMib; i++)
            {
                live.Add(new byte[1 << 20]);
            }

            for (int t = 0; t < threads; t++)
            {
                var thread = new Thread(Allocate) { IsBackground = true };
                thread.Start();
            }

            int hangs = 0;
            int suspect = 0;
            int suspectHung = 0;
            ulong all = ulong.MaxValue;
            ulong old;
            var clock = Stopwatch.StartNew();
            for (int round = 0; round < rounds; round++)
            {
                int collections = GC.CollectionCount(0);
                TimeSpan paused = GC.GetTotalPauseDuration();
                PthreadSigmask(SigBlock, &all, &old);
                int pid = CloneChild(childCalls);
                PthreadSigmask(SigSetmask, &old, null);
                bool changed = detect && (GC.CollectionCount(0) != collections || GC.GetTotalPauseDuration() != paused);
                if (pid < 0)
                {
                    Console.Error.WriteLine("clone failed");
                    return 1;
                }

                PollFd fd;
                fd.Fd = (int)Syscall(SysPidfdOpen, pid, 0, 0, 0, 0, 0);
                fd.Events = Pollin;
                fd.Revents = 0;
                if (changed)
                {
                    suspect++;
                    if (Poll(&fd, 1, 1000) == 0)
                    {
                        suspectHung++;
                    }

                    Syscall(SysKill, pid, Sigkill, 0, 0, 0, 0);
                }
                else if (Poll(&fd, 1, 1000) == 0)
                {
                    hangs++;
                    string wchan = System.IO.File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/wchan");
                    Console.WriteLine("child " + pid.ToString(CultureInfo.InvariantCulture) + " hung in " + wchan);
                    Syscall(SysKill, pid, Sigkill, 0, 0, 0, 0);
                }

                int status;
                Syscall(SysWait4, pid, (nint)(&status), 0, 0, 0, 0);
                Syscall(SysClose, fd.Fd, 0, 0, 0, 0, 0);
            }

            double perRound = clock.Elapsed.TotalMilliseconds / rounds;
            s_stop = true;
            GC.KeepAlive(live);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rounds={rounds} child_calls={childCalls} threads={threads} live_mib={liveMib} hung={hangs} suspect={suspect} suspect_hung={suspectHung} ms_per_round={perRound:F3} gen0_collections={GC.CollectionCount(0)} gen2_collections={GC.CollectionCount(2)}"));
            return 0;
        }

        private static void Allocate()
        {
            // Mostly short-lived small objects (gen0 collections), and a ring of large ones that
            // lives long enough to be promoted, so gen2 (background) collections run as well.
            object? last = null;
            object[] ring = new object[64];
            for (long i = 0; !s_stop; i++)
            {
                last = new byte[256];
                if ((i & 1023) == 0)
                {
                    ring[(i >> 10) & 63] = new byte[100_000];
                }
            }

            GC.KeepAlive(last);
            GC.KeepAlive(ring);
        }
    }
}
