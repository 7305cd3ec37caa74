using System;
using System.Collections.Generic;
using Interop.Linux;

namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// An OCI <c>linux.cgroupsPath</c> as runc's cgroupfs driver reads it: <paramref name="Inner"/>
    /// is the cleaned path, below each hierarchy's root when <paramref name="IsAbsolute"/>
    /// ("/machine/box" is /sys/fs/cgroup/memory/machine/box), otherwise below the caller's own cgroup
    /// in each hierarchy ("box" from a process in memory:/user is /sys/fs/cgroup/memory/user/box).
    /// </summary>
    public sealed record CgroupPath(string Inner, bool IsAbsolute)
    {
        /// <summary>
        /// Reads <paramref name="cgroupsPath"/>; without one, the container's cgroup is named after its
        /// id, below the caller's own (what runc does then). ".." cannot climb above the start, as in
        /// runc's CleanPath. The systemd driver's form "slice:prefix:name" is refused (there is no
        /// systemd to ask for a scope), and so is a path that names the hierarchy's root or the
        /// caller's own cgroup (the container's cgroup is its own: delete removes it, kill --all
        /// signals everything in it).
        /// </summary>
        /// <exception cref="SandboxUsageException">One of the refusals above (EOPNOTSUPP or EINVAL).</exception>
        public static CgroupPath Parse(string? cgroupsPath, string containerId)
        {
            const string field = "config.json: linux.cgroupsPath";
            string path = string.IsNullOrEmpty(cgroupsPath) ? containerId : cgroupsPath;
            if (path.Contains('\n', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal))
            {
                throw new SandboxUsageException(field, Errno.EINVAL, Quote(path), "a path without newlines or NUL bytes");
            }

            if (!path.StartsWith('/') && path.Split(':').Length == 3)
            {
                throw new SandboxUsageException(field, Errno.EOPNOTSUPP, Quote(path), "the systemd cgroup driver's form slice:prefix:name needs systemd, which nsbox does not use; give a path (\"/machine/NAME\", or relative \"NAME\")");
            }

            bool absolute = path.StartsWith('/');
            string inner = Clean(path);
            if (inner.Length == 0)
            {
                throw new SandboxUsageException(field, Errno.EINVAL, Quote(path), absolute
                    ? "the root cgroup is not a container's own cgroup: name one below it"
                    : "names the caller's own cgroup, not one of the container's own: name one below it");
            }

            return new CgroupPath(inner, absolute);
        }

        /// <summary>
        /// The path as components joined by "/" without a leading one: "." and empty components
        /// dropped, ".." removing the one before it and nothing at the start (so "../x" and "/../x"
        /// are both "x").
        /// </summary>
        internal static string Clean(string path)
        {
            var parts = new List<string>();
            foreach (string part in path.Split('/'))
            {
                if (part is "" or ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }

                    continue;
                }

                parts.Add(part);
            }

            return string.Join('/', parts);
        }

        /// <summary><paramref name="directory"/> with <paramref name="inner"/> below it (cleaned: it never climbs out of the directory).</summary>
        internal static string Join(string directory, string inner)
        {
            string cleaned = Clean(inner);
            return cleaned.Length == 0 ? directory : directory.TrimEnd('/') + "/" + cleaned;
        }

        /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> or below it, by whole components ("/a/bc" is not below "/a/b").</summary>
        internal static bool IsAtOrBelow(string path, string directory) =>
            path == directory || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);

        private static string Quote(string value) => "'" + value + "'";
    }
}
