using System;
using System.Runtime.CompilerServices;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// Where the cloned child runs: on the spawning thread's own stack, below the frame that calls
    /// clone, exactly as a vfork(2) child does. With CLONE_VM|CLONE_VFORK the parent thread is
    /// suspended (with every signal blocked) until the child has exec'd or exited, so nothing else
    /// uses that memory meanwhile.
    ///
    /// Why not a separate mmap'd stack with a guard page: measured on this machine, under the JIT a
    /// child on a mapping above the parent's stack pointer crashed the parent in 4 runs of 4 (2000
    /// spawns, GC pressure; heap corruption seen as a SIGSEGV in an allocating thread). A child that
    /// returns from any native call reaches a GC poll; the runtime then walks the thread's frames,
    /// ordering them by address, and a child frame that sits above the parent's frames makes it
    /// skip the parent's roots. Below the parent's stack pointer the child's frames look like any
    /// nested call: 0 crashes and 0 hangs in the same runs, under the JIT and NativeAOT.
    ///
    /// The thread's own guard page still bounds the child: the spawn refuses to start when less than
    /// the runtime's sufficient-stack margin (128 KiB on 64-bit) is left, far more than the child uses.
    /// </summary>
    internal static unsafe class ChildStack
    {
        /// <summary>
        /// Room left between the parent's deepest frame (the clone wrapper and the P/Invoke stub below
        /// the caller) and the top of the child's stack.
        /// </summary>
        private const int Gap = 16 * 1024;

        /// <summary>
        /// The stack size clone3 is given (it takes the lowest address and a size, and starts the child
        /// at their sum, the top from <see cref="TopBelow"/>): what the child may use below that top,
        /// well within what <see cref="TopBelow"/>'s check leaves. The kernel only checks the range.
        /// </summary>
        public const ulong Clone3Size = 64 * 1024;

        /// <summary>The child's stack top: 16-byte aligned, <see cref="Gap"/> bytes below <paramref name="callerFrame"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void* TopBelow(void* callerFrame)
        {
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                throw new InsufficientExecutionStackException("Too little stack is left on this thread to start a child; spawn from a shallower call.");
            }

            return TopBelowUnchecked(callerFrame);
        }

        /// <summary>The same, without the check (which the child may not call): for the grandchild of a PID-namespace join.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void* TopBelowUnchecked(void* callerFrame) => (void*)(((nuint)callerFrame - Gap) & ~(nuint)15);
    }
}
