using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Interop.Linux;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>What the tests look at from outside: a container's state JSON, its process, the FIFOs its command writes.</summary>
    public static unsafe class ContainerProbe
    {
        public static JsonElement State(string json)
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }

        /// <summary>The process's argv, or null when it is gone.</summary>
        public static string[]? CommandLine(int pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>True when the process is gone or a zombie (exited, waiting to be reaped by whoever adopted it).</summary>
        public static bool HasEnded(int pid)
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                return stat[(stat.LastIndexOf(')') + 2)..][0] is 'Z' or 'X';
            }
            catch (IOException)
            {
                return true;
            }
        }

        /// <summary>Waits for the process (not our child) to exit, through its pidfd; false after <paramref name="timeout"/>.</summary>
        public static bool WaitForExit(int pid, TimeSpan timeout)
        {
            int pidfd = Native.pidfd_open(pid, 0);
            if (pidfd == -1)
            {
                return true;
            }

            PollFd poll = default;
            poll.fd = pidfd;
            poll.events = Native.POLLIN;
            int ready = Native.poll(&poll, 1, (int)timeout.TotalMilliseconds);
            Native.close(pidfd);
            return ready == 1;
        }

        /// <summary>Blocks until the command opens <paramref name="fifo"/> and writes, returns what it wrote (trimmed); throws after <paramref name="timeout"/>.</summary>
        public static string Read(string fifo, TimeSpan timeout)
        {
            Task<string> read = Task.Run(() => File.ReadAllText(fifo));
            if (!read.Wait(timeout))
            {
                using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
                {
                }

                throw new TimeoutException("the container wrote nothing to " + fifo + " within " + timeout);
            }

            return read.Result.Trim();
        }

        /// <summary>Writes a line to <paramref name="fifo"/> for the command, which reads it (blocks until it opens it).</summary>
        public static void Write(string fifo, string line, TimeSpan timeout)
        {
            Task write = Task.Run(() => File.WriteAllText(fifo, line + "\n"));
            if (!write.Wait(timeout))
            {
                using (new FileStream(fifo, FileMode.Open, FileAccess.Read))
                {
                }

                throw new TimeoutException("the container did not read " + fifo + " within " + timeout);
            }
        }

        /// <summary>The host's mount table lines (mount ids and all), for a before/after comparison.</summary>
        public static string[] HostMounts() => File.ReadAllLines("/proc/self/mountinfo").Order(StringComparer.Ordinal).ToArray();
    }
}
