using Interop.Linux;

namespace Nsbox.Commands
{
    /// <summary>Namespace type names as users type them (uts, mnt or mount, ...).</summary>
    internal static class NamespaceTypes
    {
        public static readonly string[] Names = ["uts", "ipc", "pid", "net", "mount", "user", "cgroup", "time"];

        public static CloneFlags? Parse(string name) => name switch
        {
            "uts" => CloneFlags.NewUts,
            "ipc" => CloneFlags.NewIpc,
            "pid" => CloneFlags.NewPid,
            "net" => CloneFlags.NewNet,
            "mnt" or "mount" => CloneFlags.NewMount,
            "user" => CloneFlags.NewUser,
            "cgroup" => CloneFlags.NewCgroup,
            "time" => CloneFlags.NewTime,
            _ => null,
        };
    }
}
