using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// A sendmsg message that carries one descriptor (SCM_RIGHTS) and a name, laid out by the parent
    /// in memory that does not move, so the child only writes the descriptor's number in and sends:
    /// the pty master over the console socket (<see cref="ChildTerminal"/>), a seccomp filter's
    /// listener to the parent (<see cref="ChildSeccomp"/>).
    /// </summary>
    internal unsafe struct DescriptorMessage
    {
        /// <summary>CMSG_SPACE(sizeof(int)) on a 64-bit ABI: one CmsgHdr and one int, padded to 8.</summary>
        public const int ControlSize = 24;

        /// <summary>The message sendmsg sends: one IoVec (<see cref="Name"/>) and the control buffer.</summary>
        public MsgHdr Message;

        /// <summary>The bytes sent with the descriptor.</summary>
        public IoVec Name;

        /// <summary>One CmsgHdr (SOL_SOCKET, SCM_RIGHTS) and, at CMSG_DATA (offset 16), the descriptor.</summary>
        public fixed byte Control[ControlSize];

        /// <summary>Lays out <paramref name="message"/> to send <paramref name="name"/> with one descriptor.</summary>
        public static void Prepare(DescriptorMessage* message, byte* name, nuint nameLength)
        {
            message->Name.iov_base = name;
            message->Name.iov_len = nameLength;
            message->Message.msg_iov = &message->Name;
            message->Message.msg_iovlen = 1;
            message->Message.msg_control = message->Control;
            message->Message.msg_controllen = ControlSize;
            CmsgHdr* header = (CmsgHdr*)message->Control;
            header->cmsg_len = (ulong)(sizeof(CmsgHdr) + sizeof(int));
            header->cmsg_level = Native.SOL_SOCKET;
            header->cmsg_type = Native.SCM_RIGHTS;
        }

        /// <summary>In the child: sends <paramref name="fd"/> over <paramref name="socket"/>; false when sendmsg failed (errno says why).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool Send(DescriptorMessage* message, int socket, int fd)
        {
            *(int*)(message->Control + sizeof(CmsgHdr)) = fd;
            return Native.InChild.sendmsg(socket, &message->Message, Native.MSG_NOSIGNAL) != -1;
        }
    }
}
