using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    internal static unsafe partial class ChildEntry
    {
        /// <summary>
        /// Enters existing namespaces (descriptors the parent opened), user first. The child is a
        /// single-threaded process of its own, which setns into a user namespace requires (the .NET
        /// parent, multi-threaded, would get EINVAL). Joining a PID or time namespace only affects
        /// children: the spawner then runs the command through the init.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void JoinNamespaces(ChildPlan* plan)
        {
            for (int i = 0; i < plan->JoinCount; i++)
            {
                Check(plan, Native.InChild.setns(plan->Joins[i].Fd, plan->Joins[i].Type) == 0, ChildStep.JoinNamespace, i);
            }
        }

        /// <summary>
        /// Creates namespaces with unshare instead of clone flags, after entering a user namespace
        /// made beforehand (maps of several ranges): created now, they belong to that user namespace,
        /// where the child holds every capability. A new PID namespace takes effect in the grandchild.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void UnshareNamespaces(ChildPlan* plan)
        {
            if (plan->UnshareFlags != 0)
            {
                Check(plan, Native.InChild.unshare(plan->UnshareFlags) == 0, ChildStep.UnshareNamespaces);
            }
        }

        /// <summary>
        /// Opens the requested /proc/self/ns entries while the fd table is still shared with the
        /// parent (CLONE_FILES), so the parent holds the namespaces even if the command exits at
        /// once, then takes a private copy of the table for the rest of the setup and the command.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void CaptureNamespaces(ChildPlan* plan)
        {
            if (plan->CaptureCount == 0)
            {
                return;
            }

            for (int i = 0; i < plan->CaptureCount; i++)
            {
                int fd = Native.InChild.open(plan->Captures[i].Path, Native.O_RDONLY | Native.O_CLOEXEC, 0);
                Check(plan, fd != -1, ChildStep.CaptureNamespace, i);
                plan->Captures[i].Fd = fd;
            }

            Check(plan, Native.InChild.unshare((int)CloneFlags.Files) == 0, ChildStep.UnshareFiles);
        }
    }
}
