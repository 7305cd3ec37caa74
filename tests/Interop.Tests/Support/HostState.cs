using System.IO;
using System.Linq;

namespace Interop.Tests.Support
{
    /// <summary>What a spawn must leave unchanged in this process: open fds, mappings, children.</summary>
    public sealed record HostState(string[] Fds, int Mappings, string Hostname)
    {
        public static HostState Capture() => new(
            Directory.GetFiles("/proc/self/fd").Select(Path.GetFileName).Select(f => f!).OrderBy(f => f).ToArray(),
            File.ReadAllLines("/proc/self/maps").Length,
            File.ReadAllText("/proc/sys/kernel/hostname").Trim());

        /// <summary>Zombie children of this process (state Z in /proc/PID/stat with our pid as parent).</summary>
        public static int ZombieChildren()
        {
            int self = System.Environment.ProcessId;
            int zombies = 0;
            foreach (string dir in Directory.GetDirectories("/proc"))
            {
                string name = Path.GetFileName(dir);
                if (!int.TryParse(name, out _))
                {
                    continue;
                }

                try
                {
                    string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (rest[0] == "Z" && rest[1] == self.ToString())
                    {
                        zombies++;
                    }
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
            }

            return zombies;
        }
    }
}
