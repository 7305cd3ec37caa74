namespace Interop.Runtime.Namespaces
{
    /// <summary>A number under /proc/sys: its sysctl <paramref name="Name"/> ("user.max_user_namespaces") and <paramref name="Value"/>, null where the kernel has no such file.</summary>
    public sealed record KernelSetting(string Name, long? Value)
    {
        /// <summary>The file the setting is read from.</summary>
        public string Path => "/proc/sys/" + Name.Replace('.', '/');
    }
}
