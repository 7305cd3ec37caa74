using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    internal static unsafe partial class ChildEntry
    {
        /// <summary>
        /// Last of the setup (mounts and the rest need the capabilities): drop the unwanted ones from
        /// the bounding set, so no execve can regain them, and from the effective, permitted and
        /// inheritable sets; then, when asked to keep them, copy the permitted set into the
        /// inheritable and ambient sets, the only way a non-root user keeps capabilities across execve.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void AdjustCapabilities(ChildPlan* plan, ulong dropped, bool keep, int index)
        {

            for (int cap = 0; cap <= Native.CAP_LAST_CAP; cap++)
            {
                // EINVAL for a capability this kernel does not know: nothing to drop.
                if ((dropped & (1UL << cap)) != 0 && Native.InChild.prctl(Native.PR_CAPBSET_DROP, (ulong)cap, 0, 0, 0) == -1
                    && *Native.InChild.__errno_location() != (int)Errno.EINVAL)
                {
                    Fail(plan, ChildStep.DropCapabilities, index);
                }
            }

            CapUserHeader header;
            header.version = Native.LINUX_CAPABILITY_VERSION_3;
            header.pid = 0;
            CapUserData* data = stackalloc CapUserData[2];
            Check(plan, Native.InChild.capget(&header, data) == 0, ChildStep.DropCapabilities, index);
            ulong effective = data[0].effective | ((ulong)data[1].effective << 32);
            ulong permitted = data[0].permitted | ((ulong)data[1].permitted << 32);
            ulong inheritable = data[0].inheritable | ((ulong)data[1].inheritable << 32);
            effective &= ~dropped;
            permitted &= ~dropped;
            inheritable = keep ? permitted : inheritable & ~dropped;
            for (int i = 0; i < 2; i++)
            {
                data[i].effective = (uint)(effective >> (32 * i));
                data[i].permitted = (uint)(permitted >> (32 * i));
                data[i].inheritable = (uint)(inheritable >> (32 * i));
            }

            Check(plan, Native.InChild.capset(&header, data) == 0, ChildStep.DropCapabilities, index);
            if (!keep)
            {
                return;
            }

            for (int cap = 0; cap <= Native.CAP_LAST_CAP; cap++)
            {
                if ((permitted & (1UL << cap)) != 0)
                {
                    Check(plan, Native.InChild.prctl(Native.PR_CAP_AMBIENT, Native.PR_CAP_AMBIENT_RAISE, (ulong)cap, 0, 0) == 0, ChildStep.KeepCapabilities, index);
                }
            }
        }
    }
}
