using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Interop.Runtime.Namespaces
{
    /// <summary>
    /// Every namespace in use on the host, found as lsns finds them: through the /proc/PID/ns links
    /// of every process. A namespace that no process is in (kept only by a bind mount or an open
    /// descriptor) is not seen. Without root, other users' processes are not visible and are left out.
    /// </summary>
    public static class NamespaceListing
    {
        /// <summary>Every namespace of every type, sorted by type name, then inode.</summary>
        public static IReadOnlyList<NamespaceInfo> Read() => Read(NamespaceType.All);

        /// <summary>The namespaces of one type, sorted by inode.</summary>
        public static IReadOnlyList<NamespaceInfo> Read(NamespaceType type) => Read([type]);

        /// <summary>The namespaces of these types, sorted by type name, then inode.</summary>
        /// <exception cref="IOException">/proc cannot be read (not mounted).</exception>
        public static IReadOnlyList<NamespaceInfo> Read(IReadOnlyList<NamespaceType> types)
        {
            ArgumentNullException.ThrowIfNull(types);
            var tallies = new Dictionary<(string Type, ulong Inode), Tally>();
            foreach (int pid in ProcessIds())
            {
                var links = new List<(string Type, ulong Inode)>(types.Count);
                foreach (NamespaceType type in types)
                {
                    if (ReadNamespaceLink(pid, type.Name) is ulong inode)
                    {
                        links.Add((type.Name, inode));
                    }
                }

                // Pids come in ascending order: the first process seen in a namespace is its lowest,
                // the only one whose owner and command are needed.
                ProcessIdentity? identity = null;
                if (links.Any(link => !tallies.ContainsKey(link)))
                {
                    identity = ProcessIdentity.Read(pid);
                    if (identity is null)
                    {
                        continue; // it ended while we looked
                    }
                }

                foreach ((string Type, ulong Inode) link in links)
                {
                    if (tallies.TryGetValue(link, out Tally? tally))
                    {
                        tally.Processes++;
                    }
                    else
                    {
                        tallies[link] = new Tally(pid, identity!);
                    }
                }
            }

            UserNames users = UserNames.Read();
            return tallies
                .OrderBy(t => t.Key.Type, StringComparer.Ordinal)
                .ThenBy(t => t.Key.Inode)
                .Select(t => new NamespaceInfo(t.Key.Type, t.Key.Inode, t.Value.Processes, t.Value.LowestPid,
                    t.Value.Owner.Uid, users.NameOf(t.Value.Owner.Uid), t.Value.Owner.Command))
                .ToArray();
        }

        /// <summary>The inode in a "TYPE:[INODE]" link text, or null when the text is not one for <paramref name="type"/>.</summary>
        internal static ulong? ParseLink(string link, string type)
        {
            string prefix = type + ":[";
            if (!link.StartsWith(prefix, StringComparison.Ordinal) || !link.EndsWith(']'))
            {
                return null;
            }

            return ulong.TryParse(link.AsSpan(prefix.Length, link.Length - prefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode)
                ? inode
                : null;
        }

        private static List<int> ProcessIds()
        {
            var pids = new List<int>();
            foreach (string dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                {
                    pids.Add(pid);
                }
            }

            pids.Sort();
            return pids;
        }

        private static ulong? ReadNamespaceLink(int pid, string type)
        {
            string path = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/ns/{type}");
            try
            {
                return new FileInfo(path).LinkTarget is string link ? ParseLink(link, type) : null;
            }
            catch (IOException)
            {
                return null; // the process ended, or the kernel has no such type
            }
            catch (UnauthorizedAccessException)
            {
                return null; // another user's process, and we are not root
            }
        }

        /// <summary>The lowest-pid process of a namespace so far, and how many processes are in it.</summary>
        private sealed class Tally(int lowestPid, ProcessIdentity owner)
        {
            public int Processes { get; set; } = 1;

            public int LowestPid { get; } = lowestPid;

            public ProcessIdentity Owner { get; } = owner;
        }

        /// <summary>Who runs a process and what it runs, read from /proc/PID.</summary>
        private sealed record ProcessIdentity(uint Uid, string Command)
        {
            public static ProcessIdentity? Read(int pid)
            {
                string dir = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/");
                try
                {
                    uint? uid = RealUid(File.ReadAllLines(dir + "status"));
                    if (uid is null)
                    {
                        return null;
                    }

                    // Arguments are NUL-terminated; lsns shows them joined by spaces.
                    string command = Encoding.UTF8.GetString(File.ReadAllBytes(dir + "cmdline")).TrimEnd('\0').Replace('\0', ' ');
                    if (command.Length == 0)
                    {
                        command = File.ReadAllText(dir + "comm").TrimEnd('\n'); // kernel threads and zombies have no command line
                    }

                    return new ProcessIdentity(uid.Value, command);
                }
                catch (IOException)
                {
                    return null;
                }
                catch (UnauthorizedAccessException)
                {
                    return null;
                }
            }

            /// <summary>The first of the four ids on the "Uid:" line (real, effective, saved, file system).</summary>
            private static uint? RealUid(string[] status)
            {
                foreach (string line in status)
                {
                    if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    {
                        string[] ids = line["Uid:".Length..].Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                        return ids.Length > 0 && uint.TryParse(ids[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid) ? uid : null;
                    }
                }

                return null;
            }
        }
    }
}
