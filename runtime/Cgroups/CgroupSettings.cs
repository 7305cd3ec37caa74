using System.Collections.Generic;

namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// What a container asks of its cgroup (config.json's <c>linux.cgroupsPath</c> and the
    /// <c>linux.resources</c> nsbox carries out): the path as given (null: runc's default, named
    /// after the container's id), the pids limit (null or 0: none set) and the device rules in
    /// the config's order (empty: none; <see cref="Cgroup.SetDeviceRules"/> appends nothing itself),
    /// and the cpu shares (null or 0: none set; the other cpu settings are issue 13's).
    /// </summary>
    public sealed record CgroupSettings(string? CgroupsPath, long? PidsLimit, IReadOnlyList<CgroupDeviceRule> DeviceRules, ulong? CpuShares = null)
    {
        /// <summary>Every limit of <c>linux.resources</c> but the device rules (the pids limit and cpu shares too), for <c>Cgroup.Apply</c>.</summary>
        public CgroupResources Resources { get; init; } = new();
    }
}
