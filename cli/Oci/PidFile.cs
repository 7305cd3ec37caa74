using System.Globalization;
using System.IO;
using System.Text;
using Interop.Linux;

namespace Nsbox.Oci
{
    /// <summary>--pid-file, as runc writes it: the number without a newline, written whole (a reader never sees half of it).</summary>
    internal static class PidFile
    {
        /// <exception cref="ErrnoException">The file cannot be written: <c>write --pid-file /x/pid: No such file or directory (ENOENT)</c>.</exception>
        public static void Write(string path, int pid)
        {
            string full = Path.GetFullPath(path);
            try
            {
                using (FileDescriptor fd = Sys.Open(full + ".tmp", Native.O_WRONLY | Native.O_CREAT | Native.O_TRUNC | Native.O_CLOEXEC, 0x1A4 /* 0644 */))
                {
                    Sys.Write((int)fd.DangerousGetHandle(), Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture)));
                }

                Sys.Rename(full + ".tmp", full);
            }
            catch (ErrnoException e)
            {
                throw new ErrnoException("write --pid-file", e.Errno, full);
            }
        }
    }
}
