using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// What the child needs to give the command a terminal (<see cref="ChildStep.AttachTerminal"/>),
    /// laid out by the parent in the plan's native memory: the message that carries the pty master
    /// over the console socket (its name, as runc sends it, and a control buffer for one descriptor,
    /// whose number the child writes in), the window size, and room for the slave's path. The child
    /// only fills in numbers; it allocates nothing.
    /// </summary>
    internal unsafe struct ChildTerminal
    {
        /// <summary>CMSG_SPACE(sizeof(int)) on a 64-bit ABI: one CmsgHdr and one int, padded to 8.</summary>
        public const int ControlSize = 24;

        /// <summary>"/dev/pts/" and up to 10 digits and a NUL.</summary>
        public const int SlavePathSize = 24;

        /// <summary>The message sendmsg sends: one IoVec (<see cref="Name"/>) and the control buffer.</summary>
        public MsgHdr Message;

        /// <summary>The bytes sent with the master: "/dev/ptmx", without a NUL, as runc names it.</summary>
        public IoVec Name;

        /// <summary>One CmsgHdr (SOL_SOCKET, SCM_RIGHTS) and, at CMSG_DATA (offset 16), the master's descriptor.</summary>
        public fixed byte Control[ControlSize];

        /// <summary>The window size to set (process.consoleSize), when <see cref="HasSize"/> is 1.</summary>
        public WinSize Size;

        public int HasSize;

        /// <summary>TIOCSPTLCK's argument: 0 unlocks the slave.</summary>
        public int Unlock;

        /// <summary>Written by the child: the slave's number (TIOCGPTN).</summary>
        public uint Number;

        /// <summary>"/dev/pts/" written by the parent; the child appends the number (the source bound on /dev/console).</summary>
        public fixed byte SlavePath[SlavePathSize];

        /// <summary>Lays out <paramref name="terminal"/> (in memory that does not move) for <paramref name="name"/> and a window size (0 and 0: leave the kernel's).</summary>
        public static void Prepare(ChildTerminal* terminal, byte* name, nuint nameLength, ushort rows, ushort columns)
        {
            terminal->Name.iov_base = name;
            terminal->Name.iov_len = nameLength;
            terminal->Message.msg_iov = &terminal->Name;
            terminal->Message.msg_iovlen = 1;
            terminal->Message.msg_control = terminal->Control;
            terminal->Message.msg_controllen = ControlSize;
            CmsgHdr* header = (CmsgHdr*)terminal->Control;
            header->cmsg_len = (ulong)(sizeof(CmsgHdr) + sizeof(int));
            header->cmsg_level = Native.SOL_SOCKET;
            header->cmsg_type = Native.SCM_RIGHTS;
            terminal->HasSize = rows != 0 || columns != 0 ? 1 : 0;
            terminal->Size.ws_row = rows;
            terminal->Size.ws_col = columns;
            ReadOnlySpanCopy("/dev/pts/"u8, terminal->SlavePath);
        }

        private static void ReadOnlySpanCopy(System.ReadOnlySpan<byte> from, byte* to)
        {
            for (int i = 0; i < from.Length; i++)
            {
                to[i] = from[i];
            }
        }
    }
}
