using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Interop.Runtime.Namespaces
{
    /// <summary>The cgroup layout, from this process's /proc/self/mountinfo.</summary>
    public static partial class KernelSupport
    {
        /// <summary>How cgroups are mounted: see <see cref="CgroupLayout"/>.</summary>
        public static CgroupLayout ReadCgroupLayout()
        {
            var mounts = new List<CgroupMount>();
            string mountinfo;
            try
            {
                mountinfo = File.ReadAllText("/proc/self/mountinfo");
            }
            catch (IOException)
            {
                mountinfo = "";
            }

            foreach (Cgroups.CgroupMountInfo.CgroupMountLine mount in Cgroups.CgroupMountInfo.Read(mountinfo))
            {
                mounts.Add(mount.Version == 2
                    ? new CgroupMount(mount.MountPoint, 2, ReadControllers(mount.MountPoint))
                    : new CgroupMount(mount.MountPoint, 1, string.Join(',', mount.Controllers)));
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
    }
}
