namespace Interop.Generator.Model
{
    /// <summary>
    /// A system call bound by number through libc's <c>syscall(2)</c> rather than by a libc symbol: for
    /// calls libc does not wrap (pivot_root, capset), wraps only in newer versions (pidfd_open), or wraps
    /// in a way that is unsafe in a cloned child (glibc's setresuid signals every thread of the parent).
    /// <see cref="Function"/> describes it like a libc function; <see cref="Numbers"/> are its numbers.
    /// </summary>
    public sealed record SyscallModel(FunctionModel Function, PerArchitecture<int> Numbers);
}
