using System;
using System.Collections.Generic;
using System.Globalization;

namespace Interop.Runtime
{
    /// <summary>Capability names and numbers (capabilities(7)), as the command line and the builder take them.</summary>
    public static class Capabilities
    {
        private static readonly string[] s_names =
        [
            "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid", "setpcap",
            "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
            "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
            "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write", "audit_control", "setfcap",
            "mac_override", "mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf",
            "checkpoint_restore",
        ];

        /// <summary>Every capability this table knows, as a mask.</summary>
        public static ulong All => (1UL << s_names.Length) - 1;

        /// <summary>Every capability this table knows, by number, as config.json names them (CAP_CHOWN, CAP_DAC_OVERRIDE, ...).</summary>
        public static IReadOnlyList<string> Names => Array.ConvertAll(s_names, n => "CAP_" + n.ToUpperInvariant());

        /// <summary>The number of "CAP_SYS_ADMIN", "sys_admin" or "21".</summary>
        /// <exception cref="FormatException">Not a capability; the message names it.</exception>
        public static int Parse(string name)
        {
            string key = name.StartsWith("CAP_", StringComparison.OrdinalIgnoreCase) ? name[4..] : name;
            int index = Array.FindIndex(s_names, n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index;
            }

            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number < s_names.Length)
            {
                return number;
            }

            throw new FormatException($"'{name}' is not a capability (e.g. CAP_SYS_ADMIN, net_raw or 21)");
        }
    }
}
