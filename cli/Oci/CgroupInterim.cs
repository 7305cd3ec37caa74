using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Cgroups;

namespace Nsbox.Oci
{
    /// <summary>
    /// INTERIM, until branch cgroup-resources is merged: its Cgroup.Apply and Cgroup.ReadStats
    /// (instance methods, which take precedence over these). What the runtime could already set is
    /// set; the rest is refused, never dropped. Delete this file with the merge.
    /// </summary>
    internal static class CgroupInterim
    {
        public static void Apply(this Cgroup cgroup, CgroupResources resources)
        {
            if (resources.PidsLimit is { } limit)
            {
                cgroup.SetPidsLimit(limit);
            }

            if (resources.CpuShares is { } shares)
            {
                cgroup.SetCpuShares(shares);
            }

            if (resources with { PidsLimit = null, CpuShares = null } != new CgroupResources())
            {
                throw new SandboxUsageException("linux.resources", Errno.EOPNOTSUPP, null, "limits but pids and cpu shares need Cgroup.Apply (branch cgroup-resources)");
            }
        }

        public static CgroupStats ReadStats(this Cgroup cgroup) =>
            throw new SandboxUsageException("events --stats", Errno.EOPNOTSUPP, null, "reading the usage needs Cgroup.ReadStats (branch cgroup-resources)");
    }
}
