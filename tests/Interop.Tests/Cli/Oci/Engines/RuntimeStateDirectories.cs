using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Interop.Tests.Cli.Oci.Engines
{
    /// <summary>
    /// The host directories an engine's runtimes use whatever the configuration says: podman's
    /// cleanup calls `RUNTIME delete --force ID` without the --root podman was given, so each
    /// runtime uses its default root (/run/nsbox, /run/runc), and containerd 1.6 keeps its shims'
    /// sockets in /run/containerd/s. Those that did not exist before the engine started are
    /// removed when it ends, once empty; anything left in them is a failure (state, a socket).
    /// </summary>
    public sealed class RuntimeStateDirectories
    {
        private readonly string[] _created;

        public RuntimeStateDirectories(params string[] directories) =>
            _created = directories.Where(d => !Directory.Exists(d)).ToArray();

        /// <summary>Removes the directories that were made meanwhile; throws naming whatever was left inside one.</summary>
        public void RemoveCreated()
        {
            var left = new List<string>();
            foreach (string directory in _created.Where(Directory.Exists))
            {
                // Innermost first: empty subdirectories (containerd's s/, fifo/, runc/NAMESPACE) go too.
                foreach (string sub in Directory.GetDirectories(directory, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
                {
                    if (!Directory.EnumerateFileSystemEntries(sub).Any())
                    {
                        Directory.Delete(sub);
                    }
                }

                string[] entries = Directory.GetFileSystemEntries(directory, "*", SearchOption.AllDirectories);
                if (entries.Length == 0)
                {
                    Directory.Delete(directory);
                }
                else
                {
                    left.AddRange(entries);
                }
            }

            if (left.Count > 0)
            {
                throw new InvalidOperationException("left behind on the host: " + string.Join(", ", left));
            }
        }
    }

    /// <summary>
    /// The cgroups an engine leaves: podman's cgroupfs manager makes a parent (libpod_parent) in
    /// every hierarchy and containerd one per namespace (default), and neither removes it. Those made
    /// while the engine ran are removed when it ends, once empty; a non-empty one is a failure.
    /// </summary>
    public sealed class CgroupDirectoriesMade
    {
        private const string Root = "/sys/fs/cgroup";
        private readonly HashSet<string> _before = Snapshot();

        /// <summary>Removes every cgroup directory made since construction, innermost first; throws naming any that still holds a process.</summary>
        public void RemoveCreated()
        {
            var left = new List<string>();
            foreach (string directory in Snapshot().Where(d => !_before.Contains(d)).OrderByDescending(d => d.Length))
            {
                try
                {
                    Directory.Delete(directory);
                }
                catch (IOException)
                {
                    left.Add(directory);
                }
            }

            if (left.Count > 0)
            {
                throw new InvalidOperationException("cgroups left behind on the host: " + string.Join(", ", left));
            }
        }

        // cgroup directories hold only control files, so every directory below a hierarchy is a cgroup.
        private static HashSet<string> Snapshot() => Directory.Exists(Root)
            ? Directory.GetDirectories(Root).SelectMany(h => Directory.GetDirectories(h, "*", SearchOption.AllDirectories)).ToHashSet(StringComparer.Ordinal)
            : [];
    }
}
