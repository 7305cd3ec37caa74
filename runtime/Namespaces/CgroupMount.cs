namespace Interop.Runtime.Namespaces
{
    /// <summary>
    /// One cgroup file system: where it is mounted, its <paramref name="Version"/> (1 or 2), and its
    /// <paramref name="Controllers"/> (v1: from the mount options, "cpu,cpuacct" or "name=systemd";
    /// v2: from cgroup.controllers, space-separated, empty when every controller is bound to v1).
    /// </summary>
    public sealed record CgroupMount(string MountPoint, int Version, string Controllers);
}
