using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// Masked and read-only paths (what OCI configs ask for in /proc and /sys): what is at the path
    /// is known only here, after /proc and /sys are mounted, so the child tries and lets the
    /// kernel's answer decide, as runc does. Same rules as the rest of the child: no allocation,
    /// only Native.InChild.
    /// </summary>
    internal static unsafe partial class ChildEntry
    {
        /// <summary>
        /// /dev/null bound over the path; a directory refuses a file bound onto it (ENOTDIR), so it
        /// gets an empty read-only tmpfs instead; a path that does not exist has nothing to hide.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool MaskPath(ChildOperation* op)
        {
            if (Native.InChild.mount(op->Source, op->Path, null, (ulong)MountFlags.Bind, null) == 0)
            {
                return true;
            }

            int error = LastError();
            if (error == (int)Errno.ENOENT)
            {
                return true;
            }

            if (error != (int)Errno.ENOTDIR)
            {
                return false;
            }

            fixed (byte* tmpfs = "tmpfs"u8)
            {
                return Native.InChild.mount(tmpfs, op->Path, tmpfs, (ulong)MountFlags.ReadOnly, null) == 0;
            }
        }

        /// <summary>The path bound onto itself, then read-only with every submount; a missing path is left alone.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool MakePathReadOnly(ChildOperation* op)
        {
            if (Native.InChild.mount(op->Path, op->Path, null, (ulong)(MountFlags.Bind | MountFlags.Recursive), null) != 0)
            {
                return LastError() == (int)Errno.ENOENT;
            }

            MountAttr attributes = default;
            attributes.attr_set = Native.MOUNT_ATTR_RDONLY;
            return Native.InChild.mount_setattr(Native.AT_FDCWD, op->Path, (uint)Native.AT_RECURSIVE, &attributes, (nuint)sizeof(MountAttr)) == 0;
        }
    }
}
