namespace Interop.Runtime.Namespaces
{
    /// <summary>
    /// What the kernel offers for one namespace type: whether it has it (<paramref name="Present"/>:
    /// /proc/self/ns has the file), the per-user limit (/proc/sys/user/max_TYPE_namespaces; null
    /// where the file is missing), and whether root and an unprivileged user can create one.
    /// </summary>
    public sealed record NamespaceSupport(NamespaceType Type, bool Present, long? Limit, ProbeResult AsRoot, ProbeResult Unprivileged);
}
