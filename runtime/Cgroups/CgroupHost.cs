using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// This host's cgroups as a process sees them: the <see cref="Mode"/> (v1, hybrid, v2) and every
    /// hierarchy with its mount and the process's own cgroup there, read from /proc/self/mountinfo
    /// and /proc/self/cgroup. <see cref="DirectoriesFor"/> turns an OCI cgroupsPath into the
    /// directories a container's cgroup has, one per hierarchy (every v1 one and the unified one),
    /// as runc's cgroupfs driver lays them out.
    /// <code>
    /// CgroupHost host = CgroupHost.Detect();
    /// Cgroup cgroup = Cgroup.Create(host, CgroupPath.Parse("/machine/box", "box"));
    /// cgroup.AddProcess(pid);  // ... and later cgroup.Remove(killRemaining: true)
    /// </code>
    /// </summary>
    public sealed class CgroupHost
    {
        private CgroupHost(CgroupMode mode, IReadOnlyList<CgroupHierarchy> hierarchies)
        {
            Mode = mode;
            Hierarchies = hierarchies;
        }

        /// <summary>v1, hybrid, v2, or none.</summary>
        public CgroupMode Mode { get; }

        /// <summary>Every hierarchy mounted here that this process is in, in mount order (on a hybrid host the unified one among them).</summary>
        public IReadOnlyList<CgroupHierarchy> Hierarchies { get; }

        /// <summary>The unified (v2) hierarchy, or null on a v1-only host.</summary>
        public CgroupHierarchy? Unified => Hierarchies.FirstOrDefault(h => h.Version == 2);

        /// <summary>The v1 hierarchy that has <paramref name="controller"/>, or null.</summary>
        public CgroupHierarchy? V1(string controller) => Hierarchies.FirstOrDefault(h => h.Version == 1 && h.Has(controller));

        /// <summary>This process's view, from its /proc/self/mountinfo and /proc/self/cgroup.</summary>
        public static CgroupHost Detect()
        {
            string mountinfo = ReadOrEmpty("/proc/self/mountinfo");
            string cgroup = ReadOrEmpty("/proc/self/cgroup");
            return Parse(mountinfo, cgroup);
        }

        /// <summary>
        /// The view the texts of /proc/PID/mountinfo and /proc/PID/cgroup describe. A hierarchy
        /// mounted more than once is taken at its first mount; one the process has no line for in
        /// <paramref name="procCgroup"/> is left out. Hybrid is v1 controllers beside a cgroup2 mount;
        /// v2 is a cgroup2 mount without any v1 one.
        /// </summary>
        public static CgroupHost Parse(string mountinfo, string procCgroup)
        {
            // /proc/self/cgroup: "ID:controllers:path"; v2's line is "0::path".
            var own = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in procCgroup.Split('\n'))
            {
                int first = line.IndexOf(':', StringComparison.Ordinal);
                int second = first < 0 ? -1 : line.IndexOf(':', first + 1);
                if (second < 0)
                {
                    continue;
                }

                string controllers = line[(first + 1)..second];
                own.TryAdd(controllers.Length == 0 ? "" : Key(controllers.Split(',')), line[(second + 1)..]);
            }

            var hierarchies = new List<CgroupHierarchy>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            bool v1 = false;
            bool v2 = false;
            foreach (CgroupMountInfo.CgroupMountLine mount in CgroupMountInfo.Read(mountinfo))
            {
                string key = mount.Version == 2 ? "" : Key(mount.Controllers);
                v1 |= mount.Version == 1;
                v2 |= mount.Version == 2;
                if (!seen.Add(key) || !own.TryGetValue(key, out string? ownCgroup))
                {
                    continue;
                }

                hierarchies.Add(new CgroupHierarchy(mount.MountPoint, mount.Root, mount.Version, mount.Controllers, ownCgroup));
            }

            CgroupMode mode = v1 && v2 ? CgroupMode.Hybrid : v1 ? CgroupMode.V1 : v2 ? CgroupMode.V2 : CgroupMode.None;
            return new CgroupHost(mode, hierarchies);
        }

        /// <summary>
        /// The directories of the cgroup <paramref name="path"/> names, one per hierarchy: below the
        /// mount point when it is absolute, otherwise below this process's own cgroup in a v1
        /// hierarchy and below its parent in the unified one (<see cref="CgroupHierarchy.RelativeBase"/>;
        /// runc's cgroupfs driver, fs and fs2: an absolute path does not look at the caller's cgroup).
        /// </summary>
        public IReadOnlyList<CgroupDirectory> DirectoriesFor(CgroupPath path) =>
            Hierarchies.Select(h => new CgroupDirectory(h, CgroupPath.Join(path.IsAbsolute ? h.MountPoint : h.RelativeBase, path.Inner))).ToArray();

        /// <summary>The hierarchy <paramref name="directory"/> lies in (its mount point is the longest that is a prefix), or null.</summary>
        public CgroupHierarchy? HierarchyOf(string directory) => Hierarchies
            .Where(h => CgroupPath.IsAtOrBelow(directory, h.MountPoint))
            .OrderByDescending(h => h.MountPoint.Length)
            .FirstOrDefault();

        /// <summary>The same controllers in any order are the same hierarchy ("cpu,cpuacct" in mountinfo, "cpuacct,cpu" nowhere, but sorted to be sure).</summary>
        private static string Key(IEnumerable<string> controllers) => string.Join(',', controllers.Order(StringComparer.Ordinal));

        private static string ReadOrEmpty(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return "";
            }
        }
    }
}
