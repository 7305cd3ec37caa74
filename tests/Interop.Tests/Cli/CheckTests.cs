using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary><c>nsbox check</c>: what this kernel supports, tried rather than guessed where it can be.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class CheckTests
    {
        /// <summary>Each type and the Linux version that brought it (namespaces(7)), independent of nsbox's own table.</summary>
        public static readonly TheoryData<string, string> Types = new()
        {
            { "mnt", "2.4.19" }, { "uts", "2.6.19" }, { "ipc", "2.6.19" }, { "pid", "2.6.24" },
            { "net", "2.6.29" }, { "user", "3.8" }, { "cgroup", "4.6" }, { "time", "5.6" },
        };

        private static RunResult Nsbox(params string[] args) => Run.Program(Published.Nsbox, args);

        [Fact]
        public void PlainOutputHasALinePerTypeWithItsKernelVersion()
        {
            RunResult result = Nsbox("check");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("", result.Stderr);
            string[] lines = result.Stdout.Split('\n');
            foreach ((string type, string since) in Types.Select(row => ((string)row[0], (string)row[1])))
            {
                var pattern = new Regex($@"^{type} +{Regex.Escape(since)} +root: (yes|no) +unprivileged: (yes|no|\?) ");
                Assert.True(lines.Count(pattern.IsMatch) == 1, $"no single line for {type} {since} in:\n{result.Stdout}");
            }

            Assert.Contains(lines, l => l.StartsWith("cgroups ", StringComparison.Ordinal));
        }

        [SkippableFact]
        public void JsonSaysUtsCanBeCreatedAsRootHere()
        {
            Requirements.Root();

            RunResult result = Nsbox("check", "--json");

            Assert.True(result.ExitCode == 0, result.ToString());
            using JsonDocument json = JsonDocument.Parse(result.Stdout);
            JsonElement root = json.RootElement;
            Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), root.GetProperty("kernel").GetString());
            JsonElement[] namespaces = root.GetProperty("namespaces").EnumerateArray().ToArray();
            Assert.Equal(Types.Select(row => (string)row[0]), namespaces.Select(ns => ns.GetProperty("type").GetString()));

            JsonElement uts = namespaces.Single(ns => ns.GetProperty("type").GetString() == "uts");
            Assert.Equal("2.6.19", uts.GetProperty("since").GetString());
            Assert.True(uts.GetProperty("present").GetBoolean());
            Assert.True(uts.GetProperty("root").GetProperty("supported").GetBoolean(), uts.ToString());
            Assert.Equal("spawned", uts.GetProperty("root").GetProperty("method").GetString());
            Assert.Contains(uts.GetProperty("unprivileged").GetProperty("method").GetString(), (string[])["setpriv", "sysctl"]);
            Assert.Equal(long.Parse(File.ReadAllText("/proc/sys/user/max_uts_namespaces")), uts.GetProperty("max").GetInt64());
            Assert.Equal(long.Parse(File.ReadAllText("/proc/sys/user/max_user_namespaces")),
                root.GetProperty("sysctl").GetProperty("user.max_user_namespaces").GetInt64());
        }

        [Fact]
        public void CgroupLayoutIsV1V2OrHybridAsMounted()
        {
            RunResult result = Nsbox("check", "--json");

            using JsonDocument json = JsonDocument.Parse(result.Stdout);
            JsonElement cgroup = json.RootElement.GetProperty("cgroup");
            string? layout = cgroup.GetProperty("layout").GetString();
            Assert.Contains(layout, (string[])["v1", "v2", "hybrid"]);
            string[] mountinfo = File.ReadAllLines("/proc/self/mountinfo");
            bool v1 = mountinfo.Any(l => l.Contains(" - cgroup ", StringComparison.Ordinal));
            bool v2 = mountinfo.Any(l => l.Contains(" - cgroup2 ", StringComparison.Ordinal));
            string expected = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "v2" : v1 && v2 ? "hybrid" : v1 ? "v1" : "v2";
            Assert.Equal(expected, layout);
            Assert.All(cgroup.GetProperty("mounts").EnumerateArray(), m => Assert.Contains(m.GetProperty("version").GetInt32(), (int[])[1, 2]));
        }

        /// <summary>Where the unprivileged answer was tried through setpriv, trying it by hand gives the same.</summary>
        [SkippableFact]
        public void TheUnprivilegedAnswerMatchesTryingItAsNobody()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/setpriv");
            using JsonDocument json = JsonDocument.Parse(Nsbox("check", "--json").Stdout);
            JsonElement unprivileged = json.RootElement.GetProperty("namespaces").EnumerateArray()
                .Single(ns => ns.GetProperty("type").GetString() == "uts").GetProperty("unprivileged");
            Skip.If(unprivileged.GetProperty("method").GetString() != "setpriv", "nobody cannot run the published nsbox here: " + unprivileged);

            RunResult byHand = Run.Program("/usr/bin/setpriv",
                ["--reuid", "65534", "--regid", "65534", "--clear-groups", Published.Nsbox, "run", "--user", "--map-root-user", "--uts", "--", "true"]);

            Assert.Equal(byHand.ExitCode == 0, unprivileged.GetProperty("supported").GetBoolean());
        }

        [Fact]
        public void PipedOutputHasNoEscapeCodes()
        {
            RunResult plain = Nsbox("check");
            RunResult json = Nsbox("check", "--json");

            Assert.Equal(0, plain.ExitCode);
            Assert.Equal(0, json.ExitCode);
            Assert.DoesNotContain('\e', plain.Stdout);
            Assert.DoesNotContain('\e', json.Stdout);
            Assert.Contains(": yes", plain.Stdout);
        }
    }
}
