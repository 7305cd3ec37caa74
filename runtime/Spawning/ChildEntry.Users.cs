using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    internal static unsafe partial class ChildEntry
    {
        /// <summary>
        /// The child is the first process of its new user namespace and writes its own single-line
        /// maps (allowed for mapping one's own id, as unshare -r does): uid_map, then "deny" to
        /// setgroups (required before gid_map for an unprivileged writer), then gid_map.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void WriteIdMaps(ChildPlan* plan)
        {
            if (plan->UidMap.IsSet)
            {
                fixed (byte* path = "/proc/self/uid_map"u8)
                {
                    Check(plan, WriteProcFile(path, plan->UidMap.Bytes, plan->UidMap.Length), ChildStep.WriteUidMap);
                }
            }

            if (plan->GidMap.IsSet)
            {
                fixed (byte* path = "/proc/self/setgroups"u8)
                fixed (byte* deny = "deny"u8)
                {
                    Check(plan, WriteProcFile(path, deny, 4), ChildStep.DenySetgroups);
                }

                fixed (byte* path = "/proc/self/gid_map"u8)
                {
                    Check(plan, WriteProcFile(path, plan->GidMap.Bytes, plan->GidMap.Length), ChildStep.WriteGidMap);
                }
            }
        }

        /// <summary>
        /// A time namespace cannot be made by clone(2) (its flag is part of the exit signal there):
        /// unshare it here, set the offsets before any process is in it, and execve enters it.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void EnterTimeNamespace(ChildPlan* plan)
        {
            if (!plan->TimeOffsets.IsSet)
            {
                return;
            }

            Check(plan, Native.InChild.unshare((int)CloneFlags.NewTime) == 0, ChildStep.EnterTimeNamespace);
            fixed (byte* path = "/proc/self/timens_offsets"u8)
            {
                Check(plan, WriteProcFile(path, plan->TimeOffsets.Bytes, plan->TimeOffsets.Length), ChildStep.WriteTimeOffsets);
            }
        }
    }
}
