using System.Runtime.CompilerServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    internal static unsafe partial class ChildEntry
    {
        /// <summary>Where the master's number starts in <see cref="ChildTerminal.SlavePath"/>: after "/dev/pts/".</summary>
        private const int SlaveNumberAt = 9;

        /// <summary>
        /// Gives the command a new pseudo-terminal, as runc's init does, from inside (after
        /// pivot_root or the joined mount namespace), so the pty belongs to the container's own
        /// devpts and <c>tty</c> inside names it: open Path (/dev/pts/ptmx, the container's own
        /// devpts; where there is none, FileSystemType: /dev/ptmx), unlock the slave, open
        /// it through the master (TIOCGPTPEER), set the window size, send the master over the
        /// console socket (Fd) and close it; with Source (/dev/console) bind the slave there; then
        /// a new session (unless the plan made one: Argument 1), the slave as controlling terminal,
        /// and the slave as 0, 1 and 2. Data: the <see cref="ChildTerminal"/> the parent laid out.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool AttachTerminal(ChildPlan* plan, ChildOperation* op, int index)
        {
            ChildTerminal* terminal = (ChildTerminal*)op->Data;
            int master = Native.InChild.open(op->Path, Native.O_RDWR | Native.O_NOCTTY | Native.O_CLOEXEC, 0);
            if (master == -1 && LastError() == (int)Errno.ENOENT)
            {
                master = Native.InChild.open(op->FileSystemType, Native.O_RDWR | Native.O_NOCTTY | Native.O_CLOEXEC, 0);
            }

            Check(plan, master != -1, ChildStep.OpenTerminal, index);
            Check(plan, Native.InChild.ioctl(master, Native.TIOCSPTLCK, &terminal->Unlock) == 0, ChildStep.OpenTerminal, index);
            Check(plan, Native.InChild.ioctl(master, Native.TIOCGPTN, &terminal->Number) == 0, ChildStep.OpenTerminal, index);
            int slave = Native.InChild.ioctl(master, Native.TIOCGPTPEER, (void*)(nint)(Native.O_RDWR | Native.O_NOCTTY | Native.O_CLOEXEC));
            Check(plan, slave != -1, ChildStep.OpenTerminal, index);
            if (slave <= 2)
            {
                // With 0, 1 or 2 closed the slave took one of them, and dup3 onto itself is EINVAL.
                int above = Native.InChild.fcntl(slave, Native.F_DUPFD_CLOEXEC, 3);
                Check(plan, above != -1, ChildStep.OpenTerminal, index);
                Native.InChild.close(slave);
                slave = above;
            }
            if (terminal->HasSize != 0)
            {
                Check(plan, Native.InChild.ioctl(master, Native.TIOCSWINSZ, &terminal->Size) == 0, ChildStep.OpenTerminal, index);
            }

            Check(plan, DescriptorMessage.Send(&terminal->Master, op->Fd, master), ChildStep.SendTerminal, index);
            Native.InChild.close(master);

            if (op->Source != null)
            {
                WriteNumber(terminal->Number, terminal->SlavePath + SlaveNumberAt);
                Check(plan, Native.InChild.mount(terminal->SlavePath, op->Source, null, (ulong)MountFlags.Bind, null) == 0, ChildStep.BindConsole, index);
            }

            if (op->Argument == 0)
            {
                Check(plan, Native.InChild.setsid() != -1, ChildStep.NewSession, index);
            }

            Check(plan, Native.InChild.ioctl(slave, Native.TIOCSCTTY, null) == 0, ChildStep.ControllingTerminal, index);
            for (int fd = 0; fd <= 2; fd++)
            {
                Check(plan, Native.InChild.dup3(slave, fd, 0) != -1, ChildStep.ControllingTerminal, index);
            }

            Native.InChild.close(slave);
            return true;
        }

        /// <summary>The decimal digits of <paramref name="value"/> and a NUL at <paramref name="at"/> (11 bytes at most).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void WriteNumber(uint value, byte* at)
        {
            int digits = 1;
            for (uint rest = value / 10; rest != 0; rest /= 10)
            {
                digits++;
            }

            at[digits] = 0;
            for (int i = digits - 1; i >= 0; i--)
            {
                at[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
        }
    }
}
