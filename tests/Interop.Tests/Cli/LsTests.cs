using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary><c>nsbox ls</c>: the host's namespaces, as lsns lists them.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class LsTests
    {
        private static RunResult Nsbox(params string[] args) => Run.Program(Published.Nsbox, args);

        /// <summary>The inode in a /proc/PID/ns link ("uts:[4026531838]").</summary>
        private static ulong Inode(int pid, string type)
        {
            string link = new FileInfo($"/proc/{pid}/ns/{type}").LinkTarget!;
            Assert.StartsWith(type + ":[", link);
            return ulong.Parse(link[(type.Length + 2)..^1]);
        }

        [Fact]
        public void TheTestProcesssOwnUtsNamespaceIsListed()
        {
            ulong own = Inode(Environment.ProcessId, "uts");

            RunResult result = Nsbox("ls");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("", result.Stderr);
            string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND"], Fields(lines[0]));
            string[] row = Assert.Single(lines.Skip(1).Select(Fields), f => f[0] == own.ToString() && f[1] == "uts");
            Assert.True(int.Parse(row[2]) >= 1, lines[0] + "\n" + string.Join(' ', row));
            Assert.True(int.Parse(row[3]) <= Environment.ProcessId); // the lowest pid in it
        }

        [Fact]
        public void RowsAreSortedByTypeThenInode()
        {
            RunResult result = Nsbox("ls");
            (string Type, ulong Inode)[] rows = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(Fields).Select(f => (f[1], ulong.Parse(f[0]))).ToArray();
            Assert.NotEmpty(rows);
            Assert.Equal(rows.OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Inode), rows);
        }

        /// <summary>A sandbox with --uts is a new uts namespace of one process, the command.</summary>
        [SkippableFact]
        public void ASandboxShowsUpAsANewUtsNamespace()
        {
            Requirements.Root();
            var info = new ProcessStartInfo(Published.Nsbox) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in (string[])["run", "--uts", "--", "sleep", "5"])
            {
                info.ArgumentList.Add(a);
            }

            using Process nsbox = Process.Start(info)!;
            try
            {
                int sleep = WaitForDescendant(nsbox.Id, "sleep");
                ulong inode = Inode(sleep, "uts");
                Assert.NotEqual(Inode(Environment.ProcessId, "uts"), inode);

                RunResult result = Nsbox("ls", "--json");

                Assert.True(result.ExitCode == 0, result.ToString());
                using JsonDocument json = JsonDocument.Parse(result.Stdout);
                JsonElement entry = Assert.Single(json.RootElement.GetProperty("namespaces").EnumerateArray(),
                    e => e.GetProperty("type").GetString() == "uts" && e.GetProperty("ns").GetUInt64() == inode);
                Assert.Equal(1, entry.GetProperty("nprocs").GetInt32());
                Assert.Equal(sleep, entry.GetProperty("pid").GetInt32());
                Assert.Equal("root", entry.GetProperty("user").GetString());
                Assert.Equal("sleep 5", entry.GetProperty("command").GetString());
            }
            finally
            {
                nsbox.Kill(entireProcessTree: true);
                nsbox.WaitForExit();
            }
        }

        [Fact]
        public void JsonParsesAndHasEveryFieldWithItsKind()
        {
            RunResult result = Nsbox("ls", "--json");

            Assert.True(result.ExitCode == 0, result.ToString());
            using JsonDocument json = JsonDocument.Parse(result.Stdout);
            JsonElement[] namespaces = json.RootElement.GetProperty("namespaces").EnumerateArray().ToArray();
            Assert.NotEmpty(namespaces);
            foreach (JsonElement ns in namespaces)
            {
                Assert.True(ns.GetProperty("ns").TryGetUInt64(out _), ns.ToString());
                Assert.Contains(ns.GetProperty("type").GetString(), (string[])["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"]);
                Assert.True(ns.GetProperty("nprocs").GetInt32() >= 1, ns.ToString());
                Assert.True(ns.GetProperty("pid").GetInt32() >= 1, ns.ToString());
                Assert.True(ns.GetProperty("uid").TryGetUInt32(out _), ns.ToString());
                Assert.Equal(JsonValueKind.String, ns.GetProperty("user").ValueKind);
                Assert.Equal(JsonValueKind.String, ns.GetProperty("command").ValueKind);
            }

            ulong own = Inode(Environment.ProcessId, "net");
            Assert.Contains(namespaces, ns => ns.GetProperty("type").GetString() == "net" && ns.GetProperty("ns").GetUInt64() == own);
        }

        [Fact]
        public void TypeKeepsOnlyThatType()
        {
            RunResult result = Nsbox("ls", "--type", "mount", "--json");

            Assert.True(result.ExitCode == 0, result.ToString());
            using JsonDocument json = JsonDocument.Parse(result.Stdout);
            JsonElement[] namespaces = json.RootElement.GetProperty("namespaces").EnumerateArray().ToArray();
            Assert.NotEmpty(namespaces);
            Assert.All(namespaces, ns => Assert.Equal("mnt", ns.GetProperty("type").GetString()));
        }

        [Fact]
        public void AnUnknownTypeGives125AndOneLine()
        {
            RunResult result = Nsbox("ls", "--type", "nope");

            Assert.Equal(125, result.ExitCode);
            Assert.Equal("nsbox: --type 'nope': Invalid argument (EINVAL): not a namespace type; the types are: cgroup, ipc, mnt, net, pid, time, user, uts\n", result.Stderr);
            Assert.Equal("", result.Stdout);
        }

        private static string[] Fields(string line) => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);

        /// <summary>
        /// Waits for a process called <paramref name="comm"/> below <paramref name="ancestor"/>: the
        /// command shows its own name only once it has exec'd.
        /// </summary>
        private static int WaitForDescendant(int ancestor, string comm)
        {
            for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; Thread.Sleep(20))
            {
                var parents = new Dictionary<int, int>();
                var names = new Dictionary<int, string>();
                foreach (string dir in Directory.GetDirectories("/proc"))
                {
                    if (int.TryParse(Path.GetFileName(dir), out int pid) && ReadStat(dir) is (int parent, string name))
                    {
                        parents[pid] = parent;
                        names[pid] = name;
                    }
                }

                foreach ((int pid, string name) in names)
                {
                    if (name == comm && IsBelow(pid, ancestor, parents))
                    {
                        return pid;
                    }
                }
            }

            throw new TimeoutException($"no '{comm}' process below pid {ancestor} within 10 s");
        }

        private static bool IsBelow(int pid, int ancestor, Dictionary<int, int> parents)
        {
            while (parents.TryGetValue(pid, out int parent) && parent > 1)
            {
                if (parent == ancestor)
                {
                    return true;
                }

                pid = parent;
            }

            return false;
        }

        /// <summary>The parent pid and name from /proc/PID/stat ("PID (NAME) STATE PPID ..."), or null once the process is gone.</summary>
        private static (int Parent, string Name)? ReadStat(string dir)
        {
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
                string[] rest = stat[(close + 2)..].Split(' ');
                return (int.Parse(rest[1]), stat[(open + 1)..close]);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
