using System;
using System.Runtime.InteropServices;

namespace Nsbox
{
    /// <summary>
    /// The dispositions nsbox's parent left, as far as the .NET runtime changed them before
    /// <c>Main</c>: only SIGPIPE (the runtime ignores it for itself). Native/inherited_signals.c
    /// reads it in a constructor, before the runtime starts.
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

        [DllImport("nsboxstart")]
        private static extern int nsbox_inherited_sigpipe_ignored();
    }
}
