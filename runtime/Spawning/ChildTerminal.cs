using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// What the child needs to give the command a terminal (<see cref="ChildStep.AttachTerminal"/>),
    /// laid out by the parent in the plan's native memory: the message that carries the pty master
    /// over the console socket (<see cref="DescriptorMessage"/>), the window size, and room for the slave's path. The child
    /// only fills in numbers; it allocates nothing.
    /// </summary>
    internal unsafe struct ChildTerminal
    {
        /// <summary>"/dev/pts/" and up to 10 digits and a NUL.</summary>
        public const int SlavePathSize = 24;

        /// <summary>The master's message: named "/dev/ptmx", without a NUL, as runc names it.</summary>
        public DescriptorMessage Master;

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
            DescriptorMessage.Prepare(&terminal->Master, name, nameLength);
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
