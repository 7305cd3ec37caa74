using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    internal static unsafe partial class ChildEntry
    {
        /// <summary>
        /// A new network namespace has only lo, and it is down: set IFF_UP on it with the classic
        /// SIOCGIFFLAGS / SIOCSIFFLAGS pair on any socket of the namespace.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool BringUpLoopback()
        {
            int socket = Native.InChild.socket(Native.AF_INET, Native.SOCK_DGRAM | Native.SOCK_CLOEXEC, 0);
            if (socket == -1)
            {
                return false;
            }

            IfReq request = default;
            request.name[0] = (byte)'l';
            request.name[1] = (byte)'o';
            bool up = Native.InChild.ioctl(socket, Native.SIOCGIFFLAGS, &request) == 0;
            if (up)
            {
                request.flags |= (short)Native.IFF_UP;
                up = Native.InChild.ioctl(socket, Native.SIOCSIFFLAGS, &request) == 0;
            }

            Native.InChild.close(socket);
            return up;
        }
    }
}
