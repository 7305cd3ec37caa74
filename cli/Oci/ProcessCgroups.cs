using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Interop.Runtime.Namespaces;

namespace Nsbox.Oci
{
    /// <summary>
    /// The cgroup directories of a process on this host, one per hierarchy it is in: each line of
    /// /proc/PID/cgroup (<c>ID:CONTROLLERS:PATH</c>; <c>0::PATH</c> is the unified hierarchy) joined to
    /// the mount point of that hierarchy (v1: the mount whose controllers are the line's;
    /// v2: the cgroup2 mount). What runc's exec joins: the container's own cgroups, whoever made them.
    /// Paths are as nsbox's cgroup namespace sees them, and a hierarchy is taken as mounted at its
    /// root (a mount of a subtree, as inside another container, is not followed).
    /// </summary>
    internal static class ProcessCgroups
    {
        /// <summary>The directories (each holds cgroup.procs); a hierarchy not mounted here is left out.</summary>
        public static IReadOnlyList<string> Of(int pid)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/cgroup");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return [];
            }

            return Join(lines, KernelSupport.ReadCgroupLayout().Mounts);
        }

        /// <summary>The lines of a /proc/PID/cgroup joined to the mounts (tested without a host: pure).</summary>
        internal static IReadOnlyList<string> Join(IEnumerable<string> lines, IReadOnlyList<CgroupMount> mounts)
        {
            var directories = new List<string>();
            foreach (string line in lines)
            {
                string[] fields = line.Split(':', 3);
                if (fields.Length != 3 || !fields[2].StartsWith('/'))
                {
                    continue;
                }

                CgroupMount? mount = fields[0] == "0" && fields[1].Length == 0
                    ? mounts.FirstOrDefault(m => m.Version == 2)
                    : mounts.FirstOrDefault(m => m.Version == 1 && SameSet(m.Controllers, fields[1]));
                if (mount is not null)
                {
                    string directory = fields[2] == "/" ? mount.MountPoint : mount.MountPoint.TrimEnd('/') + fields[2];
                    if (!directories.Contains(directory))
                    {
                        directories.Add(directory);
                    }
                }
            }

            return directories;
        }

        private static bool SameSet(string a, string b) =>
            a.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).SequenceEqual(b.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }
}
