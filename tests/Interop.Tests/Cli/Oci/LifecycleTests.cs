using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>nsbox's OCI verbs on a busybox bundle: create, start, state, kill, delete, run, list, as runc has them.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class LifecycleTests
    {
        private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

        private static void Require()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
        }

        [SkippableFact]
        public void CreateWaitsBeforeExecStartRunsItAndDeleteLeavesNothing()
        {
            Require();
            string[] mountsBefore = ContainerProbe.HostMounts();
            using var bundle = new BusyboxBundle("echo started > /out/ready; read x < /out/go; echo $$ > /out/pid1");
            string ready = bundle.MakeFifo("ready");
            string go = bundle.MakeFifo("go");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            string pidFile = Path.Combine(bundle.Directory, "container.pid");

            RunResult created = nsbox.Detached(bundle.Directory, "create", "--pid-file", pidFile, "c1");
            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.Equal("", created.Stderr);
            int pid = int.Parse(File.ReadAllText(pidFile), System.Globalization.CultureInfo.InvariantCulture);

            JsonElement state = ContainerProbe.State(nsbox.Verb("state", "c1").Stdout);
            Assert.Equal("created", state.GetProperty("status").GetString());
            Assert.Equal(pid, state.GetProperty("pid").GetInt32());
            Assert.Equal("c1", state.GetProperty("id").GetString());
            Assert.Equal(bundle.Directory, state.GetProperty("bundle").GetString());
            Assert.Equal("1.2.0", state.GetProperty("ociVersion").GetString());
            Assert.Equal("lifecycle", state.GetProperty("annotations").GetProperty("org.example.test").GetString());
            DateTimeOffset when = DateTimeOffset.Parse(state.GetProperty("created").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(DateTimeOffset.UtcNow - when, TimeSpan.Zero, TimeSpan.FromMinutes(1));

            // Waiting, set up, not yet executed: the process is still nsbox (its start waiter), PID 1 of its namespace.
            string[] argv = ContainerProbe.CommandLine(pid)!;
            Assert.Equal(Path.GetFullPath(Published.Nsbox), new FileInfo($"/proc/{pid}/exe").LinkTarget);
            Assert.Equal("__nsbox-wait", argv[1]);
            Assert.Contains("NSpid:\t" + pid + "\t1", File.ReadAllText($"/proc/{pid}/status"), StringComparison.Ordinal);
            Assert.True(Directory.Exists(Path.Combine(nsbox.Root, "c1")));

            RunResult started = nsbox.Verb("start", "c1");
            Assert.True(started.ExitCode == 0, started.ToString());
            Assert.Equal("started", ContainerProbe.Read(ready, s_limit));
            Assert.Equal("sh", ContainerProbe.CommandLine(pid)![0]);
            Assert.Equal("running", ContainerProbe.State(nsbox.Verb("state", "c1").Stdout).GetProperty("status").GetString());

            ContainerProbe.Write(go, "go", s_limit);
            Assert.True(ContainerProbe.WaitForExit(pid, s_limit), "the container's process did not exit");
            Assert.Equal("1", File.ReadAllText(Path.Combine(bundle.Out, "pid1")).Trim());
            JsonElement stopped = ContainerProbe.State(nsbox.Verb("state", "c1").Stdout);
            Assert.Equal("stopped", stopped.GetProperty("status").GetString());
            Assert.Equal(0, stopped.GetProperty("pid").GetInt32());

            RunResult deleted = nsbox.Verb("delete", "c1");
            Assert.True(deleted.ExitCode == 0, deleted.ToString());
            Assert.False(Directory.Exists(Path.Combine(nsbox.Root, "c1")));
            Assert.True(ContainerProbe.HasEnded(pid));
            Assert.Equal(mountsBefore, ContainerProbe.HostMounts());
        }

        [SkippableTheory]
        [InlineData(0)]
        [InlineData(3)]
        [InlineData(127)]
        public void RunExitsWithTheProcessStatusAndDeletesIt(int status)
        {
            Require();
            using var bundle = new BusyboxBundle("echo ran > /out/marker; exit " + status);
            using OciRuntime nsbox = OciRuntime.Nsbox();
            RunResult run = nsbox.Detached(bundle.Directory, "run", "--bundle", bundle.Directory, "r1");
            Assert.True(run.ExitCode == status, run.ToString());
            Assert.Equal("ran", File.ReadAllText(Path.Combine(bundle.Out, "marker")).Trim());
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
        }

        [SkippableFact]
        public void KillSendsTheSignalToTheProcessAndThenSaysItIsNotRunning()
        {
            Require();
            using var bundle = new BusyboxBundle("trap 'echo term > /out/trapped; exit 7' TERM; echo ready > /out/ready; while true; do sleep 1; done");
            string ready = bundle.MakeFifo("ready");
            string trapped = bundle.MakeFifo("trapped");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            RunResult run = nsbox.Detached(bundle.Directory, "run", "--detach", "--bundle", bundle.Directory, "k1");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
            int pid = ContainerProbe.State(nsbox.Verb("state", "k1").Stdout).GetProperty("pid").GetInt32();

            RunResult running = nsbox.Verb("delete", "k1");
            Assert.Equal(1, running.ExitCode);
            Assert.Equal("nsbox: delete k1: Device or resource busy (EBUSY): cannot delete a container that is not stopped: running (use --force)\n", running.Stderr);

            RunResult killed = nsbox.Verb("kill", "k1", "TERM");
            Assert.True(killed.ExitCode == 0, killed.ToString());
            Assert.Equal("term", ContainerProbe.Read(trapped, s_limit));
            Assert.True(ContainerProbe.WaitForExit(pid, s_limit));

            RunResult again = nsbox.Verb("kill", "k1", "15");
            Assert.Equal(1, again.ExitCode);
            Assert.Equal("nsbox: kill k1: No such process (ESRCH): container not running\n", again.Stderr);
            Assert.Equal(0, nsbox.Verb("delete", "k1").ExitCode);
        }

        [SkippableFact]
        public void RunForwardsItsSignalsToTheProcessAndExitsWithItsStatus()
        {
            Require();
            using var bundle = new BusyboxBundle("trap 'echo term > /out/trapped; exit 7' TERM; echo ready > /out/ready; while true; do sleep 1; done");
            string ready = bundle.MakeFifo("ready");
            string trapped = bundle.MakeFifo("trapped");
            using OciRuntime nsbox = OciRuntime.Nsbox();

            // The global options before the verb, as engines pass them.
            using BackgroundProgram run = BackgroundProgram.Start(Published.Nsbox, ["--root", nsbox.Root, "run", "--bundle", bundle.Directory, "s1"]);
            Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
            Assert.Equal(0, Interop.Linux.Native.kill(run.Pid, Interop.Linux.Native.SIGTERM));
            Assert.Equal("term", ContainerProbe.Read(trapped, s_limit));
            RunResult result = run.Wait(s_limit);
            Assert.True(result.ExitCode == 7, result.ToString());
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
        }

        [SkippableFact]
        public void DeleteForceKillsARunningContainer()
        {
            Require();
            string[] mountsBefore = ContainerProbe.HostMounts();
            using var bundle = new BusyboxBundle("echo ready > /out/ready; while true; do sleep 1; done");
            string ready = bundle.MakeFifo("ready");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            Assert.Equal(0, nsbox.Detached(bundle.Directory, "run", "-d", "-b", bundle.Directory, "f1").ExitCode);
            Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
            int pid = ContainerProbe.State(nsbox.Verb("state", "f1").Stdout).GetProperty("pid").GetInt32();

            RunResult deleted = nsbox.Verb("delete", "--force", "f1");
            Assert.True(deleted.ExitCode == 0, deleted.ToString());
            Assert.True(ContainerProbe.HasEnded(pid));
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
            Assert.Equal(mountsBefore, ContainerProbe.HostMounts());
        }

        [SkippableFact]
        public void TwoConcurrentCreatesOfOneIdOneFailsWithOneLine()
        {
            Require();
            using var bundle = new BusyboxBundle("true");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            Task<RunResult> first = Task.Run(() => nsbox.Detached(bundle.Directory, "create", "same"));
            Task<RunResult> second = Task.Run(() => nsbox.Detached(bundle.Directory, "create", "same"));
            RunResult[] results = [first.Result, second.Result];

            Assert.Single(results, r => r.ExitCode == 0);
            RunResult failed = Assert.Single(results, r => r.ExitCode != 0);
            Assert.Equal(1, failed.ExitCode);
            Assert.Matches(@"^nsbox: (create same: File exists \(EEXIST\)|lock container same: Resource temporarily unavailable \(EAGAIN\)): [^\n]+\n$", failed.Stderr);
            Assert.Equal("created", ContainerProbe.State(nsbox.Verb("state", "same").Stdout).GetProperty("status").GetString());
            Assert.Equal(0, nsbox.Verb("delete", "same").ExitCode);
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
        }

        [SkippableFact]
        public void ACreateThatFailsLeavesNoProcessAndNoState()
        {
            Require();
            using var bundle = new BusyboxBundle("true");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            string pidFile = Path.Combine(bundle.Directory, "no-such-dir", "pid");
            int[] before = Waiters();

            RunResult created = nsbox.Detached(bundle.Directory, "create", "--pid-file", pidFile, "x1");
            Assert.Equal(1, created.ExitCode);
            Assert.Matches(@"^nsbox: [^\n]*no-such-dir[^\n]*: No such file or directory \(ENOENT\)\n$", created.Stderr);
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
            Assert.Equal(before, Waiters());
        }

        [SkippableTheory]
        [InlineData("{", @"line 1, column 2: the JSON ends too soon")]
        [InlineData("", @"line 1, column 1: the file holds no JSON")]
        [InlineData("{\n  \"ociVersion\": x\n}", @"line 2, column 17: not valid JSON here \('x'\)")]
        [InlineData("{\"ociVersion\": 12}", @"line 1, column [0-9]+: \$\.ociVersion: not of the type the format gives it")]
        public void ACreateOfABrokenConfigSaysWhereInOurOwnWords(string config, string where)
        {
            Require();
            using var bundle = new BusyboxBundle("true");
            File.WriteAllText(Path.Combine(bundle.Directory, "config.json"), config);
            using OciRuntime nsbox = OciRuntime.Nsbox();

            RunResult created = nsbox.Detached(bundle.Directory, "create", "j1");
            Assert.Equal(1, created.ExitCode);
            Assert.Matches(@"^nsbox: config\.json: Invalid argument \(EINVAL\): " + where + "\n$", created.Stderr);
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
        }

        /// <summary>The start waiters of this test's nsbox that are running now.</summary>
        private static int[] Waiters() => Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : 0)
            .Where(pid => pid > 0 && !ContainerProbe.HasEnded(pid) && ContainerProbe.CommandLine(pid) is [_, "__nsbox-wait", ..] && IsOurs(pid))
            .Order().ToArray();

        private static bool IsOurs(int pid)
        {
            try
            {
                return new FileInfo($"/proc/{pid}/exe").LinkTarget == Path.GetFullPath(Published.Nsbox);
            }
            catch (IOException)
            {
                return false;
            }
        }

        [SkippableFact]
        public void ListShowsEveryContainerAsATableAndAsJson()
        {
            Require();
            using var bundle = new BusyboxBundle("true");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            Assert.Equal(0, nsbox.Detached(bundle.Directory, "create", "b2").ExitCode);
            Assert.Equal(0, nsbox.Detached(bundle.Directory, "create", "a1").ExitCode);

            string[] lines = nsbox.Verb("list").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(["a1", "b2"], lines.Skip(1).Select(l => l.Split(' ')[0]));
            Assert.All(lines.Skip(1), l => Assert.Equal("created", l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]));

            JsonElement json = ContainerProbe.State(nsbox.Verb("list", "--format", "json").Stdout);
            Assert.Equal(["a1", "b2"], json.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
            Assert.Equal("a1\nb2\n", nsbox.Verb("list", "-q").Stdout);
        }

        [SkippableFact]
        public void ErrorsGoToTheLogAsJsonLines()
        {
            Require();
            using OciRuntime nsbox = OciRuntime.Nsbox();
            string log = Path.Combine(nsbox.Root, "log.json");
            RunResult result = nsbox.Verb("--log", log, "--log-format", "json", "state", "nope");
            Assert.Equal(1, result.ExitCode);
            using JsonDocument line = JsonDocument.Parse(File.ReadAllText(log));
            Assert.Equal("error", line.RootElement.GetProperty("level").GetString());
            Assert.Equal(result.Stderr.TrimEnd('\n'), "nsbox: " + line.RootElement.GetProperty("msg").GetString());
            Assert.True(DateTimeOffset.TryParse(line.RootElement.GetProperty("time").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        }
    }
}
