using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>
    /// The container's cgroup, nsbox beside runc on the same bundle: where the process is (every v1
    /// hierarchy and the unified one, before its command runs), the pids limit and device rules
    /// as runc writes them, kill --all, and nothing left under /sys/fs/cgroup after delete. Each
    /// runtime gets its own id: a default cgroup is named after the id, and two containers of one
    /// id would share it.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class CgroupTests
    {
        private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

        private static void Require()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            Requirements.Program("/usr/sbin/runc");
            Requirements.Program("/bin/ps");
        }

        private static int PidOf(OciRuntime runtime, string id) =>
            ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("pid").GetInt32();

        [SkippableFact]
        public void WithoutACgroupsPathTheProcessIsInACgroupNamedAfterTheIdInEveryHierarchyBeforeItsCommandRuns()
        {
            Require();
            var seen = new System.Collections.Generic.List<string[]>();
            foreach (bool useRunc in new[] { true, false })
            {
                using var bundle = new BusyboxBundle("cat /proc/self/cgroup > /out/cgroup");
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                string id = CgroupProbe.Id(useRunc ? "cg-runc" : "cg-nsbox");
                Assert.Equal(0, runtime.Detached(bundle.Directory, "create", id).ExitCode);
                int pid = PidOf(runtime, id);

                // While it waits for start, before the command: in the cgroup already, in every hierarchy.
                string[] waiting = CgroupProbe.CgroupLines(pid);
                Assert.All(waiting, line => Assert.EndsWith("/" + id, line));
                Assert.NotEmpty(CgroupProbe.Directories(id));

                Assert.Equal(0, runtime.Verb("start", id).ExitCode);
                Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
                string[] command = File.ReadAllLines(Path.Combine(bundle.Out, "cgroup"));
                Assert.Equal(waiting, command);
                seen.Add(command.Select(l => l.Replace(id, "ID", StringComparison.Ordinal)).ToArray());

                Assert.Equal(0, runtime.Verb("delete", id).ExitCode);
                Assert.Empty(CgroupProbe.Directories(id));
            }

            // The same hierarchies, the same paths, as runc's.
            Assert.Equal(seen[0], seen[1]);
        }

        [SkippableFact]
        public void AnAbsoluteCgroupsPathIsBelowEachRootAndEveryDirectoryMadeIsRemoved()
        {
            Require();
            using var bundle = new BusyboxBundle("echo ready > /out/ready; read x < /out/go");
            string ready = bundle.MakeFifo("ready");
            string go = bundle.MakeFifo("go");
            string parent = CgroupProbe.Id("nsbox-test");
            CgroupProbe.EditConfig(bundle, c => c["linux"]!["cgroupsPath"] = "/" + parent + "/c1");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            string id = CgroupProbe.Id("abs");

            Assert.Equal(0, nsbox.Detached(bundle.Directory, "run", "--detach", "--bundle", bundle.Directory, id).ExitCode);
            Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
            int pid = PidOf(nsbox, id);
            string[] lines = CgroupProbe.CgroupLines(pid);
            Assert.All(lines, line => Assert.EndsWith(":/" + parent + "/c1", line));
            Assert.All(Directory.GetDirectories("/sys/fs/cgroup"), h => Assert.True(Directory.Exists(Path.Combine(h, parent, "c1")), h));

            ContainerProbe.Write(go, "go", s_limit);
            Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
            Assert.Equal(0, nsbox.Verb("delete", id).ExitCode);

            // The parent, which nsbox made too, goes as well.
            Assert.Empty(CgroupProbe.Directories(parent));
        }

        [SkippableFact]
        public void ThePidsLimitAndTheDeviceRulesAreWhatRuncWrites()
        {
            Require();
            var seen = new System.Collections.Generic.List<(string PidsMax, string[] Devices)>();
            foreach (bool useRunc in new[] { true, false })
            {
                using var bundle = new BusyboxBundle("true");
                CgroupProbe.EditConfig(bundle, c => c["linux"]!["resources"] = JsonNode.Parse("""
                    { "pids": { "limit": 37 },
                      "devices": [ { "allow": false, "access": "rwm" }, { "allow": true, "type": "c", "major": 1, "minor": 3, "access": "rw" }, { "allow": true, "type": "c", "major": 4, "access": "r" } ] }
                    """));
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                string id = CgroupProbe.Id(useRunc ? "lim-runc" : "lim-nsbox");
                Assert.Equal(0, runtime.Detached(bundle.Directory, "create", id).ExitCode);
                string pids = CgroupProbe.Directories(id).Single(d => d.StartsWith("/sys/fs/cgroup/pids/", StringComparison.Ordinal));
                string devices = CgroupProbe.Directories(id).Single(d => d.StartsWith("/sys/fs/cgroup/devices/", StringComparison.Ordinal));

                // runc writes its allow rules in its own order; the kernel lists them as written.
                seen.Add((File.ReadAllText(Path.Combine(pids, "pids.max")).Trim(), File.ReadAllLines(Path.Combine(devices, "devices.list")).Order(StringComparer.Ordinal).ToArray()));
                Assert.Equal(0, runtime.Verb("delete", id).ExitCode);
                Assert.Empty(CgroupProbe.Directories(id));
            }

            Assert.Equal("37", seen[1].PidsMax);
            Assert.Equal(seen[0].PidsMax, seen[1].PidsMax);
            Assert.Equal(string.Join(" | ", seen[0].Devices), string.Join(" | ", seen[1].Devices));
            Assert.Contains("c 4:* r", seen[1].Devices);
        }

        [SkippableFact]
        public void APidsLimitOfOneAndANewCgroupNamespaceAreAsUnderRunc()
        {
            // create places the process first and limits the cgroup once it waits (as runc sets its
            // limits after it placed its init): pids.max 1 below the waiter's threads holds, and a new
            // cgroup namespace, unshared once the process is in its cgroup, has that cgroup as its root.
            Require();
            var seen = new System.Collections.Generic.List<string[]>();
            foreach (bool useRunc in new[] { true, false })
            {
                // Shell builtins only: one task, so the limit of 1 lets it run.
                using var bundle = new BusyboxBundle("while read -r line; do echo \"$line\"; done < /proc/self/cgroup > /out/cgroup");
                CgroupProbe.EditConfig(bundle, c =>
                {
                    c["linux"]!["resources"] = JsonNode.Parse("""{ "pids": { "limit": 1 } }""");
                    c["linux"]!["namespaces"]!.AsArray().Add(JsonNode.Parse("""{ "type": "cgroup" }"""));
                });
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                string id = CgroupProbe.Id(useRunc ? "one-runc" : "one-nsbox");
                Assert.Equal(0, runtime.Detached(bundle.Directory, "create", id).ExitCode);
                int pid = PidOf(runtime, id);
                string pids = CgroupProbe.Directories(id).Single(d => d.StartsWith("/sys/fs/cgroup/pids/", StringComparison.Ordinal));
                Assert.Equal("1", File.ReadAllText(Path.Combine(pids, "pids.max")).Trim());

                Assert.Equal(0, runtime.Verb("start", id).ExitCode);
                Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
                seen.Add(File.ReadAllLines(Path.Combine(bundle.Out, "cgroup")));
                Assert.Equal(0, runtime.Verb("delete", id).ExitCode);
                Assert.Empty(CgroupProbe.Directories(id));
            }

            Assert.All(seen[1], line => Assert.EndsWith(":/", line));
            Assert.Equal(seen[0], seen[1]);
        }

        [SkippableFact]
        public void KillAllReachesEveryProcessInTheCgroupAsRuncs()
        {
            Require();
            foreach (bool useRunc in new[] { true, false })
            {
                // PID 1 (sh) drops TERM, having no handler; its children do not: kill --all ends them, and sh's wait
                // for the pipeline returns. (A pipeline, not '&': busybox sh opens /dev/null for a background job, and
                // nsbox makes no device nodes yet.)
                using var bundle = new BusyboxBundle("sleep 1000 | (echo ready > /out/ready; read x < /out/never)");
                bundle.MakeFifo("never");
                string ready = bundle.MakeFifo("ready");
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                string id = CgroupProbe.Id(useRunc ? "ka-runc" : "ka-nsbox");
                Assert.Equal(0, runtime.Detached(bundle.Directory, "run", "--detach", "--bundle", bundle.Directory, id).ExitCode);
                Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
                int pid = PidOf(runtime, id);
                string[] before = CgroupProbe.Directories(id).Where(d => d.StartsWith("/sys/fs/cgroup/pids/", StringComparison.Ordinal)).ToArray();
                Assert.Equal(3, File.ReadAllLines(Path.Combine(before.Single(), "cgroup.procs")).Length);

                Assert.Equal(0, runtime.Verb("kill", "--all", id, "TERM").ExitCode);
                Assert.True(ContainerProbe.WaitForExit(pid, s_limit), (useRunc ? "runc" : "nsbox") + ": kill --all TERM did not end the container");

                // Of a stopped container: no error (runc signals its empty cgroup).
                RunResult again = runtime.Verb("kill", "--all", id, "KILL");
                Assert.True(again.ExitCode == 0, again.ToString());
                Assert.Equal(0, runtime.Verb("delete", id).ExitCode);
                Assert.Empty(CgroupProbe.Directories(id));
            }
        }

        [SkippableFact]
        public void ContainersOfOneIdUnderRuncAndNsboxShareTheCgroupAndLeaveNothingInEitherOrderOfDelete()
        {
            Require();
            foreach (bool runcFirst in new[] { true, false })
            {
                using var bundle = new BusyboxBundle("echo ready > /out/ready; read x < /out/never");
                bundle.MakeFifo("never");
                using OciRuntime runc = OciRuntime.Runc();
                using OciRuntime nsbox = OciRuntime.Nsbox();
                string id = CgroupProbe.Id("shared");
                OciRuntime[] order = runcFirst ? [runc, nsbox] : [nsbox, runc];
                foreach (OciRuntime runtime in order)
                {
                    string ready = bundle.MakeFifo("ready");
                    Assert.Equal(0, runtime.Detached(bundle.Directory, "run", "--detach", "--bundle", bundle.Directory, id).ExitCode);
                    Assert.Equal("ready", ContainerProbe.Read(ready, s_limit));
                    File.Delete(ready);
                }

                string pids = CgroupProbe.Directories(id).Single(d => d.StartsWith("/sys/fs/cgroup/pids/", StringComparison.Ordinal));
                Assert.Equal(2, File.ReadAllLines(Path.Combine(pids, "cgroup.procs")).Length);

                // Whoever deletes first leaves the other's process alone; the second removes the cgroup.
                foreach (OciRuntime runtime in order)
                {
                    runtime.Verb("delete", "--force", id);
                }

                Assert.Empty(CgroupProbe.Directories(id));
            }
        }

        [SkippableFact]
        public void ASystemdCgroupsPathIsRefusedWithOneLineAndNothingIsLeft()
        {
            Require();
            using var bundle = new BusyboxBundle("true");
            CgroupProbe.EditConfig(bundle, c => c["linux"]!["cgroupsPath"] = "machine.slice:nsbox:sd1");
            using OciRuntime nsbox = OciRuntime.Nsbox();

            RunResult create = nsbox.Detached(bundle.Directory, "create", "sd1");

            Assert.Equal(1, create.ExitCode);
            Assert.Equal("nsbox: config.json: linux.cgroupsPath 'machine.slice:nsbox:sd1': Operation not supported (EOPNOTSUPP): the systemd cgroup driver's form slice:prefix:name needs systemd, which nsbox does not use; give a path (\"/machine/NAME\", or relative \"NAME\")\n", create.Stderr);
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
            Assert.Empty(CgroupProbe.Directories("sd1"));
            Assert.Empty(CgroupProbe.Directories("machine.slice:nsbox:sd1"));
        }

        [SkippableFact]
        public void AFailedRunLeavesNoCgroup()
        {
            // run with no hook starts at once (no start waiter): the child joins the cgroups itself, and a failed exec must still remove them.
            Require();
            using var bundle = new BusyboxBundle("true");
            bundle.WriteConfig(["/bin/no-such-command"]);
            using OciRuntime nsbox = OciRuntime.Nsbox();
            string id = CgroupProbe.Id("failrun");

            RunResult run = nsbox.Detached(bundle.Directory, "run", "--bundle", bundle.Directory, id);

            // runc's status for it (RuncDifferentialTests compares the two).
            Assert.Equal(1, run.ExitCode);
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
            Assert.Empty(CgroupProbe.Directories(id));
        }

        [SkippableFact]
        public void AFailedCreateLeavesNoCgroup()
        {
            Require();
            using var bundle = new BusyboxBundle("true");
            bundle.WriteConfig(["/bin/no-such-command"]);
            using OciRuntime nsbox = OciRuntime.Nsbox();
            string id = CgroupProbe.Id("fail");

            RunResult create = nsbox.Detached(bundle.Directory, "create", id);

            Assert.Equal(1, create.ExitCode);
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
            Assert.Empty(CgroupProbe.Directories(id));
        }

        [SkippableFact]
        public void RunRemovesTheCgroupWhenItsProcessEnds()
        {
            Require();
            using var bundle = new BusyboxBundle("cat /proc/self/cgroup > /out/cgroup");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            string id = CgroupProbe.Id("run");

            Assert.Equal(0, nsbox.Detached(bundle.Directory, "run", "--bundle", bundle.Directory, id).ExitCode);

            Assert.All(File.ReadAllLines(Path.Combine(bundle.Out, "cgroup")), line => Assert.EndsWith("/" + id, line));
            Assert.Empty(CgroupProbe.Directories(id));
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
        }
    }
}
