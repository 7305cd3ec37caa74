namespace Interop.Runtime.Cgroups
{
    /// <summary>How a host mounts its cgroups, as <see cref="CgroupHost"/> detects it.</summary>
    public enum CgroupMode
    {
        /// <summary>No cgroup file system is mounted.</summary>
        None,

        /// <summary>Only v1 hierarchies (one per controller or group of controllers).</summary>
        V1,

        /// <summary>v1 hierarchies for the controllers, and a v2 one beside them (systemd's /sys/fs/cgroup/unified).</summary>
        Hybrid,

        /// <summary>One unified v2 hierarchy.</summary>
        V2,
    }
}
