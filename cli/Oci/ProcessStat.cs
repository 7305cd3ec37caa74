using System;
using System.Globalization;
using System.IO;

namespace Nsbox.Oci
{
    /// <summary>The two fields of /proc/PID/stat the verbs need: the state letter and the start time.</summary>
    internal readonly record struct ProcessStat(char State, ulong StartTime)
    {
        /// <summary>The process's stat, or null when there is no such process.</summary>
        public static ProcessStat? Read(int pid)
        {
            string text;
            try
            {
                text = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
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
