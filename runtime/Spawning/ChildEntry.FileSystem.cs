using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    internal static unsafe partial class ChildEntry
    {
        /// <summary>
        /// mount_namespaces(7): make / recursively private before anything else, or mounts made here
        /// propagate to the host (systemd makes / shared). Then the planned operations, then pivot_root.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void SetUpFileSystem(ChildPlan* plan)
        {
            if (plan->MakeRootPrivate != 0)
            {
                fixed (byte* root = "/"u8)
                {
                    Check(plan, Native.InChild.mount(null, root, null, (ulong)(MountFlags.Recursive | MountFlags.Private), null) == 0, ChildStep.MakeRootPrivate);
                }
            }

            for (int i = 0; i < plan->OperationCount; i++)
            {
                Check(plan, Apply(&plan->Operations[i]), ChildStep.FileSystem, i);
            }

            if (plan->NewRoot != null)
            {
                PivotRoot(plan);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool Apply(FileSystemOperation* op)
        {
            switch (op->Kind)
            {
                case FileSystemOperationKind.MakeDirectory:
                    return Native.InChild.mkdir(op->Target, 0x1ED /* 0755 */) == 0 || *Native.InChild.__errno_location() == (int)Errno.EEXIST;
                case FileSystemOperationKind.CreateFile:
                    int fd = Native.InChild.open(op->Target, Native.O_WRONLY | Native.O_CREAT | Native.O_CLOEXEC, 0x1A4 /* 0644 */);
                    if (fd == -1)
                    {
                        // An existing directory or device node is a usable mount point too.
                        return *Native.InChild.__errno_location() is (int)Errno.EISDIR or (int)Errno.EEXIST;
                    }

                    Native.InChild.close(fd);
                    return true;
                case FileSystemOperationKind.Mount:
                    return Native.InChild.mount(op->Source, op->Target, op->FileSystemType, op->Flags, op->Data) == 0;
                case FileSystemOperationKind.Symlink:
                    return Native.InChild.symlink(op->Source, op->Target) == 0;
                default:
                    return false;
            }
        }

        /// <summary>
        /// pivot_root(2) the way its man page recommends: chdir into the new root (a mount point: the
        /// plan bound it onto itself), pivot_root(".", "."), then detach the old root stacked beneath.
        /// On EINVAL (an initramfs root, a shared parent) fall back to MS_MOVE + chroot, and warn.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void PivotRoot(ChildPlan* plan)
        {
            fixed (byte* dot = "."u8)
            fixed (byte* slash = "/"u8)
            {
                Check(plan, Native.InChild.chdir(plan->NewRoot) == 0, ChildStep.PivotRoot);
                if (Native.InChild.pivot_root(dot, dot) == 0)
                {
                    Check(plan, Native.InChild.umount2(dot, Native.MNT_DETACH) == 0, ChildStep.DetachOldRoot);
                }
                else if (*Native.InChild.__errno_location() == (int)Errno.EINVAL)
                {
                    Report(plan, ChildStep.PivotRootFellBackToChroot, -1, isWarning: true);
                    Check(plan, Native.InChild.mount(dot, slash, null, (ulong)MountFlags.Move, null) == 0, ChildStep.PivotRoot);
                    Check(plan, Native.InChild.chroot(dot) == 0, ChildStep.PivotRoot);
                }
                else
                {
                    Fail(plan, ChildStep.PivotRoot);
                }

                Check(plan, Native.InChild.chdir(slash) == 0, ChildStep.PivotRoot);
            }
        }
    }
}
