using System;
using System.Collections.Generic;
using Interop.Linux;

namespace Interop.Runtime
{
    /// <summary>
    /// One kind of namespace: its clone flag, <paramref name="Name"/> as the kernel writes it under
    /// /proc/PID/ns and in "TYPE:[INODE]" links (and as lsns prints it: "mnt"), the word of the
    /// command-line option that asks for it (<paramref name="OptionName"/>: "mount" for --mount), and
    /// the Linux version it appeared in (<paramref name="Since"/>, as syscalls.yaml gives it for the flag).
    /// </summary>
    public sealed record NamespaceType(CloneFlags Flag, string Name, string OptionName, string Since)
    {
        /// <summary>Every type, oldest first (the order the kernel gained them).</summary>
        public static IReadOnlyList<NamespaceType> All { get; } =
        [
            new(CloneFlags.NewMount, "mnt", "mount", "2.4.19"),
            new(CloneFlags.NewUts, "uts", "uts", "2.6.19"),
            new(CloneFlags.NewIpc, "ipc", "ipc", "2.6.19"),
            new(CloneFlags.NewPid, "pid", "pid", "2.6.24"),
            new(CloneFlags.NewNet, "net", "net", "2.6.29"),
            new(CloneFlags.NewUser, "user", "user", "3.8"),
            new(CloneFlags.NewCgroup, "cgroup", "cgroup", "4.6"),
            new(CloneFlags.NewTime, "time", "time", "5.6"),
        ];

        /// <summary>The type called <paramref name="name"/> ("mnt" or "mount", "uts", ...; case-insensitive), or null.</summary>
        public static NamespaceType? Find(string name)
        {
            foreach (NamespaceType type in All)
            {
                if (string.Equals(type.Name, name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(type.OptionName, name, StringComparison.OrdinalIgnoreCase))
                {
                    return type;
                }
            }

            return null;
        }
    }
}
