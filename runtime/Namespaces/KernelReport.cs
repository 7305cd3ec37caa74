using System.Collections.Generic;

namespace Interop.Runtime.Namespaces
{
    /// <summary>
    /// What <see cref="KernelSupport.Read"/> found: the kernel <paramref name="Release"/> (as uname -r),
    /// each namespace type oldest first, the settings that decide whether unprivileged users may
    /// create user namespaces (absent ones with a null value), and the cgroup layout.
    /// </summary>
    public sealed record KernelReport(string Release, IReadOnlyList<NamespaceSupport> Namespaces, IReadOnlyList<KernelSetting> UserNamespaceSettings, CgroupLayout Cgroups);
}
