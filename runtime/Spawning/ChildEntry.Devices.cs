using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>Device nodes (config.json's linux.devices and runc's defaults), created in the child: no allocation, only Native.InChild.</summary>
    internal static unsafe partial class ChildEntry
    {
        /// <summary>
        /// mknod with the exact mode (umask 0 around it, as runc does), then chown; a node that
        /// exists is left as it is. Where mknod is refused (EPERM: a user namespace) or the parent
        /// said so (Argument 1), the host's node is bound onto an empty file instead, as runc does.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool MakeDevice(ChildOperation* op)
        {
            var node = (DeviceNode*)op->Data;
            if (op->Argument == 0)
            {
                uint mask = Native.InChild.umask(0);
                int made = Native.InChild.mknod(op->Path, node->Mode, node->Device);
                int error = LastError();
                Native.InChild.umask(mask);
                if (made == 0)
                {
                    return Native.InChild.chown(op->Path, node->Uid, node->Gid) == 0;
                }

                if (error == (int)Errno.EEXIST)
                {
                    return true;
                }

                if (error != (int)Errno.EPERM)
                {
                    *Native.InChild.__errno_location() = error;
                    return false;
                }
            }

            // A regular file as the mount point (mknod of one needs no privilege; never opens an existing device).
            if (Native.InChild.mknod(op->Path, Native.S_IFREG | 0x1A4 /* 0644 */, 0) != 0 && LastError() != (int)Errno.EEXIST)
            {
                return false;
            }

            return Native.InChild.mount(op->Source, op->Path, null, (ulong)MountFlags.Bind, null) == 0;
        }
    }
}
