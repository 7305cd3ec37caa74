using System.Collections.Generic;

namespace Interop.Runtime
{
    /// <summary>
    /// The user the command runs as, inside the sandbox's user namespace if it has one: the
    /// supplementary groups, then the group, then the user are set in the child after every mount
    /// (setgroups, setresgid, setresuid), as runc sets them (config.json's <c>process.user</c>).
    /// </summary>
    /// <param name="Uid">The real, effective and saved user id.</param>
    /// <param name="Gid">The real, effective and saved group id.</param>
    /// <param name="AdditionalGroups">The supplementary groups (empty: none, the caller's are dropped).</param>
    public sealed record ProcessUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGroups);
}
