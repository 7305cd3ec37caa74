using System;
using System.IO;
using System.Linq;
using Interop.Runtime.Cgroups;
using Interop.Tests.Runtime.Cgroups;
using Interop.Tests.Support;
using Nsbox.Options;
using Nsbox.Parsing;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// nsbox run's --memory, --pids, --cpus and --cpuset: what the parser reads (no root), and the
    /// published binary as root on this hybrid host, read from inside through /proc/self/cgroup;
    /// an OOM kill's line and status, a stale cgroup swept after SIGKILL of nsbox, the one line
    /// without root. None leaves a cgroup behind.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class LimitOptionTests
    {
        /// <summary>The directory of the command's own cgroup in the v1 hierarchy of $1, as the command reads it.</summary>
        private const string Own = "d() { echo /sys/fs/cgroup/$1$(grep \":$1:\" /proc/self/cgroup | cut -d: -f3); }; ";

        private static RunResult Nsbox(params string[] args) => Run.Program(Published.Nsbox, args, TimeSpan.FromSeconds(90));

        [Fact]
        public void TheLimitOptionsAreRead()
        {
            ParseResult result = NsboxCommandLine.Parse(["run", "--memory", "64m", "--pids=20", "--cpus", "0.25", "--cpuset", "0-1", "--", "true"]);
            Assert.True(result.Outcome == ParseOutcome.Parsed, result.Message);
            RunOptions o = Assert.IsType<RunOptions>(result.Options);
            Assert.Equal("64m", o.Memory);
            Assert.Equal(20, o.Pids);
            Assert.Equal("0.25", o.Cpus);
            Assert.Equal("0-1", o.Cpuset);
            Assert.Contains("did you mean '--memory'", NsboxCommandLine.Parse(["run", "--memroy", "1m", "true"]).Message, StringComparison.Ordinal);
        }

        [SkippableFact]
        public void AnAllocatorOverTheMemoryLimitEndsWithTheLineAnd137()
        {
            Requirements.Root();
            string[] before = SandboxLimitTests.NsboxCgroups();
            RunResult run = Nsbox("run", "--uts", "--memory", "32m", "--", "/usr/bin/tail", "/dev/zero");
            Assert.True(run.ExitCode == 137, run.ToString());
            Assert.Equal("nsbox: killed by the memory limit (32 MiB)\n", run.Stderr);

            // Through the PID-1 init too (it reports the command's SIGKILL as 137).
            RunResult init = Nsbox("run", "--pid", "--memory", "32MiB", "--", "/usr/bin/tail", "/dev/zero");
            Assert.True(init.ExitCode == 137, init.ToString());
            Assert.Equal("nsbox: killed by the memory limit (32 MiB)\n", init.Stderr);
            Assert.Equal(before, SandboxLimitTests.NsboxCgroups());
        }

        [SkippableFact]
        public void ThePidsLimitHoldsAForkLoopAndPidsEventsCountsTheRefusals()
        {
            Requirements.Root();
            string[] before = SandboxLimitTests.NsboxCgroups();
            // 40 background sleeps under 20 tasks: forks fail (EAGAIN); the PID namespace ends them all when sh exits.
            // dash exits when a fork fails, so the loop runs in a subshell; afterwards only builtins (read, echo): nothing more can fork.
            RunResult run = Nsbox("run", "--pid", "--pids", "20", "--", "/bin/sh", "-c",
                Own + "p=$(d pids); (i=0; while [ $i -lt 40 ]; do sleep 30 & i=$((i+1)); done) 2>/dev/null; "
                + "read max < $p/pids.max; read cur < $p/pids.current; echo $max; echo $cur; while read k v; do [ \"$k\" = max ] && echo \"max $v\"; done < $p/pids.events; exit 0");
            Assert.True(run.ExitCode == 0, run.ToString());
            string[] lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("20", lines[0]);
            Assert.InRange(int.Parse(lines[1]), 2, 20);
            Assert.StartsWith("max ", lines[2], StringComparison.Ordinal);
            Assert.True(int.Parse(lines[2][4..]) > 0, run.Stdout);
            Assert.Equal(before, SandboxLimitTests.NsboxCgroups());
        }

        [SkippableFact]
        public void CpusIsACfsQuotaAndCpusetTheAllowedCpus()
        {
            Requirements.Root();
            string[] before = SandboxLimitTests.NsboxCgroups();
            RunResult cpus = Nsbox("run", "--cpus", "0.25", "--", "/bin/sh", "-c", Own + "cat $(d cpu)/cpu.cfs_quota_us $(d cpu)/cpu.cfs_period_us");
            Assert.True(cpus.ExitCode == 0, cpus.ToString());
            Assert.Equal("25000\n100000\n", cpus.Stdout);

            RunResult cpuset = Nsbox("run", "--cpuset", "0", "--", "/bin/grep", "Cpus_allowed_list", "/proc/self/status");
            Assert.True(cpuset.ExitCode == 0, cpuset.ToString());
            Assert.Equal("Cpus_allowed_list:\t0\n", cpuset.Stdout);
            Assert.Equal(before, SandboxLimitTests.NsboxCgroups());
        }

        [SkippableFact]
        public void AStaleCgroupOfAKilledNsboxIsSweptAtTheNextStart()
        {
            Requirements.Root();
            string[] before = SandboxLimitTests.NsboxCgroups();
            // The command says it runs (the cgroup is made and joined before it starts): no polling for the directory.
            using var ready = new Fifo();
            using BackgroundProgram nsbox = BackgroundProgram.Start(Published.Nsbox, ["run", "--memory", "64m", "--", "/bin/sh", "-c", $"echo ready > {ready.Path}; exec /bin/sleep 60"]);
            string name = "nsbox-" + nsbox.Pid + "-1";
            Assert.Equal("ready", ready.ReadAll(TimeSpan.FromSeconds(20)));

            // SIGKILL: nothing of nsbox runs to remove it (the parent-death signal ends the sleep).
            Assert.Equal(0, Tmds.Linux.LibC.kill(nsbox.Pid, Tmds.Linux.LibC.SIGKILL));
            nsbox.Wait(TimeSpan.FromSeconds(20));
            string[] stale = SandboxLimitTests.NsboxCgroups().Where(d => d.EndsWith("/" + name, StringComparison.Ordinal)).ToArray();
            Assert.Equal(CgroupHost.Detect().Hierarchies.Count, stale.Length);

            RunResult next = Nsbox("run", "--pids", "5", "--", "/bin/true");
            Assert.True(next.ExitCode == 0, next.ToString());
            Assert.All(stale, d => Assert.False(Directory.Exists(d), d));
            Assert.Equal(before, SandboxLimitTests.NsboxCgroups());
        }

        [SkippableFact]
        public void WithoutRootALimitIsOneLineAnd125AndNothingIsLeft()
        {
            Requirements.Root(); // to drop to nobody
            Requirements.Program("/usr/bin/setpriv");
            string[] before = SandboxLimitTests.NsboxCgroups();
            string dir = Directory.CreateTempSubdirectory("nsbox-limits-").FullName;
            try
            {
                string copy = Path.Combine(dir, "nsbox");
                File.Copy(Published.Nsbox, copy);
                File.SetUnixFileMode(dir, (UnixFileMode)0x1ED);
                File.SetUnixFileMode(copy, (UnixFileMode)0x1ED);
                RunResult run = Run.Program("/usr/bin/setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups", copy, "run", "--uts", "--memory", "64m", "--", "/bin/true"]);
                Assert.True(run.ExitCode == 125, run.ToString());
                Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith("nsbox: --memory: Permission denied (EACCES): ", run.Stderr, StringComparison.Ordinal);
                Assert.EndsWith(": limits need root or a delegated cgroup v2 subtree\n", run.Stderr, StringComparison.Ordinal);
                Assert.Equal(before, SandboxLimitTests.NsboxCgroups());
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [SkippableFact]
        public void AMistakenLimitIsAUsageError()
        {
            RunResult size = Nsbox("run", "--memory", "64x", "--", "/bin/true");
            Assert.Equal(125, size.ExitCode);
            Assert.StartsWith("nsbox: --memory '64x': Invalid argument (EINVAL): write a size", size.Stderr, StringComparison.Ordinal);
            Assert.Equal(125, Nsbox("run", "--cpus", "zero", "--", "/bin/true").ExitCode);
            Assert.Equal(125, Nsbox("run", "--pids", "0", "--", "/bin/true").ExitCode);
            Assert.Equal(125, Nsbox("run", "--cpuset", "0-", "--", "/bin/true").ExitCode);
        }

        /// <summary>
        /// The command's first process is in the sandbox's cgroup in every hierarchy, the unified one (0::)
        /// included: placed by clone3, by the clone(2) fallback (NSBOX_CLONE3=0), and inside a sandbox
        /// whose seccomp filter answers clone3 with ENOSYS, as docker's default profile does.
        /// </summary>
        [SkippableFact]
        public void TheCommandStartsInItsCgroupWithClone3TheFallbackAndUnderAFilterThatHidesClone3()
        {
            Requirements.Root();
            string[] before = SandboxLimitTests.NsboxCgroups();
            string[] command = ["run", "--pids", "10", "--", "/bin/cat", "/proc/self/cgroup"];
            RunResult[] runs =
            [
                Nsbox(command),
                Run.Program(Published.Nsbox, command, TimeSpan.FromSeconds(90), new System.Collections.Generic.Dictionary<string, string> { ["NSBOX_CLONE3"] = "0" }),
                Nsbox(["run", "--deny-syscall", "clone3:ENOSYS", "--", Published.Nsbox, .. command]),
            ];
            foreach (RunResult run in runs)
            {
                Assert.True(run.ExitCode == 0, run.ToString());
                Assert.Matches("(?m)^0::/(.+/)?nsbox-[0-9]+-1$", run.Stdout);
                Assert.Matches("(?m)^[0-9]+:pids:/(.+/)?nsbox-[0-9]+-1$", run.Stdout);
            }

            Assert.Equal(before, SandboxLimitTests.NsboxCgroups());
        }
    }
}
