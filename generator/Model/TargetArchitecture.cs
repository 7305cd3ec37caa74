namespace Interop.Generator.Model
{
    /// <summary>
    /// The architectures a table describes. Syscall numbers, some constants and some struct layouts
    /// differ between them, so a table gives those per architecture and the generator picks one.
    /// The order is the order of <see cref="Architectures.All"/> and of every <see cref="PerArchitecture{T}"/>.
    /// </summary>
    public enum TargetArchitecture
    {
        /// <summary>x86_64 (amd64): the table key <c>x86_64</c>, .NET's <c>Architecture.X64</c>.</summary>
        X64 = 0,

        /// <summary>AArch64 (arm64): the table key <c>aarch64</c>, .NET's <c>Architecture.Arm64</c>.</summary>
        Arm64 = 1,
    }
}
