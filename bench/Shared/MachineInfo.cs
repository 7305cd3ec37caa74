using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Bench.Shared
{
    /// <summary>
    /// One line describing where a figure was measured: a timing is meaningless without the CPU,
    /// the core count and the runtime it came from.
    /// </summary>
    public static class MachineInfo
    {
        public static string Describe()
        {
            string cpu = ReadFirst("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
            string memory = ReadFirst("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out long kib)
                ? $"{kib / (1024.0 * 1024.0):F0} GiB"
                : "unknown memory";
            return $"{RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.OSArchitecture}, {Environment.ProcessorCount} cores, {cpu}, {memory}, {RuntimeInformation.FrameworkDescription}";
        }

        private static string? ReadFirst(string path, string key)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            string? line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            int colon = line?.IndexOf(':') ?? -1;
            return colon < 0 ? null : line![(colon + 1)..].Trim();
        }
    }
}
