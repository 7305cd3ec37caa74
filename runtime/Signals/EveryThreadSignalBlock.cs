using System;
using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Signals
{
    /// <summary>
    /// Blocks signals in every thread of this process, so that they wait for a signalfd instead of
    /// taking their default action. Blocking them in the calling thread alone is not enough: the
    /// kernel hands a signal sent to the process to any one thread that does not block it, and a
    /// NativeAOT program already has a second thread, the finalizer, when Main starts (measured:
    /// /proc/self/task, docs/design.md "Signals and descriptors"). A thread started later inherits
    /// the mask of the thread that starts it (System.Console's signal thread, the GC's background
    /// thread), so it is enough to block them early in the main thread and in the finalizer thread;
    /// the only code that runs on the finalizer thread is a finalizer, so one is made to run.
    /// </summary>
    internal static unsafe class EveryThreadSignalBlock
    {
        // Read by the finalizer; written before it runs (GC.WaitForPendingFinalizers orders the two).
        private static SigSet s_signals;

        /// <summary>Blocks <paramref name="signals"/> in this thread and in the finalizer thread; <paramref name="previous"/>, unless null, receives this thread's mask from before.</summary>
        public static void Block(SigSet* signals, SigSet* previous)
        {
            Native.pthread_sigmask(Native.SIG_BLOCK, signals, previous);
            s_signals = *signals;
            AbandonFinalizerThreadBlocker();
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
        }

        // Not inlined: the object must be unreachable when the collection runs.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void AbandonFinalizerThreadBlocker() => _ = new FinalizerThreadBlocker();

        /// <summary>Its finalizer blocks the signals in the thread it runs on: the finalizer thread.</summary>
        private sealed class FinalizerThreadBlocker
        {
            ~FinalizerThreadBlocker()
            {
                SigSet signals = s_signals;
                Native.pthread_sigmask(Native.SIG_BLOCK, &signals, null);
            }
        }
    }
}
