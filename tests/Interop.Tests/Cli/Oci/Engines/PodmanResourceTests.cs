using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci.Engines
{
    /// <summary>
    /// podman's resource options with nsbox as the runtime, each beside runc on the same command:
    /// --memory kills an allocator with 137, the limits as the container's cgroup files show them,
    /// pause and unpause, podman stats and podman update. The files are read inside the container
    /// (podman mounts its cgroup at /sys/fs/cgroup), in v1 names: the CI host is hybrid.
    /// </summary>
    [Collection(PodmanCollection.Name)]
    public sealed class PodmanResourceTests
    {
        private static readonly string[] s_runtimes = ["runc", "nsbox"];
        private readonly PodmanFixture _podman;

        public PodmanResourceTests(PodmanFixture podman) => _podman = podman;

        private PodmanEngine Engine => _podman.Engine;

        private static void RequireV1()
        {
            Skip.IfNot(Directory.Exists("/sys/fs/cgroup/memory") && Directory.Exists("/sys/fs/cgroup/pids") && Directory.Exists("/sys/fs/cgroup/cpu"),
                "the files compared are cgroup v1's (the CI host is hybrid)");
        }

        /// <summary>tail /dev/zero keeps one growing line: the memory limit's OOM kill ends it, 137 as under runc.</summary>
        [SkippableFact]
        public void AMemoryLimitKillsTailOfDevZeroWith137AsUnderRunc()
        {
            foreach (string runtime in s_runtimes)
            {
                RunResult result = Engine.RunContainer(runtime, ["--memory", "32m"], "tail", "/dev/zero");
                Assert.True(result.ExitCode == 137, runtime + ": " + result);
            }
        }

        [SkippableTheory]
        [InlineData("--pids-limit", "30", "pids/pids.max", "30")]
        [InlineData("--cpus", "0.25", "cpu/cpu.cfs_quota_us", "25000")]
        [InlineData("--cpus", "0.25", "cpu/cpu.cfs_period_us", "100000")]
        [InlineData("--cpuset-cpus", "0", "cpuset/cpuset.cpus", "0")]
        [InlineData("--memory", "32m", "memory/memory.limit_in_bytes", "33554432")]
        [InlineData("--cpu-shares", "512", "cpu/cpu.shares", "512")]
        public void ALimitIsTheCgroupFileRuncWrites(string option, string value, string file, string expected)
        {
            RequireV1();
            foreach (string runtime in s_runtimes)
            {
                RunResult result = Engine.RunContainer(runtime, [option, value], "cat", "/sys/fs/cgroup/" + file);
                Assert.True(result.ExitCode == 0, runtime + ": " + result);
                Assert.True(result.Stdout.Trim() == expected, runtime + ": " + result);
            }
        }

        /// <summary>pause freezes (podman inspect says paused, the freezer FROZEN), unpause thaws; the same steps as under runc.</summary>
        [SkippableFact]
        public void PauseAndUnpauseAsUnderRunc()
        {
            var seen = new Dictionary<string, List<string>>();
            foreach (string runtime in s_runtimes)
            {
                var steps = new List<string>();
                seen[runtime] = steps;
                RunResult created = Engine.With(runtime, ["run", "-d", .. PodmanEngine.ContainerDefaults, PodmanEngine.Image, "sh", "-c", "while :; do sleep 0.05; done"]);
                Assert.True(created.ExitCode == 0, runtime + ": " + created);
                string id = created.Stdout.Trim();
                try
                {
                    steps.Add("pause " + Engine.With(runtime, "pause", id).ExitCode);
                    steps.Add("inspect " + Engine.With(runtime, "inspect", "--format", "{{.State.Status}}", id).Stdout.Trim());
                    steps.Add("unpause " + Engine.With(runtime, "unpause", id).ExitCode);
                    steps.Add("inspect " + Engine.With(runtime, "inspect", "--format", "{{.State.Status}}", id).Stdout.Trim());
                    RunResult exec = Engine.With(runtime, "exec", id, "echo", "alive");
                    steps.Add("exec " + exec.ExitCode + " " + exec.Stdout.Trim());
                }
                finally
                {
                    steps.Add("rm " + Engine.With(runtime, "rm", "--force", "--time", "0", id).ExitCode);
                }
            }

            Assert.Equal(["pause 0", "inspect paused", "unpause 0", "inspect running", "exec 0 alive", "rm 0"], seen["runc"]);
            Assert.Equal(seen["runc"], seen["nsbox"]);
        }

        /// <summary>podman stats --no-stream reads the container's cgroup: the limit and the pids as under runc.</summary>
        [SkippableFact]
        public void StatsNoStreamWorksAsUnderRunc()
        {
            var seen = new Dictionary<string, string>();
            foreach (string runtime in s_runtimes)
            {
                RunResult created = Engine.With(runtime, ["run", "-d", "--memory", "32m", .. PodmanEngine.ContainerDefaults, PodmanEngine.Image, "sleep", "1000"]);
                Assert.True(created.ExitCode == 0, runtime + ": " + created);
                string id = created.Stdout.Trim();
                try
                {
                    RunResult stats = Engine.With(runtime, "stats", "--no-stream", "--format", "{{.MemUsage}}|{{.PIDs}}", id);
                    Assert.True(stats.ExitCode == 0, runtime + ": " + stats);
                    // "1.2MB / 33.55MB|1": the usage differs from run to run, the limit and the pids do not.
                    string[] fields = stats.Stdout.Trim().Split('|');
                    seen[runtime] = fields[0].Split(" / ").Last() + "|" + fields[1];
                }
                finally
                {
                    Engine.With(runtime, "rm", "--force", "--time", "0", id);
                }
            }

            Assert.Equal("33.55MB|1", seen["runc"]);
            Assert.Equal(seen["runc"], seen["nsbox"]);
        }

        /// <summary>podman update sends the runtime update --resources with the container's limits: the new ones reach its cgroup files, the others stay (podman 4.3 has no --pids-limit there).</summary>
        [SkippableFact]
        public void PodmanUpdateChangesTheLimitsAsUnderRunc()
        {
            RequireV1();
            var seen = new Dictionary<string, string>();
            foreach (string runtime in s_runtimes)
            {
                RunResult created = Engine.With(runtime, ["run", "-d", "--memory", "32m", "--pids-limit", "30", .. PodmanEngine.ContainerDefaults, PodmanEngine.Image, "sleep", "1000"]);
                Assert.True(created.ExitCode == 0, runtime + ": " + created);
                string id = created.Stdout.Trim();
                try
                {
                    RunResult update = Engine.With(runtime, "update", "--memory", "48m", "--memory-swap", "96m", "--cpus", "0.5", "--cpu-shares", "256", id);
                    Assert.True(update.ExitCode == 0, runtime + ": " + update);
                    RunResult files = Engine.With(runtime, "exec", id, "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.shares", "/sys/fs/cgroup/pids/pids.max");
                    Assert.True(files.ExitCode == 0, runtime + ": " + files);
                    seen[runtime] = files.Stdout.Trim().ReplaceLineEndings(" ");
                }
                finally
                {
                    Engine.With(runtime, "rm", "--force", "--time", "0", id);
                }
            }

            Assert.Equal("50331648 50000 256 30", seen["runc"]);
            Assert.Equal(seen["runc"], seen["nsbox"]);
        }
    }
}
