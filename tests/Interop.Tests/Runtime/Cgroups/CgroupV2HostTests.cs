using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interop.Tests.Cli.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Cgroups
{
    /// <summary>
    /// The cgroup layer on a pure cgroup v2 host, end to end with the published nsbox, as root: this
    /// hybrid machine's unified hierarchy mounted alone at /sys/fs/cgroup in a private mount
    /// namespace (<see cref="EmulatedV2Host"/>), where hugetlb is the one controller. What the
    /// detection concludes, a hugetlb-limited OCI container in its own v2 cgroup from its first
    /// instruction on, pause and resume through cgroup.freeze, and the refusal of limits whose
    /// controller v2 lacks here. Every test removes what it made; none leaves a cgroup behind.
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed class CgroupV2HostTests
    {
        private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

        /// <summary>The default huge page size's name in cgroup files ("2MB"), from /proc/meminfo.</summary>
        internal static string HugePageSize()
        {
            string line = File.ReadAllLines("/proc/meminfo").Single(l => l.StartsWith("Hugepagesize:", StringComparison.Ordinal));
            long kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            return kb >= 1 << 20 ? (kb >> 20) + "GB" : kb >= 1 << 10 ? (kb >> 10) + "MB" : kb + "KB";
        }

        /// <summary>linux.resources: 4 huge pages of the default size through hugepageLimits, and no 1 GiB page through the unified map when that size exists.</summary>
        internal static void LimitHugePages(BusyboxBundle bundle, out string file, out long limit)
        {
            string size = HugePageSize();
            string localFile = "hugetlb." + size + ".max";
            long bytes = 4L * (size.EndsWith("GB", StringComparison.Ordinal) ? 1L << 30 : 2L << 20);
            CgroupProbe.EditConfig(bundle, config =>
            {
                var resources = new JsonObject
                {
                    ["hugepageLimits"] = new JsonArray(new JsonObject { ["pageSize"] = size, ["limit"] = bytes }),
                };
                if (size != "1GB" && Directory.Exists("/sys/kernel/mm/hugepages/hugepages-1048576kB"))
                {
                    resources["unified"] = new JsonObject { ["hugetlb.1GB.max"] = "0" };
                }

                config["linux"]!["resources"] = resources;
            });
            file = localFile;
            limit = bytes;
        }

        [SkippableTheory]
        [InlineData(false)]
        [InlineData(true)]
        public void CheckSeesAV2HostWhetherTheHybridMountsAreGoneOrCovered(bool overMount)
        {
            EmulatedV2Host.Require();
            using var v2 = new EmulatedV2Host(overMount);

            RunResult plain = v2.Run("check");
            RunResult json = v2.Run("check", "--json");

            Assert.True(plain.ExitCode == 0, plain.ToString());
            Assert.Contains("\ncgroups v2: v2 on /sys/fs/cgroup\n", plain.Stdout, StringComparison.Ordinal);
            Assert.True(json.ExitCode == 0, json.ToString());
            using JsonDocument document = JsonDocument.Parse(json.Stdout);
            JsonElement cgroup = document.RootElement.GetProperty("cgroup");
            Assert.Equal("v2", cgroup.GetProperty("layout").GetString());
            JsonElement mount = Assert.Single(cgroup.GetProperty("mounts").EnumerateArray().ToArray());
            Assert.Equal("/sys/fs/cgroup", mount.GetProperty("path").GetString());
            Assert.Equal(2, mount.GetProperty("version").GetInt32());
            Assert.Contains("hugetlb", mount.GetProperty("controllers").GetString()!.Split(' '));
        }

        /// <param name="inLeaf">nsbox runs in a cgroup below the root (as from a systemd session scope): the container's cgroup then goes beside that one, where hugetlb can be enabled.</param>
        /// <param name="overMount">The hybrid mounts are covered by the cgroup2 mount rather than unmounted.</param>
        [SkippableTheory]
        [InlineData(false, false)]
        [InlineData(true, false)]
        [InlineData(false, true)]
        public void AHugetlbLimitedContainerIsInItsOwnV2CgroupFromItsStartAndTheDirectoryGoesWithIt(bool inLeaf, bool overMount)
        {
            EmulatedV2Host.Require();
            Requirements.Program("/usr/bin/busybox");
            using EmulatedV2Host.Delegation? parent = inLeaf ? new EmulatedV2Host.Delegation() : null;
            using var v2 = new EmulatedV2Host(overMount, cgroup: parent?.Leaf);
            using var bundle = new BusyboxBundle("cat /proc/self/cgroup > /out/ready; read x < /out/go");
            string ready = bundle.MakeFifo("ready");
            string go = bundle.MakeFifo("go");
            LimitHugePages(bundle, out string file, out long limit);
            using var runtime = new OciRuntime(v2.Nsbox);
            string id = CgroupProbe.Id("v2huge");

            RunResult create = runtime.Detached(bundle.Directory, "create", id);
            Assert.True(create.ExitCode == 0, create.ToString());
            Assert.Equal(0, runtime.Verb("start", id).ExitCode);

            // The command's first instruction reads its cgroup: the container's own, named after its id.
            string directory = EmulatedV2Host.HostDirectoryOf(ContainerProbe.Read(ready, s_limit));
            Assert.Equal((parent?.HostDirectory ?? EmulatedV2Host.RelativeBase()) + "/" + id, directory);
            Assert.Equal(limit.ToString(), File.ReadAllText(Path.Combine(directory, file)).Trim());
            if (File.Exists(Path.Combine(directory, "hugetlb.1GB.max")) && file != "hugetlb.1GB.max")
            {
                Assert.Equal("0", File.ReadAllText(Path.Combine(directory, "hugetlb.1GB.max")).Trim());
            }

            int pid = ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("pid").GetInt32();
            Assert.Contains(pid.ToString(), File.ReadAllLines(Path.Combine(directory, "cgroup.procs")));
            ContainerProbe.Write(go, "go", s_limit);
            Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
            Assert.Equal(0, runtime.Verb("delete", id).ExitCode);
            Assert.False(Directory.Exists(directory), directory);
            Assert.Empty(parent?.Others() ?? Array.Empty<string>());
        }

        [SkippableFact]
        public void PauseAndResumeGoThroughCgroupFreezeAndCgroupEventsSaysFrozen()
        {
            EmulatedV2Host.Require();
            Requirements.Program("/usr/bin/busybox");
            using var v2 = new EmulatedV2Host();
            using var bundle = new BusyboxBundle("echo ready > /out/ready; read x < /out/go");
            string ready = bundle.MakeFifo("ready");
            string go = bundle.MakeFifo("go");
            using var runtime = new OciRuntime(v2.Nsbox);
            string id = CgroupProbe.Id("v2pause");
            string Status() => ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("status").GetString()!;

            Assert.Equal(0, runtime.Detached(bundle.Directory, "create", id).ExitCode);
            int pid = ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("pid").GetInt32();
            string directory = EmulatedV2Host.HostDirectoryOf(File.ReadAllText($"/proc/{pid}/cgroup"));
            Assert.Equal(id, Path.GetFileName(directory));
            string events = Path.Combine(directory, "cgroup.events");

            // Created, then running: each time frozen while paused, thawed after.
            foreach (bool started in new[] { false, true })
            {
                if (started)
                {
                    Assert.Equal(0, runtime.Verb("start", id).ExitCode);
                    Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
                }

                Assert.Equal(0, runtime.Verb("pause", id).ExitCode);
                Assert.Equal("paused", Status());
                Assert.Equal("1", EmulatedV2Host.KeyValue(events, "frozen"));
                Assert.Equal("1", File.ReadAllText(Path.Combine(directory, "cgroup.freeze")).Trim());
                Assert.Equal(0, runtime.Verb("resume", id).ExitCode);
                Assert.Equal(started ? "running" : "created", Status());
                Assert.Equal("0", EmulatedV2Host.KeyValue(events, "frozen"));
            }

            ContainerProbe.Write(go, "go", s_limit);
            Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
            Assert.Equal(0, runtime.Verb("delete", id).ExitCode);
            Assert.False(Directory.Exists(directory), directory);
        }

        [SkippableFact]
        public void ARelativeCgroupsPathThatNamesTheCallersOwnCgroupIsRefused()
        {
            EmulatedV2Host.Require();
            Requirements.Program("/usr/bin/busybox");
            using var parent = new EmulatedV2Host.Delegation();
            using var v2 = new EmulatedV2Host(cgroup: parent.Leaf);
            using var bundle = new BusyboxBundle("true");

            // Relative paths start beside the caller's cgroup on v2: "leaf" from .../leaf is the caller's own.
            CgroupProbe.EditConfig(bundle, config => config["linux"]!["cgroupsPath"] = "leaf");
            using var runtime = new OciRuntime(v2.Nsbox);
            RunResult run = runtime.Verb("run", "--bundle", bundle.Directory, CgroupProbe.Id("v2own"));

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Equal("nsbox: config.json: linux.cgroupsPath 'leaf': Invalid argument (EINVAL): names the caller's own cgroup (/sys/fs/cgroup" + parent.Leaf + "), not one of the container's own: name another\n", run.Stderr);
            Assert.True(Directory.Exists(parent.HostDirectory + "/leaf"));
            Assert.Empty(parent.Others());
            Assert.Empty(Directory.GetDirectories(runtime.Root));
        }

        [SkippableFact]
        public void AStaleLookingCgroupWhoseProcessesAreInAnotherPidNamespaceIsLeftAlone()
        {
            EmulatedV2Host.Require();
            using var parent = new EmulatedV2Host.Delegation();
            using var v2 = new EmulatedV2Host(cgroup: parent.Leaf, newPidNamespace: true);

            // nsbox-4000000-1 beside nsbox's own cgroup, where its sweep looks: no such PID in nsbox's
            // PID namespace, but a live process of the host's in it, which nsbox reads as pid 0.
            string other = parent.HostDirectory + "/nsbox-4000000-1";
            Directory.CreateDirectory(other);
            using BackgroundProgram sleeper = BackgroundProgram.Start("/bin/sleep", ["60"]);
            File.WriteAllText(other + "/cgroup.procs", sleeper.Pid.ToString());

            // The start sweeps, then the limit is refused (no pids controller here).
            RunResult run = v2.Run("run", "--pids", "5", "--", "/bin/true");

            Assert.True(run.ExitCode == 125, run.ToString());
            Assert.StartsWith("nsbox: --pids: Operation not supported (EOPNOTSUPP): ", run.Stderr, StringComparison.Ordinal);
            Assert.False(ContainerProbe.HasEnded(sleeper.Pid));
            Assert.Equal([sleeper.Pid.ToString()], File.ReadAllLines(other + "/cgroup.procs"));
            Assert.Equal("0", EmulatedV2Host.KeyValue(other + "/cgroup.events", "frozen"));
            Assert.Equal([other], parent.Others());
        }

        [SkippableFact]
        public void ALimitWhoseControllerV2LacksHereIsOneLineAnd125AndLeavesNothing()
        {
            EmulatedV2Host.Require();
            Requirements.Program("/usr/bin/busybox");
            using var v2 = new EmulatedV2Host();
            foreach ((string option, string value, string controller) in new[] { ("--memory", "64m", "memory"), ("--pids", "5", "pids") })
            {
                RunResult run = v2.Run("run", "--uts", option, value, "--", "/bin/true");
                Assert.True(run.ExitCode == 125, run.ToString());
                Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith("nsbox: " + option + ": Operation not supported (EOPNOTSUPP): ", run.Stderr, StringComparison.Ordinal);
                Assert.Contains("this host has no " + controller + " controller", run.Stderr, StringComparison.Ordinal);

                // Root is not what it lacks: the line does not say so.
                Assert.DoesNotContain("need root", run.Stderr, StringComparison.Ordinal);
            }

            Assert.Equal(2, v2.Pids.Length);
            Assert.Empty(v2.SandboxCgroupsBelow(EmulatedV2Host.HostView));

            // The OCI path: linux.resources.memory is refused before anything starts; no cgroup, no state.
            using var bundle = new BusyboxBundle("true");
            CgroupProbe.EditConfig(bundle, config => config["linux"]!["resources"] = new JsonObject { ["memory"] = new JsonObject { ["limit"] = 64L << 20 } });
            using var runtime = new OciRuntime(v2.Nsbox);
            string id = CgroupProbe.Id("v2mem");
            RunResult oci = runtime.Verb("run", "--bundle", bundle.Directory, id);
            Assert.True(oci.ExitCode == 1, oci.ToString());
            Assert.Equal("nsbox: memory limits: Operation not supported (EOPNOTSUPP): this host has no memory controller (neither a v1 memory hierarchy nor memory in cgroup v2's cgroup.controllers)\n", oci.Stderr);
            Assert.Empty(CgroupProbe.Directories(id));
            Assert.Empty(Directory.GetDirectories(runtime.Root));
        }
    }
}
