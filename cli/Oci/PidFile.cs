using System.Globalization;
using System.IO;

namespace Nsbox.Oci
{
    /// <summary>--pid-file, as runc writes it: the number without a newline, written whole (a reader never sees half of it).</summary>
    internal static class PidFile
    {
        public static void Write(string path, int pid)
        {
            string full = Path.GetFullPath(path);
            File.WriteAllText(full + ".tmp", pid.ToString(CultureInfo.InvariantCulture));
            File.Move(full + ".tmp", full, overwrite: true);
        }
    }
}
