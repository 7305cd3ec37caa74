using System.Collections.Generic;
using Interop.Linux;

namespace Interop.Runtime
{
    /// <summary>
    /// Existing namespaces to enter: a /proc/PID/ns/* file or one kept alive by a bind mount of it
    /// (<paramref name="Path"/>, one type); or every <paramref name="Type"/> of a process in one
    /// atomic setns on a pidfd (<paramref name="PidFd"/>, or <paramref name="Pid"/> for which the
    /// spawner opens one; Linux 5.8, with a fallback to the /proc files on older kernels).
    /// </summary>
    public sealed record NamespaceJoin(CloneFlags Type, string? Path = null, FileDescriptor? PidFd = null, int Pid = 0);

    /// <summary>A namespace of the new sandbox to keep alive by bind-mounting it onto <paramref name="File"/> (created if missing), as unshare --uts=FILE does.</summary>
    public sealed record NamespaceKeep(CloneFlags Type, string File);

    /// <summary>Namespace files under /proc/PID/ns, in the order they are entered.</summary>
    public static class NamespaceFiles
    {
        /// <summary>"uts", "mnt", ...: the file name under /proc/PID/ns (from <see cref="NamespaceType"/>).</summary>
        public static string Name(CloneFlags type) => NamespaceType.Of(type).Name;

        /// <summary>The namespaces of a running process, to enter (like nsenter --target PID).</summary>
        public static IReadOnlyList<NamespaceJoin> OfProcess(int pid, CloneFlags types)
        {
            var joins = new List<NamespaceJoin>();
            foreach (NamespaceType type in NamespaceType.InEnterOrder)
            {
                if ((types & type.Flag) != 0)
                {
                    joins.Add(new NamespaceJoin(type.Flag, $"/proc/{pid}/ns/{type.Name}"));
                }
            }

            return joins;
        }
    }
}
