using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    internal static unsafe partial class ChildEntry
    {
        /// <summary>
        /// Loads the filter the parent compiled. Every call after this one runs under it, so this
        /// comes as late as the rules allow (PlanLowering.LowerSeccomp). A filter that notifies
        /// returns its listener, which goes to the parent over Fd and is closed here: the command
        /// must not hold the descriptor that answers for its own calls.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool LoadSeccomp(ChildPlan* plan, ChildOperation* op, int index)
        {
            ChildSeccomp* seccomp = (ChildSeccomp*)op->Data;
            int listener = Native.InChild.seccomp(Native.SECCOMP_SET_MODE_FILTER, (uint)op->Flags, &seccomp->Program);
            if (listener == -1)
            {
                return false;
            }

            if (op->Fd >= 0)
            {
                Check(plan, DescriptorMessage.Send(&seccomp->Listener, op->Fd, listener), ChildStep.SendSeccompListener, index);
                Native.InChild.close(listener);
            }

            return true;
        }
    }
}
