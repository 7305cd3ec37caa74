namespace Interop.Runtime.Spawning
{
    /// <summary>What one <see cref="FileSystemOperation"/> does.</summary>
    internal enum FileSystemOperationKind
    {
        /// <summary>mkdir(Target, 0755); an existing directory is fine.</summary>
        MakeDirectory = 1,

        /// <summary>Create an empty file at Target (a mount point for a bound file); an existing one is fine.</summary>
        CreateFile = 2,

        /// <summary>mount(Source, Target, FileSystemType, Flags, Data).</summary>
        Mount = 3,

        /// <summary>symlink(Source, Target): Target is the link, Source what it points to.</summary>
        Symlink = 4,
    }

    /// <summary>
    /// One step of the file system setup, prepared by the parent (paths already joined and made
    /// absolute) so the child only issues the system call.
    /// </summary>
    internal unsafe struct FileSystemOperation
    {
        public FileSystemOperationKind Kind;
        public byte* Source;
        public byte* Target;
        public byte* FileSystemType;
        public ulong Flags;
        public byte* Data;
    }
}
