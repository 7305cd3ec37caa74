using System;
using System.Runtime.InteropServices;

namespace Nsbox
{
    /// <summary>
    /// The dispositions nsbox's parent left, as far as the .NET runtime changed them before
    /// <c>Main</c>: only SIGPIPE (the runtime ignores it for itself). Native/inherited_signals.c
    /// reads it in a constructor, before the runtime starts, and blocks the signals run and exec
    /// pass on to the sandbox while nsbox is still one thread.
    /// </summary>
    internal static class InheritedSignals
    {
        /// <summary>True when nsbox was executed with SIGPIPE ignored (as from <c>trap '' PIPE</c>).</summary>
        public static bool SigpipeIgnored
        {
            get
            {
                try
                {
                    return nsbox_inherited_sigpipe_ignored() != 0;
                }
                catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
                {
                    // Under the JIT (dotnet run): no constructor ran; the runtime's default (reset) holds.
                    return false;
                }
            }
        }

        /// <summary>What to tell the runtime (<see cref="Interop.Runtime.SandboxBuilder.InheritedIgnoredSignals"/>): SIGPIPE when it was ignored, else nothing.</summary>
        public static int[] Ignored => SigpipeIgnored ? [Interop.Linux.Native.SIGPIPE] : [];

        /// <summary>
        /// The signals of <see cref="Interop.Runtime.SignalProxy.Signals"/> the constructor blocked
        /// before the runtime started a thread (bit N-1 for signal N), or null: under the JIT, when
        /// it could not, or when its list is not the proxy's (then the proxy blocks them itself).
        /// </summary>
        public static unsafe ulong? BlockedEarly
        {
            get
            {
                try
                {
                    ulong blocked, considered;
                    return nsbox_signals_blocked_early(&blocked, &considered) != 0 && considered == Interop.Runtime.SignalProxy.SignalBits ? blocked : null;
                }
                catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
                {
                    return null;
                }
            }
        }

        /// <summary>For a verb that passes no signal on: unblocks what the constructor blocked (<see cref="Interop.Runtime.SignalProxy.ReleaseBlockedEarly"/>). A signal that came meanwhile is delivered now.</summary>
        public static void ReleaseBlockedEarly()
        {
            if (BlockedEarly is { } blocked and not 0)
            {
                Interop.Runtime.SignalProxy.ReleaseBlockedEarly(blocked);
            }
        }

        [DllImport("nsboxstart")]
        private static extern int nsbox_inherited_sigpipe_ignored();

        [DllImport("nsboxstart")]
        private static extern unsafe int nsbox_signals_blocked_early(ulong* blocked, ulong* considered);
    }
}
