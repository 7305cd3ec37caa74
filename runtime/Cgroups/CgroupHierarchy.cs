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

        /// <summary>
        /// Where a relative cgroup path starts (an OCI cgroupsPath without a leading "/", a
        /// sandbox's own nsbox-PID-N): v1, the own directory; v2, its parent, as runc's fs2
        /// (defaultDirPath): the own cgroup has processes (this one at least), and a v2 cgroup
        /// with processes cannot enable a controller for its children (EBUSY), so a limited cgroup
        /// below it could not be made. The top of the mount has no such rule (the root cgroup) and
        /// no parent to go to: there it is the own directory too.
        /// </summary>
        public string RelativeBase
        {
            get
            {
                string own = OwnDirectory;
                string top = MountPoint.TrimEnd('/');
                if (Version != 2 || own.TrimEnd('/') == top)
                {
                    return own;
                }

                string parent = own[..own.LastIndexOf('/')];
                return parent.Length <= top.Length ? MountPoint : parent;
            }
        }
    }
}
