using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Interop.Runtime.Namespaces
{
    /// <summary>The cgroup layout, from this process's /proc/self/mountinfo.</summary>
    public static partial class KernelSupport
    {
        /// <summary>v1 mount options that are not controllers.</summary>
        private static readonly HashSet<string> s_cgroupV1Flags = new(StringComparer.Ordinal)
        {
            "rw", "ro", "xattr", "noprefix", "clone_children", "cpuset_v2_mode", "favordynmods",
        };

        /// <summary>How cgroups are mounted: see <see cref="CgroupLayout"/>.</summary>
        public static CgroupLayout ReadCgroupLayout()
        {
            var mounts = new List<CgroupMount>();
            string[] lines;
            try
            {
                lines = File.ReadAllLines("/proc/self/mountinfo");
            }
            catch (IOException)
            {
                lines = [];
            }

            foreach (string line in lines)
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

                string mountPoint = Unescape(mount[4]);
                if (fileSystem[0] == "cgroup2")
                {
                    mounts.Add(new CgroupMount(mountPoint, 2, ReadControllers(mountPoint)));
                }
                else if (fileSystem[0] == "cgroup")
                {
                    IEnumerable<string> controllers = fileSystem[2].Split(',')
                        .Where(option => !s_cgroupV1Flags.Contains(option) && !option.StartsWith("release_agent=", StringComparison.Ordinal));
                    mounts.Add(new CgroupMount(mountPoint, 1, string.Join(',', controllers)));
                }
            }

            bool v1 = mounts.Any(m => m.Version == 1);
            bool v2 = mounts.Any(m => m.Version == 2);
            string mode = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "v2"
                : v1 && v2 ? "hybrid" // systemd's: v2 on /sys/fs/cgroup/unified beside the v1 controllers
                : v1 ? "v1"
                : v2 ? "v2"
                : "none";
            return new CgroupLayout(mode, mounts);
        }

        private static string ReadControllers(string mountPoint)
        {
            try
            {
                return File.ReadAllText(Path.Combine(mountPoint, "cgroup.controllers")).Trim();
            }
            catch (IOException)
            {
                return "";
            }
            catch (UnauthorizedAccessException)
            {
                return "";
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
