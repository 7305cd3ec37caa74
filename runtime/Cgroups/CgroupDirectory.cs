namespace Interop.Runtime.Cgroups
{
    /// <summary>One directory of a cgroup: <paramref name="Path"/> in <paramref name="Hierarchy"/>.</summary>
    public sealed record CgroupDirectory(CgroupHierarchy Hierarchy, string Path);
}
