using System.IO;
using System.Linq;

namespace Interop.Tests.Support
{
    /// <summary>What a spawn must leave unchanged in this process: open fds, mappings, children.</summary>
    public sealed record HostState(string[] Fds, int Mappings, string Hostname)
    {
        /// <summary>
        /// Open fds as "N -> target", so a difference says what leaked. An fd that is closed before
        /// its target can be read (the directory listing's own, a watcher's pipe) is left out: it was
        /// not held, so it cannot be a leak, and counting it made one capture differ from the next.
        /// </summary>
        public static HostState Capture() => new(
            Directory.GetFiles("/proc/self/fd")
                .Select(f => (Fd: Path.GetFileName(f), Target: Target(f)))
                .Where(f => f.Target is not null)
                .Select(f => f.Fd + " -> " + f.Target)
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .ToArray(),
            File.ReadAllLines("/proc/self/maps").Length,
            File.ReadAllText("/proc/sys/kernel/hostname").Trim());

        private static string? Target(string fd)
        {
            try
            {
                return new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>
        /// The state after the work under test, compared with <paramref name="before"/>: the runtime
        /// and the test host open and close fds of their own now and then (thread pool, process
        /// watchers), so an fd that is new is looked at again a few times before it counts.
        /// </summary>
        public static HostState CaptureSettled(HostState before)
        {
            HostState after = Capture();
            for (int i = 0; i < 10 && after.OpenedSince(before).Length > 0; i++)
            {
                System.Threading.Thread.Sleep(100);
                after = Capture();
            }

            return after;
        }

        /// <summary>
        /// Fds open now that were not open in <paramref name="before"/>: a leak. Fds that closed
        /// meanwhile are not one (the test host's own come and go).
        /// </summary>
        public string[] OpenedSince(HostState before) => Fds.Except(before.Fds).ToArray();

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
