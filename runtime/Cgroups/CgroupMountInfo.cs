using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// The cgroup and cgroup2 mounts of a /proc/PID/mountinfo text, in its order: the one reading
    /// that both the cgroup layer (<see cref="CgroupHost"/>) and `nsbox check`'s layout report use.
    /// </summary>
    internal static class CgroupMountInfo
    {
        /// <summary>v1 mount options that are not controllers.</summary>
        private static readonly HashSet<string> s_v1Flags = new(StringComparer.Ordinal)
        {
            "rw", "ro", "xattr", "noprefix", "clone_children", "cpuset_v2_mode", "favordynmods", "none",
        };

        /// <summary>One cgroup mount: the hierarchy's path mounted (mountinfo's root), where, its version, and its v1 controllers (none for cgroup2).</summary>
        internal readonly record struct CgroupMountLine(string Root, string MountPoint, int Version, string[] Controllers);

        public static IEnumerable<CgroupMountLine> Read(string mountinfo)
        {
            foreach (string line in mountinfo.Split('\n'))
            {
                // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
                int separator = line.IndexOf(" - ", StringComparison.Ordinal);
                if (separator < 0)
                {
                    continue;
                }

                string[] mount = line[..separator].Split(' ');
                string[] fileSystem = line[(separator + 3)..].Split(' ');
                if (mount.Length < 5 || fileSystem.Length < 3 || fileSystem[0] is not ("cgroup" or "cgroup2"))
                {
                    continue;
                }

                int version = fileSystem[0] == "cgroup2" ? 2 : 1;
                string[] controllers = version == 2 ? [] : fileSystem[2].Split(',')
                    .Where(o => !s_v1Flags.Contains(o) && !o.StartsWith("release_agent=", StringComparison.Ordinal))
                    .ToArray();
                yield return new CgroupMountLine(Unescape(mount[3]), Unescape(mount[4]), version, controllers);
            }
        }

        /// <summary>mountinfo writes space, tab, newline and backslash in paths as \ and three octal digits.</summary>
        private static string Unescape(string field)
        {
            if (!field.Contains('\\', StringComparison.Ordinal))
            {
                return field;
            }

            var text = new StringBuilder(field.Length);
            for (int i = 0; i < field.Length; i++)
            {
                if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
                {
                    text.Append((char)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                    i += 3;
                }
                else
                {
                    text.Append(field[i]);
                }
            }

            return text.ToString();
        }

        private static bool IsOctal(char c) => c is >= '0' and <= '7';
    }
}
