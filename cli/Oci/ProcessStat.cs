using System;
using System.Globalization;

namespace Nsbox.Oci
{
    /// <summary>The two fields of /proc/PID/stat the verbs need: the state letter and the start time.</summary>
    internal readonly record struct ProcessStat(char State, ulong StartTime)
    {
        /// <summary>The process's stat, or null when there is no such process.</summary>
        public static unsafe ProcessStat? Read(int pid)
        {
            // No such process is an answer (delete asks after the process ended): told without an
            // exception, which costs tens of microseconds of unwinding under NativeAOT. The line is
            // short (the command name at most 16 bytes): one read of 4 KiB takes it whole.
            string text;
            byte* buffer = stackalloc byte[4096];
            fixed (byte* path = System.Text.Encoding.ASCII.GetBytes("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat\0"))
            {
                int fd = Interop.Linux.Native.open(path, Interop.Linux.Native.O_RDONLY | Interop.Linux.Native.O_CLOEXEC, 0);
                if (fd == -1)
                {
                    return null;
                }

                nint read;
                do
                {
                    read = Interop.Linux.Native.read(fd, buffer, 4096);
                }
                while (read == -1 && System.Runtime.InteropServices.Marshal.GetLastSystemError() == (int)Interop.Linux.Errno.EINTR);

                Interop.Linux.Native.close(fd);
                if (read <= 0)
                {
                    return null;
                }

                text = System.Text.Encoding.UTF8.GetString(buffer, (int)read);
            }

            // The command name (field 2) is in parentheses and may hold spaces and ')': fields start after the last one.
            int close = text.LastIndexOf(')');
            if (close < 0)
            {
                return null;
            }

            string[] fields = text[(close + 2)..].Split(' ');
            // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
            return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong start)
                ? new ProcessStat(fields[0][0], start)
                : null;
        }

        /// <summary>Alive: neither gone nor a zombie (exited, not yet reaped) nor dead.</summary>
        public bool IsAlive => State is not ('Z' or 'X' or 'x');
    }
}
