using System;
using System.IO;
using System.Linq;
using Interop.Tests.Support;

namespace Interop.Tests.Cli.Oci.Engines
{
    /// <summary>Mounts an engine left under its directory: detached (so the directory can go) and reported.</summary>
    public static class MountsBelow
    {
        /// <summary>Detaches every mount below <paramref name="directory"/>, innermost first, and returns their mount points.</summary>
        public static string[] Detach(string directory)
        {
            string[] points = File.ReadAllLines("/proc/self/mountinfo")
                .Select(line => line.Split(' ')[4])
                .Where(point => point.StartsWith(directory + "/", StringComparison.Ordinal))
                .ToArray();
            foreach (string point in points.Reverse())
            {
                Run.Program("/usr/bin/umount", "--lazy", point);
            }

            return points;
        }
    }
}
