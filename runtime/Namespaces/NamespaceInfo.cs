namespace Interop.Runtime.Namespaces
{
    /// <summary>
    /// One namespace in use on the host, as lsns shows it: its <paramref name="Type"/> ("mnt",
    /// "uts", ...), its <paramref name="Inode"/> (the number in "uts:[4026531838]", unique per type),
    /// how many processes are in it, and the one with the lowest pid: that pid, its real user
    /// (<paramref name="Uid"/>, and <paramref name="User"/>: the name from /etc/passwd, else the
    /// number) and its <paramref name="Command"/> (the command line joined by spaces, or the
    /// process name where the command line is empty, as for kernel threads).
    /// </summary>
    public sealed record NamespaceInfo(string Type, ulong Inode, int Processes, int LowestPid, uint Uid, string User, string Command);
}
