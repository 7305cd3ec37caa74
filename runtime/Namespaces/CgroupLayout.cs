using System.Collections.Generic;

namespace Interop.Runtime.Namespaces
{
    /// <summary>
    /// How cgroups are mounted here. <paramref name="Mode"/> is "v2" (one unified hierarchy on
    /// /sys/fs/cgroup), "hybrid" (v1 controllers, plus a v2 hierarchy on /sys/fs/cgroup/unified),
    /// "v1" (v1 hierarchies only) or "none" (nothing mounted); <paramref name="Mounts"/> are the
    /// cgroup file systems in this process's mount namespace, in mount order.
    /// </summary>
    public sealed record CgroupLayout(string Mode, IReadOnlyList<CgroupMount> Mounts);
}
