namespace Interop.Runtime.Spawning
{
    /// <summary>A device node to create, prepared by the parent for the child's mknod and chown (<see cref="ChildStep.MakeDevice"/>).</summary>
    internal struct DeviceNode
    {
        /// <summary>makedev(major, minor), glibc's encoding.</summary>
        public ulong Device;

        /// <summary>The file type (S_IFCHR, S_IFBLK, S_IFIFO) ORed with the permission bits.</summary>
        public uint Mode;

        public uint Uid;
        public uint Gid;
    }
}
