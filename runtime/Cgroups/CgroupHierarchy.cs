using System.Collections.Generic;

namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// One cgroup hierarchy as this process sees it: where it is mounted (<paramref name="MountPoint"/>),
    /// which of its cgroups that mount shows as its top (<paramref name="MountRoot"/>, "/" unless a
    /// sub-tree is mounted, as inside a container), its <paramref name="Version"/> (1 or 2), its
    /// <paramref name="Controllers"/> (v1: from the mount options, e.g. "cpu", "cpuacct" or
    /// "name=systemd"; v2: empty, it has no name in /proc/self/cgroup) and the cgroup this process is
    /// in there (<paramref name="OwnCgroup"/>, from /proc/self/cgroup, e.g. "/user.slice").
    /// </summary>
    public sealed record CgroupHierarchy(string MountPoint, string MountRoot, int Version, IReadOnlyList<string> Controllers, string OwnCgroup)
    {
        /// <summary>Whether this hierarchy has <paramref name="controller"/> ("freezer", "cpuset", "name=systemd").</summary>
        public bool Has(string controller)
        {
            foreach (string c in Controllers)
            {
                if (c == controller)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The directory of this process's own cgroup: the mount point, then the own cgroup below the mount's root.</summary>
        public string OwnDirectory
        {
            get
            {
                string own = OwnCgroup;
                if (MountRoot != "/")
                {
                    // A mounted sub-tree: the own cgroup is shown below it (or, outside it, at its top).
                    own = own == MountRoot ? "/" : own.StartsWith(MountRoot + "/", System.StringComparison.Ordinal) ? own[MountRoot.Length..] : "/";
                }

                return CgroupPath.Join(MountPoint, own);
            }
        }
    }
}
