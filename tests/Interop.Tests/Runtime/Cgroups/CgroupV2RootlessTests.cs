using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Interop.Tests.Cli.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Cgroups
{
    /// <summary>
    /// Rootless limits on a pure cgroup v2 host (<see cref="EmulatedV2Host"/>), run as uid 65534:
    /// in a subtree delegated as systemd's Delegate= does it (<see cref="EmulatedV2Host.Delegation"/>),
    /// a hugetlb-limited OCI container with a user namespace gets its own cgroup beside nobody's
    /// leaf, and pauses and resumes; a limit without its controller is refused with nothing left;
    /// without the delegation a limit is the documented line and 125 (nsbox run) or one line and 1
    /// (the OCI verbs), with nothing made, and a container without limits runs in the caller's
    /// cgroup, as runc's rootless containers do. Root sets up and removes the subtree; nothing is left.
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed class CgroupV2RootlessTests
    {
        private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

        /// <summary>A busybox bundle nobody can run rootless: a user namespace mapping root to 65534, the files nobody's, the fifos too.</summary>
        private static BusyboxBundle RootlessBundle(string script, out string ready, out string go)
        {
            var bundle = new BusyboxBundle(script);
            File.SetUnixFileMode(bundle.Directory, (UnixFileMode)0x1ED);
            ready = bundle.MakeFifo("ready");
            go = bundle.MakeFifo("go");
            EmulatedV2Host.Chown(Path.Combine(bundle.Directory, "rootfs"), recursive: true);
            EmulatedV2Host.Chown(bundle.Out, recursive: true);
            CgroupProbe.EditConfig(bundle, config =>
            {
                JsonObject linux = config["linux"]!.AsObject();
                linux["namespaces"]!.AsArray().Add(new JsonObject { ["type"] = "user" });
                linux["uidMappings"] = new JsonArray(new JsonObject { ["containerID"] = 0, ["hostID"] = EmulatedV2Host.Nobody, ["size"] = 1 });
                linux["gidMappings"] = new JsonArray(new JsonObject { ["containerID"] = 0, ["hostID"] = EmulatedV2Host.Nobody, ["size"] = 1 });
            });
            return bundle;
        }

        /// <summary>An OCI state root nobody owns.</summary>
        private static OciRuntime RuntimeForNobody(EmulatedV2Host v2)
        {
            var runtime = new OciRuntime(v2.Nsbox);
            EmulatedV2Host.Chown(runtime.Root);
            return runtime;
        }

        [SkippableFact]
        public void InADelegatedSubtreeNobodysHugetlbLimitedContainerGetsItsOwnCgroupAndPausesAndResumes()
        {
            EmulatedV2Host.Require();
            Requirements.Program("/usr/bin/busybox");
            using var delegation = new EmulatedV2Host.Delegation();
            using var v2 = new EmulatedV2Host(cgroup: delegation.Leaf, asNobody: true);
            using BusyboxBundle bundle = RootlessBundle("cat /proc/self/cgroup > /out/ready; read x < /out/go", out string ready, out string go);
            CgroupV2HostTests.LimitHugePages(bundle, out string file, out long limit);
            using OciRuntime runtime = RuntimeForNobody(v2);
            string id = CgroupProbe.Id("v2nobody");
            string Status() => ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("status").GetString()!;

            RunResult create = runtime.Detached(bundle.Directory, "create", id);
            Assert.True(create.ExitCode == 0, create.ToString());
            Assert.Equal(0, runtime.Verb("start", id).ExitCode);

            // Beside nobody's leaf, below the delegated directory: the one place nobody may enable hugetlb for.
            string directory = EmulatedV2Host.HostDirectoryOf(ContainerProbe.Read(ready, s_limit));
            Assert.Equal(delegation.HostDirectory + "/" + id, directory);
            Assert.Equal(limit.ToString(), File.ReadAllText(Path.Combine(directory, file)).Trim());
            Assert.Contains("hugetlb", File.ReadAllText(Path.Combine(delegation.HostDirectory, "cgroup.subtree_control")).Split(' ', '\n'));
            int pid = ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("pid").GetInt32();
            Assert.Equal(EmulatedV2Host.Nobody.ToString(), File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1]);

            Assert.Equal(0, runtime.Verb("pause", id).ExitCode);
            Assert.Equal("paused", Status());
            Assert.Equal("1", EmulatedV2Host.KeyValue(Path.Combine(directory, "cgroup.events"), "frozen"));
            Assert.Equal(0, runtime.Verb("resume", id).ExitCode);
            Assert.Equal("running", Status());
            Assert.Equal("0", EmulatedV2Host.KeyValue(Path.Combine(directory, "cgroup.events"), "frozen"));

            ContainerProbe.Write(go, "go", s_limit);
            Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
            Assert.Equal(0, runtime.Verb("delete", id).ExitCode);
            Assert.False(Directory.Exists(directory), directory);
            Assert.Empty(delegation.Others());
        }

        [SkippableFact]
        public void InADelegatedSubtreeALimitWithoutItsControllerIsOneLineAnd125AndNothingIsLeft()
        {
            EmulatedV2Host.Require();
            using var delegation = new EmulatedV2Host.Delegation();
            using var v2 = new EmulatedV2Host(cgroup: delegation.Leaf, asNobody: true);

            // The cgroup is made (nobody may, here), then the limit refused and the cgroup removed.
            RunResult run = v2.Run("run", "--user", "--map-root-user", "--pids", "5", "--", "/bin/true");

            Assert.True(run.ExitCode == 125, run.ToString());
            Assert.Equal("nsbox: --pids: Operation not supported (EOPNOTSUPP): pids.max: this host has no pids controller (neither a v1 pids hierarchy nor pids in cgroup v2's cgroup.controllers)\n", run.Stderr);
            Assert.Empty(delegation.Others());
            Assert.Empty(v2.SandboxCgroupsBelow(EmulatedV2Host.HostView));
        }

        [SkippableFact]
        public void WithoutADelegatedSubtreeALimitIsTheDocumentedLineAnd125AndNothingIsMade()
        {
            EmulatedV2Host.Require();
            Requirements.Program("/usr/bin/busybox");
            using var v2 = new EmulatedV2Host(asNobody: true);

            RunResult run = v2.Run("run", "--user", "--map-root-user", "--pids", "5", "--", "/bin/true");

            Assert.True(run.ExitCode == 125, run.ToString());
            int nsbox = Assert.Single(v2.Pids);
            string made = EmulatedV2Host.RelativeBase()[EmulatedV2Host.HostView.Length..] + "/nsbox-" + nsbox + "-1";
            Assert.Equal("nsbox: --pids: Permission denied (EACCES): mkdir /sys/fs/cgroup" + made + ": limits need root or a delegated cgroup v2 subtree\n", run.Stderr);
            Assert.Empty(v2.SandboxCgroupsBelow(EmulatedV2Host.HostView));

            // The OCI path, rootless with hugetlb: one line, status 1, no cgroup and no state.
            using BusyboxBundle bundle = RootlessBundle("true", out _, out _);
            CgroupV2HostTests.LimitHugePages(bundle, out _, out _);
            using OciRuntime runtime = RuntimeForNobody(v2);
            string id = CgroupProbe.Id("v2nodeleg");
            RunResult oci = runtime.Verb("run", "--bundle", bundle.Directory, id);
            Assert.True(oci.ExitCode == 1, oci.ToString());
            Assert.Single(oci.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("nsbox: mkdir /sys/fs/cgroup", oci.Stderr, StringComparison.Ordinal);
            Assert.EndsWith("/" + id + ": Permission denied (EACCES): limits need root or a delegated cgroup v2 subtree\n", oci.Stderr, StringComparison.Ordinal);
            Assert.Empty(CgroupProbe.Directories(id));
            Assert.Empty(Directory.GetDirectories(runtime.Root));
        }

        [SkippableFact]
        public void WithoutADelegatedSubtreeARootlessContainerWithoutLimitsRunsInTheCallersCgroupAsUnderRunc()
        {
            EmulatedV2Host.Require();
            Requirements.Program("/usr/bin/busybox");
            using var v2 = new EmulatedV2Host(asNobody: true);
            using BusyboxBundle bundle = RootlessBundle("cat /proc/self/cgroup > /out/ready; read x < /out/go", out string ready, out string go);
            using OciRuntime runtime = RuntimeForNobody(v2);
            string id = CgroupProbe.Id("v2nolimit");

            // runc's rootless rule: no cgroupsPath and nothing to limit, so no permission for a cgroup is no failure.
            RunResult create = runtime.Detached(bundle.Directory, "create", id);
            Assert.True(create.ExitCode == 0, create.ToString());
            Assert.Equal(0, runtime.Verb("start", id).ExitCode);
            Assert.Equal(EmulatedV2Host.HostDirectoryOf(File.ReadAllText("/proc/self/cgroup")), EmulatedV2Host.HostDirectoryOf(ContainerProbe.Read(ready, s_limit)));
            Assert.Empty(CgroupProbe.Directories(id));

            // Without a cgroup there is nothing to freeze: pause is refused, the container goes on.
            RunResult pause = runtime.Verb("pause", id);
            Assert.True(pause.ExitCode == 1, pause.ToString());
            Assert.Equal("nsbox: pause " + id + ": Operation not supported (EOPNOTSUPP): the container has no cgroup of its own to freeze (rootless without a delegated cgroup v2 subtree)\n", pause.Stderr);
            Assert.Equal("running", ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("status").GetString());
            int pid = ContainerProbe.State(runtime.Verb("state", id).Stdout).GetProperty("pid").GetInt32();
            ContainerProbe.Write(go, "go", s_limit);
            Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
            Assert.Equal(0, runtime.Verb("delete", id).ExitCode);
            Assert.Empty(Directory.GetDirectories(runtime.Root));
        }
    }
}
