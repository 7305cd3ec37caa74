using System;
using System.Globalization;
using Interop.Linux;

namespace Nsbox.Oci
{
    /// <summary>Signal names and numbers as kill(1) and runc take them: 15, TERM, SIGTERM (any case).</summary>
    internal static class Signals
    {
        private static readonly string[] s_names =
        [
            "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
            "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
        ];

        public static int Parse(string text)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0 && number < Native.NSIG)
            {
                return number;
            }

            string name = text.ToUpperInvariant();
            name = name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name;
            int index = Array.IndexOf(s_names, name);
            if (index > 0)
            {
                return index;
            }

            throw new OciException("signal '" + text + "'", Errno.EINVAL, "a number (1-" + (Native.NSIG - 1).ToString(CultureInfo.InvariantCulture) + ") or a name (TERM, SIGKILL, ...)");
        }
    }
}
