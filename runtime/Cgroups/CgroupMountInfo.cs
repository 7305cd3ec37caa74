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

        /// <summary>
        /// The cgroup mounts a path can reach, in mountinfo's order. One that another mount covers
        /// is left out: a mount on its mount point or on a directory above it, made in one of its
        /// parent mounts and not one of them (a cgroup2 mounted over the tmpfs of /sys/fs/cgroup hides the v1 hierarchies
        /// on that tmpfs, though mountinfo still lists them: what
        /// `mount -t cgroup2 none /sys/fs/cgroup` does to a hybrid host).
        /// </summary>
        public static IEnumerable<CgroupMountLine> Read(string mountinfo)
        {
            var mounts = new List<(string Id, string Parent, string MountPoint, CgroupMountLine? Cgroup)>();
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
                if (mount.Length < 5 || fileSystem.Length < 3)
                {
                    continue;
                }

                CgroupMountLine? cgroup = null;
                if (fileSystem[0] is "cgroup" or "cgroup2")
                {
                    int version = fileSystem[0] == "cgroup2" ? 2 : 1;
                    string[] controllers = version == 2 ? [] : fileSystem[2].Split(',')
                        .Where(o => !s_v1Flags.Contains(o) && !o.StartsWith("release_agent=", StringComparison.Ordinal))
                        .ToArray();
                    cgroup = new CgroupMountLine(Unescape(mount[3]), Unescape(mount[4]), version, controllers);
                }

                mounts.Add((mount[0], mount[1], Unescape(mount[4]), cgroup));
            }

            var parents = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach ((string id, string parent, _, _) in mounts)
            {
                parents.TryAdd(id, parent);
            }

            for (int i = 0; i < mounts.Count; i++)
            {
                if (mounts[i].Cgroup is { } cgroup && !IsCovered(i))
                {
                    yield return cgroup;
                }
            }

            // Covered: another mount was put on a directory of M's way down (its parent is one of
            // M's ancestors, or M itself) at M's mount point or above it, and is not itself on that way.
            bool IsCovered(int index)
            {
                (string id, _, string mountPoint, _) = mounts[index];
                var ancestors = new HashSet<string>(StringComparer.Ordinal);
                for (string at = id; parents.TryGetValue(at, out string? parent) && parent != id && ancestors.Add(parent);)
                {
                    at = parent;
                }

                for (int other = 0; other < mounts.Count; other++)
                {
                    (string otherId, string otherParent, string otherMountPoint, _) = mounts[other];
                    if (other != index && !ancestors.Contains(otherId) && (otherParent == id || ancestors.Contains(otherParent)) && CgroupPath.IsAtOrBelow(mountPoint, otherMountPoint))
                    {
                        return true;
                    }
                }

                return false;
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
