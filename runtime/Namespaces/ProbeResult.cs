namespace Interop.Runtime.Namespaces
{
    /// <summary>
    /// One answer of <see cref="KernelSupport"/>: whether a namespace can be created
    /// (<paramref name="Supported"/>; null when it could not be found out), how that was found out
    /// (<paramref name="Method"/>, one of the constants below), why where it is not a plain yes
    /// (<paramref name="Detail"/>: the error, or the settings that forbid it), and, for an answer
    /// inferred rather than tried, why it was not tried (<paramref name="WhyNotTried"/>).
    /// </summary>
    public sealed record ProbeResult(bool? Supported, string Method, string? Detail = null, string? WhyNotTried = null)
    {
        /// <summary>Found out by starting `true` in a new namespace of that type from this process.</summary>
        public const string Spawned = "spawned";

        /// <summary>Found out by running `nsbox run` as uid/gid 65534 through setpriv (the caller being root).</summary>
        public const string Setpriv = "setpriv";

        /// <summary>Inferred from the kernel's settings under /proc/sys, without creating anything.</summary>
        public const string Sysctl = "sysctl";

        /// <summary>The kernel has no such namespace type (no /proc/self/ns file).</summary>
        public const string Absent = "absent";
    }
}
