namespace Interop.Runtime
{
    /// <summary>
    /// A file system to set up inside the new mount namespace, in order. Targets are paths as the
    /// command will see them (inside the new root when there is one).
    /// </summary>
    public abstract record MountRequest(string Target)
    {
        /// <summary>Bind-mount a host path (recursively); read-only when asked.</summary>
        public sealed record Bind(string Source, string Target, bool ReadOnly = false) : MountRequest(Target);

        /// <summary>A fresh, empty tmpfs.</summary>
        public sealed record Tmpfs(string Target) : MountRequest(Target);

        /// <summary>A proc file system for the sandbox's PID namespace.</summary>
        public sealed record Proc(string Target) : MountRequest(Target);

        /// <summary>
        /// A minimal /dev: a tmpfs holding null, zero, full, random, urandom and tty (bound from the
        /// host's, since mknod is refused in a user namespace), a private devpts at pts with ptmx, and
        /// a tmpfs at shm.
        /// </summary>
        public sealed record Dev(string Target) : MountRequest(Target);
    }
}
