using System;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>What a path is on the host, as far as planning mounts is concerned.</summary>
    internal enum HostFileKind
    {
        Missing,
        Directory,
        Other,
    }

    /// <summary>
    /// The questions the lowering asks the host's file system. An interface so that the plan's
    /// ordering and checks are tested without root and without touching the host (a recording
    /// fake in the tests), as youki tests its rootfs logic.
    /// </summary>
    internal interface IHostFiles
    {
        /// <summary>What <paramref name="path"/> is (following symbolic links, as mount does); when missing, why.</summary>
        HostFileKind Kind(string path, out Errno errno);

        /// <summary>What the symbolic link at <paramref name="path"/> points to, or null when the path is not a symbolic link (or is missing).</summary>
        string? SymbolicLinkTarget(string path);

        /// <summary>Opens a namespace file for setns (O_RDONLY|O_CLOEXEC).</summary>
        /// <exception cref="ErrnoException">It cannot be opened.</exception>
        FileDescriptor OpenNamespace(string path);

        /// <summary>The working directory, for relative paths.</summary>
        string WorkingDirectory();
    }

    /// <summary>The real host, through the generated friendly bindings.</summary>
    internal sealed class HostFiles : IHostFiles
    {
        public static readonly HostFiles Instance = new();

        public unsafe HostFileKind Kind(string path, out Errno errno)
        {
            // A missing path is an answer here, not a failure (masked paths, a cgroup's tasks file):
            // asked without an exception, which costs tens of microseconds of unwinding under NativeAOT.
            Stat info;
            int result;
            fixed (byte* bytes = Text.FileSystemEncoding.ToNulTerminated(path))
            {
                result = Native.stat(bytes, &info);
            }

            if (result == -1)
            {
                errno = LastErrno.Read();
                return HostFileKind.Missing;
            }

            errno = Errno.None;
            return (info.mode & Native.S_IFMT) == Native.S_IFDIR ? HostFileKind.Directory : HostFileKind.Other;
        }

        public string? SymbolicLinkTarget(string path)
        {
            try
            {
                Sys.Lstat(path, out Stat info);
                if ((info.mode & Native.S_IFMT) != Native.S_IFLNK)
                {
                    return null;
                }

                System.Span<byte> target = stackalloc byte[Native.PATH_MAX];
                int length = (int)Sys.Readlink(path, target);
                return NativeStrings.Decode(target[..length]);
            }
            catch (ErrnoException)
            {
                return null;
            }
        }

        public FileDescriptor OpenNamespace(string path) => PrivateDescriptor.MoveUp(Sys.Open(path, Native.O_RDONLY | Native.O_CLOEXEC, 0));

        public string WorkingDirectory() => Environment.CurrentDirectory;
    }
}
