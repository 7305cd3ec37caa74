using System;
using System.Collections.Generic;
using Interop.Linux;

namespace Interop.Runtime
{
    /// <summary>
    /// One kind of namespace, the one table of their facts: its clone flag and the flag's name in
    /// the man pages (<paramref name="FlagName"/>), <paramref name="Name"/> as the kernel writes it
    /// under /proc/PID/ns and in "TYPE:[INODE]" links (and as lsns prints it: "mnt"), the word of the
    /// command-line option that asks for it (<paramref name="OptionName"/>: "mount" for --mount), the
    /// runtime-spec's name in config.json's linux.namespaces (<paramref name="OciName"/>: "network"), its
    /// place when entering several (<paramref name="EnterOrder"/>: user first, since it grants the
    /// rights to enter the others; mount late, since it changes what /proc paths mean; time last),
    /// and the Linux version it appeared in (<paramref name="Since"/>, as syscalls.yaml gives it).
    /// </summary>
    public sealed record NamespaceType(CloneFlags Flag, string FlagName, string Name, string OptionName, string OciName, int EnterOrder, string Since)
    {
        /// <summary>Every type, oldest first (the order the kernel gained them).</summary>
        public static IReadOnlyList<NamespaceType> All { get; } =
        [
            new(CloneFlags.NewMount, "CLONE_NEWNS", "mnt", "mount", "mount", 6, "2.4.19"),
            new(CloneFlags.NewUts, "CLONE_NEWUTS", "uts", "uts", "uts", 3, "2.6.19"),
            new(CloneFlags.NewIpc, "CLONE_NEWIPC", "ipc", "ipc", "ipc", 2, "2.6.19"),
            new(CloneFlags.NewPid, "CLONE_NEWPID", "pid", "pid", "pid", 5, "2.6.24"),
            new(CloneFlags.NewNet, "CLONE_NEWNET", "net", "net", "network", 4, "2.6.29"),
            new(CloneFlags.NewUser, "CLONE_NEWUSER", "user", "user", "user", 0, "3.8"),
            new(CloneFlags.NewCgroup, "CLONE_NEWCGROUP", "cgroup", "cgroup", "cgroup", 1, "4.6"),
            new(CloneFlags.NewTime, "CLONE_NEWTIME", "time", "time", "time", 7, "5.6"),
        ];

        /// <summary>Every namespace flag (CloneFlags.New*) together.</summary>
        public static CloneFlags AllFlags { get; } = Union();

        /// <summary>Every type in the order to enter them (<see cref="EnterOrder"/>).</summary>
        public static IReadOnlyList<NamespaceType> InEnterOrder { get; } = Sorted();

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

        /// <summary>The type config.json's linux.namespaces calls <paramref name="ociName"/> ("network", "mount", ...; exact, as the spec spells them), or null.</summary>
        public static NamespaceType? FindOci(string? ociName)
        {
            foreach (NamespaceType type in All)
            {
                if (type.OciName == ociName)
                {
                    return type;
                }
            }

            return null;
        }

        /// <summary>The type of exactly one clone flag, or null.</summary>
        public static NamespaceType? Find(CloneFlags flag)
        {
            foreach (NamespaceType type in All)
            {
                if (type.Flag == flag)
                {
                    return type;
                }
            }

            return null;
        }

        /// <summary>The type of exactly one clone flag.</summary>
        /// <exception cref="ArgumentException">Not exactly one namespace flag.</exception>
        public static NamespaceType Of(CloneFlags flag) =>
            Find(flag) ?? throw new ArgumentException($"not a single namespace type: {flag}", nameof(flag));

        /// <summary>"(CLONE_NEWUTS|CLONE_NEWPID)": a set of flags in the form the man pages use.</summary>
        public static string Describe(CloneFlags flags)
        {
            var names = new List<string>();
            foreach (NamespaceType type in InEnterOrder)
            {
                if ((flags & type.Flag) != 0)
                {
                    names.Add(type.FlagName);
                }
            }

            return names.Count == 0 ? "(no namespaces)" : "(" + string.Join("|", names) + ")";
        }

        private static CloneFlags Union()
        {
            CloneFlags flags = CloneFlags.None;
            foreach (NamespaceType type in All)
            {
                flags |= type.Flag;
            }

            return flags;
        }

        private static NamespaceType[] Sorted()
        {
            var types = new List<NamespaceType>(All);
            types.Sort((a, b) => a.EnterOrder.CompareTo(b.EnterOrder));
            return types.ToArray();
        }
    }
}
