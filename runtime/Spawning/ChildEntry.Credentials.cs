using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// The user and the five capability sets, last of the setup, in runc's order
    /// (<see cref="PlanLowering"/> lays the operations out). Same rules as the rest of the child:
    /// no allocation, only Native.InChild, over values the parent prepared.
    /// </summary>
    internal static unsafe partial class ChildEntry
    {
        /// <summary>
        /// Every capability outside <paramref name="keep"/> leaves the bounding set, up to bit 63:
        /// a capability this kernel does not have answers EINVAL and has nothing to drop.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool DropBoundingSet(ulong keep)
        {
            for (int cap = 0; cap < 64; cap++)
            {
                if ((keep & (1UL << cap)) == 0 && Native.InChild.prctl(Native.PR_CAPBSET_DROP, (ulong)cap, 0, 0, 0) == -1 && LastError() != (int)Errno.EINVAL)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// capset of the effective, permitted and inheritable sets (the kernel refuses, EPERM, an
        /// effective capability not permitted, a permitted one not held, an inheritable one outside
        /// the bounding set), then the ambient set emptied and raised. A capability that is not
        /// both permitted and inheritable cannot be ambient (EPERM) and is left out, as runc
        /// leaves it out (measured: runc 1.1.5 starts the container with it missing from CapAmb).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool SetCapabilitySets(ulong* sets)
        {
            CapUserHeader header;
            header.version = Native.LINUX_CAPABILITY_VERSION_3;
            header.pid = 0;
            CapUserData* data = stackalloc CapUserData[2];
            for (int i = 0; i < 2; i++)
            {
                data[i].effective = (uint)(sets[0] >> (32 * i));
                data[i].permitted = (uint)(sets[1] >> (32 * i));
                data[i].inheritable = (uint)(sets[2] >> (32 * i));
            }

            if (Native.InChild.capset(&header, data) != 0)
            {
                return false;
            }

            // EINVAL before Linux 4.3, which has no ambient set: then there is nothing to clear.
            Native.InChild.prctl(Native.PR_CAP_AMBIENT, Native.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
            for (int cap = 0; cap < 64; cap++)
            {
                if ((sets[3] & (1UL << cap)) != 0)
                {
                    Native.InChild.prctl(Native.PR_CAP_AMBIENT, Native.PR_CAP_AMBIENT_RAISE, (ulong)cap, 0, 0);
                }
            }

            return true;
        }

        /// <summary>
        /// chdir. With a user to become (Argument 1), a refusal (EACCES, EPERM) is not yet an error:
        /// the directory may be one only that user may enter, and the try after the change
        /// (Argument 2+N, N the index of the first try) goes there then; the first try marks itself
        /// deferred in its Fd. Otherwise the try after the change has nothing to do.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool ChangeDirectory(ChildPlan* plan, ChildOperation* op)
        {
            if (op->Argument >= 2 && plan->Operations[op->Argument - 2].Fd != 1)
            {
                return true;
            }

            if (Native.InChild.chdir(op->Path) == 0)
            {
                return true;
            }

            if (op->Argument == 1 && LastError() is (int)Errno.EACCES or (int)Errno.EPERM)
            {
                op->Fd = 1;
                return true;
            }

            return false;
        }
    }
}
