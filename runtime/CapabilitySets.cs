namespace Interop.Runtime
{
    /// <summary>
    /// The five capability sets the command starts with (bit N for capability N,
    /// <see cref="Capabilities.Parse"/>), as config.json's <c>process.capabilities</c> lists them.
    /// The child applies them as runc does, last of the setup: every capability outside
    /// <paramref name="Bounding"/> dropped from the bounding set, the user changed with the
    /// permitted set kept (PR_SET_KEEPCAPS), then effective, permitted and inheritable set with
    /// capset and the ambient set raised (a capability the kernel refuses to raise, one not both
    /// permitted and inheritable, is left out, as runc leaves it). execve then computes what the
    /// command gets: root keeps the bounding set as permitted and effective; another user keeps
    /// only the ambient set (capabilities(7)).
    /// </summary>
    public sealed record CapabilitySets(ulong Bounding, ulong Effective, ulong Permitted, ulong Inheritable, ulong Ambient)
    {
        /// <summary>Every set empty: what runc gives a config with no <c>capabilities</c> object.</summary>
        public static CapabilitySets None { get; } = new(0, 0, 0, 0, 0);
    }
}
