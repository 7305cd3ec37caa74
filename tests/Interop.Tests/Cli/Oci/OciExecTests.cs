using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>
    /// <c>nsbox exec</c> into a running container, beside runc on the same bundle: output and exit
    /// statuses (the process's own, 128+N for a signal, 255 for the runtime's errors), process.json,
    /// the options runc applies (--cwd, --env, --cap), --detach with --pid-file, every namespace of
    /// the container joined, and its cgroups.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class OciExecTests
    {
        private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

        private static readonly string[] s_namespaces = ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"];

        private static void Require()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            Requirements.Program("/usr/sbin/runc");
        }

        private static BusyboxBundle SleepingBundle()
        {
            var bundle = new BusyboxBundle("true");
            foreach (string applet in new[] { "pwd", "grep", "env" })
            {
                File.CreateSymbolicLink(Path.Combine(bundle.Directory, "rootfs", "bin", applet), "busybox");
            }

            bundle.WriteConfig(["sleep", "1000"]);
            // runc spec's three capabilities in the three sets (runc's exec --cap needs a capabilities object to add to).
            string file = Path.Combine(bundle.Directory, "config.json");
            JsonNode config = JsonNode.Parse(File.ReadAllText(file))!;
            var capabilities = new JsonObject();
            foreach (string set in new[] { "bounding", "effective", "permitted" })
            {
                capabilities[set] = new JsonArray("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
            }

            config["process"]!["capabilities"] = capabilities;
            File.WriteAllText(file, config.ToJsonString());
            return bundle;
        }

        [SkippableFact]
        public void ExecGivesRuncsOutputAndStatuses()
        {
            Require();
            var seen = new List<string>[2];
            foreach (bool useRunc in new[] { true, false })
            {
                using BusyboxBundle bundle = SleepingBundle();
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                string processJson = Path.Combine(bundle.Directory, "process.json");
                File.WriteAllText(processJson, """{"args": ["sh", "-c", "pwd; echo $B"], "cwd": "/out", "env": ["PATH=/bin", "B=from-json"]}""");
                Assert.Equal(0, runtime.Detached(bundle.Directory, "run", "--bundle", bundle.Directory, "--detach", "x1").ExitCode);
                string[][] cases =
                [
                    ["exec", "x1", "echo", "hi"],
                    ["exec", "x1", "sh", "-c", "echo out; echo err >&2; exit 3"],
                    ["exec", "x1", "sh", "-c", "kill -TERM $$"],
                    ["exec", "x1", "no-such-command"],
                    ["exec", "x1"],
                    ["exec", "--cwd", "/tmp", "--env", "A=1", "--env", "PATH=/bin:/sbin", "x1", "sh", "-c", "pwd; echo $A $PATH"],
                    ["exec", "--cap", "CAP_KILL", "--cap", "CAP_CHOWN", "x1", "grep", "Cap", "/proc/self/status"],
                    ["exec", "--no-new-privs", "x1", "grep", "NoNewPrivs", "/proc/self/status"],
                    ["exec", "--process", processJson, "x1", "ignored", "words"],
                    ["exec", "--process", processJson + ".missing", "x1"],
                    ["exec", "no-such-container", "true"],
                ];
                seen[useRunc ? 0 : 1] = [];
                foreach (string[] args in cases)
                {
                    RunResult result = runtime.Verb(args);
                    seen[useRunc ? 0 : 1].Add(string.Join(' ', args).Replace(bundle.Directory, "BUNDLE", StringComparison.Ordinal) + " -> " + result.ExitCode + " " + result.Stdout);
                    if (!useRunc && result.ExitCode == 255)
                    {
                        // An error of nsbox's own is one line.
                        Assert.Matches("^nsbox: [^\n]+\n$", result.Stderr);
                    }
                    else if (!useRunc && args.Contains("exit 3"))
                    {
                        Assert.Equal("err\n", result.Stderr);
                    }
                }

                int pid = ContainerProbe.State(runtime.Verb("state", "x1").Stdout).GetProperty("pid").GetInt32();
                Assert.Equal(0, runtime.Verb("kill", "x1", "KILL").ExitCode);
                Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
                RunResult stopped = runtime.Verb("exec", "x1", "true");
                seen[useRunc ? 0 : 1].Add("stopped -> " + stopped.ExitCode + " " + stopped.Stdout);
                if (!useRunc)
                {
                    Assert.Equal("nsbox: exec x1: No such process (ESRCH): cannot exec in a stopped container\n", stopped.Stderr);
                }

                Assert.Equal(0, runtime.Verb("delete", "x1").ExitCode);
            }

            Assert.Contains("exec x1 sh -c kill -TERM $$ -> 143 ", seen[0]);
            Assert.True(seen[0].SequenceEqual(seen[1]), "runc:\n" + string.Join("\n", seen[0]) + "\nnsbox:\n" + string.Join("\n", seen[1]));
        }

        [SkippableFact]
        public void DetachedExecJoinsEveryNamespaceOfTheContainerAndWritesThePidFile()
        {
            Require();
            foreach (bool useRunc in new[] { true, false })
            {
                using BusyboxBundle bundle = SleepingBundle();
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                Assert.Equal(0, runtime.Detached(bundle.Directory, "run", "--bundle", bundle.Directory, "--detach", "d1").ExitCode);
                int pid1 = ContainerProbe.State(runtime.Verb("state", "d1").Stdout).GetProperty("pid").GetInt32();
                string pidFile = Path.Combine(bundle.Directory, "exec.pid");
                RunResult exec = runtime.Detached(bundle.Directory, "exec", "--detach", "--pid-file", pidFile, "d1", "sleep", "1000");
                Assert.True(exec.ExitCode == 0, exec.ToString());
                string written = File.ReadAllText(pidFile);
                Assert.DoesNotContain("\n", written);
                int pid = int.Parse(written, CultureInfo.InvariantCulture);
                Assert.Equal(["sleep", "1000"], ContainerProbe.CommandLine(pid)!);
                foreach (string type in s_namespaces)
                {
                    Assert.Equal(new FileInfo($"/proc/{pid1}/ns/{type}").LinkTarget, new FileInfo($"/proc/{pid}/ns/{type}").LinkTarget);
                }

                Assert.Equal(File.ReadAllText($"/proc/{pid1}/cgroup"), File.ReadAllText($"/proc/{pid}/cgroup"));
                Assert.Equal(new FileInfo($"/proc/{pid1}/root").LinkTarget, new FileInfo($"/proc/{pid}/root").LinkTarget);

                // The runtime returned: the process outlives it (adopted), and ends with the container.
                Assert.Equal(0, runtime.Verb("delete", "--force", "d1").ExitCode);
                Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
            }
        }

        [SkippableFact]
        public void ExecInTheForegroundForwardsItsSignalsAndExitsWithTheProcesssStatus()
        {
            Require();
            foreach (bool useRunc in new[] { true, false })
            {
                using BusyboxBundle bundle = SleepingBundle();
                string ready = bundle.MakeFifo("ready");
                string trapped = bundle.MakeFifo("trapped");
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                Assert.Equal(0, runtime.Detached(bundle.Directory, "run", "--bundle", bundle.Directory, "--detach", "s1").ExitCode);
                string program = useRunc ? "/usr/sbin/runc" : Published.Nsbox;
                using BackgroundProgram exec = BackgroundProgram.Start(program, ["--root", runtime.Root, "exec", "s1", "sh", "-c",
                    "trap 'echo term > /out/trapped; exit 7' TERM; echo ready > /out/ready; while true; do sleep 1; done"]);
                Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
                Assert.Equal(0, Interop.Linux.Native.kill(exec.Pid, Interop.Linux.Native.SIGTERM));
                Assert.Equal("term", ContainerProbe.Read(trapped, s_limit));
                RunResult result = exec.Wait(s_limit);
                Assert.True(result.ExitCode == 7, (useRunc ? "runc " : "nsbox ") + result);
                Assert.Equal(0, runtime.Verb("delete", "--force", "s1").ExitCode);
            }
        }

        [SkippableFact]
        public void ExecJoinsTheCgroupsOfTheContainersProcess()
        {
            Require();
            string name = "nsbox-exec-test-" + Guid.NewGuid().ToString("N")[..8];
            // One v1 hierarchy and the unified one, where they are mounted here.
            string[] cgroups = new[] { "/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified", "/sys/fs/cgroup" }
                .Where(h => File.Exists(Path.Combine(h, "cgroup.procs")))
                .Take(2)
                .Select(h => Path.Combine(h, name))
                .ToArray();
            Skip.If(cgroups.Length == 0, "no cgroup hierarchy mounted");
            using BusyboxBundle bundle = SleepingBundle();
            using OciRuntime nsbox = OciRuntime.Nsbox();
            int pid1 = 0;
            try
            {
                Assert.Equal(0, nsbox.Detached(bundle.Directory, "run", "--bundle", bundle.Directory, "--detach", "g1").ExitCode);
                pid1 = ContainerProbe.State(nsbox.Verb("state", "g1").Stdout).GetProperty("pid").GetInt32();
                foreach (string cgroup in cgroups)
                {
                    Directory.CreateDirectory(cgroup);
                    File.WriteAllText(Path.Combine(cgroup, "cgroup.procs"), pid1.ToString(CultureInfo.InvariantCulture));
                }

                string own = File.ReadAllText("/proc/self/cgroup");
                RunResult exec = nsbox.Verb("exec", "g1", "cat", "/proc/self/cgroup");
                Assert.True(exec.ExitCode == 0, exec.ToString());
                // The container has no cgroup namespace: the paths read inside are the host's.
                Assert.Equal(File.ReadAllText($"/proc/{pid1}/cgroup"), exec.Stdout);
                Assert.Contains("/" + name + "\n", exec.Stdout);
                // nsbox moved the new process only, not itself nor its caller.
                Assert.Equal(own, File.ReadAllText("/proc/self/cgroup"));
            }
            finally
            {
                nsbox.Verb("delete", "--force", "g1");
                if (pid1 > 0)
                {
                    ContainerProbe.WaitForExit(pid1, s_limit);
                }

                foreach (string cgroup in cgroups.Where(Directory.Exists))
                {
                    Directory.Delete(cgroup);
                }
            }
        }
    }
}
