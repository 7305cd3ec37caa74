using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>
    /// process.user (uid, gid, additionalGids, umask) and the five capability sets: config.json to
    /// the plan without root, then beside runc on a busybox bundle, as root and as uid 1000.
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed class OciUserTests
    {
        private const string Base = """
            { "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" },
              "linux": { "namespaces": [ { "type": "mount" } ] } }
            """;

        // podman's default list (OciSamples.PodmanRun).
        private const string PodmanCaps = """
            [ "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT" ]
            """;

        private const string Probe = "busybox grep -E '^(Uid|Gid|Groups|Cap)' /proc/self/status; umask";

        private static SandboxPlan Plan(string json) => OciBundle.FromJson("/srv/bundle", json).ToPlan();

        [Fact]
        public void TheUserGroupsAndUmaskBecomeThePlansUser()
        {
            SandboxPlan plan = Plan(JsonEdits.With(Base, "process.user", """{ "uid": 1000, "gid": 100, "additionalGids": [ 10, 20 ], "umask": 23 }"""));

            Assert.Equal(1000u, plan.User!.Uid);
            Assert.Equal(100u, plan.User.Gid);
            Assert.Equal([10u, 20u], plan.User.AdditionalGroups);
            Assert.Equal(23u, plan.Umask);
        }

        [Fact]
        public void NoUserIsRootWithoutGroupsAndRuncsUmask()
        {
            SandboxPlan plan = Plan(Base);

            Assert.Equal(new ProcessUser(0, 0, []).Uid, plan.User!.Uid);
            Assert.Equal(0u, plan.User.Gid);
            Assert.Empty(plan.User.AdditionalGroups);
            Assert.Equal(0x12u, plan.Umask);
        }

        [Fact]
        public void TheFiveCapabilitySetsAreTheConfigsAndNoObjectIsNone()
        {
            SandboxPlan plan = Plan(JsonEdits.With(Base, "process.capabilities",
                """{ "bounding": ["CAP_KILL", "CAP_CHOWN"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL", "CAP_CHOWN"], "inheritable": ["CAP_CHOWN"], "ambient": ["CAP_CHOWN"] }"""));
            ulong kill = 1UL << Native.CAP_KILL, chown = 1UL << Native.CAP_CHOWN;

            Assert.Equal(new CapabilitySets(kill | chown, kill, kill | chown, chown, chown), plan.Capabilities);
            Assert.Equal(0UL, plan.DroppedCapabilities);
            Assert.Equal(CapabilitySets.None, Plan(Base).Capabilities);
        }

        [Theory]
        [InlineData("""{ "uid": 4294967295 }""", "config.json: process.user 4294967295: Invalid argument (EINVAL): (uid_t)-1 is not an id: setresuid reads it as 'unchanged'")]
        [InlineData("""{ "uid": 0, "umask": 4096 }""", "config.json: process.user.umask 10000: Invalid argument (EINVAL): a umask is permission bits, 0 to 777 (octal)")]
        public void AUserOrUmaskTheKernelCannotTakeIsRefusedByField(string user, string message)
        {
            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => Plan(JsonEdits.With(Base, "process.user", user)));
            Assert.Equal(message, e.Message);
        }

        [Fact]
        public void TheBuilderRefusesDropCapabilitiesBesideTheFiveSets()
        {
            var builder = new SandboxBuilder("true").Capabilities(CapabilitySets.None);
            Assert.Equal(Errno.EINVAL, Assert.Throws<SandboxUsageException>(() => builder.DropCapabilities(Native.CAP_KILL)).Errno);
            Assert.Equal(Errno.EINVAL, Assert.Throws<SandboxUsageException>(() => new SandboxBuilder("true").Capabilities(new CapabilitySets(1UL << 50, 0, 0, 0, 0))).Errno);
        }

        [SkippableTheory]
        [InlineData(0u, 0u)]
        [InlineData(1000u, 1000u)]
        public void PodmansCapabilitiesComeOutAsUnderRunc(uint uid, uint gid)
        {
            RuncComparison.Require();
            RuncComparison.AssertSame(RuncComparison.Run(Probe, json => JsonEdits.With(
                JsonEdits.With(json, "process.user", $$"""{ "uid": {{uid}}, "gid": {{gid}}, "additionalGids": [ 0, 1, 2, 3, 4, 6, 10 ], "umask": 23 }"""),
                "process.capabilities", $$"""{ "bounding": {{PodmanCaps}}, "effective": {{PodmanCaps}}, "permitted": {{PodmanCaps}} }""")));
        }

        [SkippableTheory]
        [InlineData(0u)]
        [InlineData(1000u)]
        public void InheritableAndAmbientSetsComeOutAsUnderRunc(uint uid)
        {
            // CAP_KILL ambient but not inheritable: the kernel refuses to raise it, runc leaves it out.
            RuncComparison.Require();
            RuncComparison.AssertSame(RuncComparison.Run(Probe, json => JsonEdits.With(
                JsonEdits.With(json, "process.user", $$"""{ "uid": {{uid}}, "gid": {{uid}} }"""),
                "process.capabilities", """
                    { "bounding": ["CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_CHOWN"], "effective": ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
                      "permitted": ["CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_CHOWN"], "inheritable": ["CAP_NET_BIND_SERVICE", "CAP_CHOWN"],
                      "ambient": ["CAP_NET_BIND_SERVICE", "CAP_KILL"] }
                    """)));
        }

        [SkippableFact]
        public void NoCapabilitiesObjectAndNoUserComeOutAsUnderRunc()
        {
            RuncComparison.Require();
            RuncComparison.AssertSame(RuncComparison.Run(Probe, json => JsonEdits.Without(json, "process.user")));
        }

        [SkippableFact]
        public void ACapabilitySetTheKernelRefusesFailsTheStartAsUnderRunc()
        {
            // Effective outside permitted: capset says EPERM, under both.
            RuncComparison.Require();
            (RunResult runc, RunResult nsbox) = RuncComparison.Run(Probe, json => JsonEdits.With(json, "process.capabilities",
                """{ "bounding": ["CAP_KILL"], "effective": ["CAP_KILL", "CAP_CHOWN"], "permitted": ["CAP_KILL"] }"""));

            Assert.True(runc.ExitCode != 0, "runc " + runc);
            Assert.Equal(runc.ExitCode, nsbox.ExitCode);
            Assert.Equal("", nsbox.Stdout);
            Assert.Equal("nsbox: capset: Operation not permitted (EPERM)\n", nsbox.Stderr);
        }

        [SkippableFact]
        public void StartedFromTheLibraryTheInitAndTheCommandRunAsTheUser()
        {
            // Under nsbox's PID-1 init (the library's default with a PID namespace) rather than the verbs' waiter.
            RuncComparison.Require();
            using var bundle = new Interop.Tests.Cli.Oci.BusyboxBundle("exec > /out/result 2>&1; busybox grep -E '^(Uid|Gid|CapEff|CapBnd)' /proc/self/status /proc/1/status; umask");
            System.IO.File.SetUnixFileMode(bundle.Out, (System.IO.UnixFileMode)0x1FF);
            string config = System.IO.Path.Combine(bundle.Directory, "config.json");
            System.IO.File.WriteAllText(config, JsonEdits.With(JsonEdits.With(System.IO.File.ReadAllText(config), "process.user", """{ "uid": 1000, "gid": 1000, "umask": 7 }"""),
                "process.capabilities", """{ "bounding": ["CAP_KILL"], "permitted": ["CAP_KILL"], "effective": ["CAP_KILL"] }"""));

            using ChildProcess container = OciBundle.Load(bundle.Directory).ToBuilder().InitProgram(Published.Nsbox).Start();
            ExitStatus status = container.WaitForExit();

            string output = System.IO.File.ReadAllText(System.IO.Path.Combine(bundle.Out, "result"));
            Assert.True(status.ToShellStatus() == 0, status + ": " + output);
            Assert.Equal(
            [
                "/proc/self/status:Uid:\t1000\t1000\t1000\t1000",
                "/proc/self/status:Gid:\t1000\t1000\t1000\t1000",
                "/proc/self/status:CapEff:\t0000000000000000",
                "/proc/self/status:CapBnd:\t0000000000000020",
                "/proc/1/status:Uid:\t1000\t1000\t1000\t1000",
                "/proc/1/status:Gid:\t1000\t1000\t1000\t1000",
                "/proc/1/status:CapEff:\t0000000000000000",
                "/proc/1/status:CapBnd:\t0000000000000020",
                "0007",
            ], output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
