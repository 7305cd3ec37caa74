using System;
using System.Text;
using Interop.Linux;

namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// Reading and writing cgroup files with the kernel's errno in the error (EBUSY, EINVAL, ENOSPC:
    /// a controller's answer matters, and .NET's exceptions lose it): each write is one write(2),
    /// as cgroup files take a value per write.
    /// </summary>
    internal static class CgroupFiles
    {
        /// <summary>Writes <paramref name="value"/> to <paramref name="directory"/>/<paramref name="file"/> in one write.</summary>
        /// <exception cref="ErrnoException">The open or the write failed: "write /sys/fs/cgroup/pids/box/pids.max: ...".</exception>
        public static void Write(string directory, string file, string value)
        {
            string path = directory + "/" + file;
            try
            {
                using FileDescriptor fd = Sys.Open(path, Native.O_WRONLY | Native.O_CLOEXEC, 0);
                Sys.Write(fd.Value, Encoding.UTF8.GetBytes(value));
            }
            catch (ErrnoException e)
            {
                throw new ErrnoException("write " + path, e.Errno, "'" + value + "'");
            }
        }

        /// <summary>The whole file as text.</summary>
        /// <exception cref="ErrnoException">It cannot be read.</exception>
        public static string Read(string directory, string file)
        {
            string path = directory + "/" + file;
            try
            {
                using FileDescriptor fd = Sys.Open(path, Native.O_RDONLY | Native.O_CLOEXEC, 0);
                var text = new StringBuilder();
                byte[] buffer = new byte[4096];
                while (true)
                {
                    int read = (int)Sys.Read(fd.Value, buffer);
                    if (read == 0)
                    {
                        return text.ToString();
                    }

                    text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }
            }
            catch (ErrnoException e)
            {
                throw new ErrnoException("read " + path, e.Errno);
            }
        }

        /// <summary>Creates a directory (0755); false when it exists already.</summary>
        /// <exception cref="ErrnoException">mkdir failed otherwise.</exception>
        public static unsafe bool MakeDirectory(string path)
        {
            // EEXIST is an answer (a parent made before, nsbox's own cgroup): told without an
            // exception, which costs tens of microseconds of unwinding under NativeAOT.
            int result;
            fixed (byte* bytes = Text.FileSystemEncoding.ToNulTerminated(path))
            {
                result = Native.mkdir(bytes, 0x1ED /* 0755 */);
            }

            if (result == 0)
            {
                return true;
            }

            Errno errno = Spawning.LastErrno.Read();
            return errno == Errno.EEXIST ? false : throw new ErrnoException("mkdir", errno, path);
        }

        /// <summary>Removes an empty cgroup directory; the errno when it cannot (ENOENT: already gone).</summary>
        public static Errno RemoveDirectory(string path)
        {
            try
            {
                Sys.Rmdir(path);
                return Errno.None;
            }
            catch (ErrnoException e)
            {
                return e.Errno;
            }
        }

        /// <summary>Whether the path exists (a cgroup directory or a controller file).</summary>
        public static bool Exists(string path) => System.IO.Directory.Exists(path) || System.IO.File.Exists(path);

        /// <summary>
        /// The pids in a cgroup.procs text, one a line. A v2 cgroup.procs lists a process of a PID
        /// namespace the reader cannot see as 0 (measured: a host process read from inside
        /// `unshare --pid`); that is no pid of ours, and kill(0) would signal our own process group,
        /// so it is left out (<see cref="HasHiddenProcesses"/> tells it is there).
        /// </summary>
        public static int[] ParsePids(string text)
        {
            string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return Array.FindAll(Array.ConvertAll(lines, l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture)), pid => pid > 0);
        }

        /// <summary>Whether a cgroup.procs text lists a process this PID namespace cannot see (as 0).</summary>
        public static bool HasHiddenProcesses(string text) =>
            Array.Exists(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l == "0");
    }
}
