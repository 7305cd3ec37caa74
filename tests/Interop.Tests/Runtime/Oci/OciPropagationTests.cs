using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>linux.rootfsPropagation: config.json to the plan without root, then the root's propagation inside beside runc's.</summary>
    [Collection(SpawningCollection.Name)]
    public sealed class OciPropagationTests
    {
        private const string Base = """
            { "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" },
              "linux": { "namespaces": [ { "type": "mount" } ] } }
            """;

        // The optional fields (shared:N, master:N, unbindable) of the container's / in its mountinfo.
        private const string Probe = "busybox awk '$5 == \"/\" { for (i = 7; $i != \"-\"; i++) printf \"%s \", $i; print \"|\" }' /proc/self/mountinfo";

        [Theory]
        [InlineData("shared", MountFlags.Shared)]
        [InlineData("rshared", MountFlags.Shared | MountFlags.Recursive)]
        [InlineData("slave", MountFlags.Slave)]
        [InlineData("rslave", MountFlags.Slave | MountFlags.Recursive)]
        [InlineData("unbindable", MountFlags.Unbindable)]
        [InlineData("runbindable", MountFlags.Unbindable | MountFlags.Recursive)]
        [InlineData("rprivate", MountFlags.None)]
        [InlineData("private", MountFlags.None)]
        public void EachPropagationIsThePlans(string word, MountFlags flags)
        {
            Assert.Equal(flags, OciBundle.FromJson("/b", JsonEdits.With(Base, "linux.rootfsPropagation", "\"" + word + "\"")).ToPlan().RootPropagation);
        }

        [Fact]
        public void AnUnknownPropagationIsInvalid()
        {
            Assert.Equal("config.json: linux.rootfsPropagation 'rsideways': Invalid argument (EINVAL): one of shared, slave, private, unbindable and their r forms",
                Assert.Throws<SandboxUsageException>(() => OciBundle.FromJson("/b", JsonEdits.With(Base, "linux.rootfsPropagation", "\"rsideways\"")).ToPlan()).Message);
        }

        [SkippableTheory]
        [InlineData("rslave")]
        [InlineData("slave")]
        [InlineData("rprivate")]
        public void TheRootsPropagationInsideIsRuncs(string propagation)
        {
            RuncComparison.Require();
            RuncComparison.AssertSame(RuncComparison.Run(Probe, json => JsonEdits.With(json, "linux.rootfsPropagation", "\"" + propagation + "\"")));
        }

        // runtime-tools' runtimetest check: / bound recursively at /t, then /s bound at /m; a shared / shows /s's file at /t/m.
        private const string SharedProbe = "busybox mkdir /tmp/t /tmp/m /tmp/s && touch /tmp/s/f && busybox mount --rbind / /tmp/t && busybox mount --bind /tmp/s /tmp/m && if [ -e /tmp/t/tmp/m/f ]; then echo exposed; else echo hidden; fi";

        private const string SysAdmin = """{ "bounding": ["CAP_SYS_ADMIN"], "effective": ["CAP_SYS_ADMIN"], "permitted": ["CAP_SYS_ADMIN"] }""";

        [SkippableTheory]
        [InlineData("shared")]
        [InlineData("rshared")]
        public void ASharedRootShowsItsMountsInABindOfItselfWhereRuncDoesNot(string propagation)
        {
            // runc 1.1.5 makes the host's / shared before it binds the root, whose parent it then makes private:
            // the new / is private (runc#1755, fixed later by runc#4724). nsbox shares the new / after pivot_root.
            RuncComparison.Require();
            (Interop.Tests.Support.RunResult runc, Interop.Tests.Support.RunResult nsbox) =
                RuncComparison.Run(SharedProbe, json => JsonEdits.With(JsonEdits.With(json, "process.capabilities", SysAdmin), "linux.rootfsPropagation", "\"" + propagation + "\""));

            Assert.True(runc.ExitCode == 0, "runc " + runc);
            Assert.Equal("hidden\n", runc.Stdout);
            Assert.True(nsbox.ExitCode == 0, "nsbox " + nsbox);
            Assert.Equal("exposed\n", nsbox.Stdout);
        }

        [SkippableFact]
        public void APrivateRootHidesItsMountsFromABindOfItselfAsRuncs()
        {
            RuncComparison.Require();
            (Interop.Tests.Support.RunResult runc, Interop.Tests.Support.RunResult nsbox) =
                RuncComparison.Run(SharedProbe, json => JsonEdits.With(JsonEdits.With(json, "process.capabilities", SysAdmin), "linux.rootfsPropagation", "\"private\""));

            RuncComparison.AssertSame((runc, nsbox));
            Assert.Equal("hidden\n", nsbox.Stdout);
        }

        [SkippableFact]
        public void AnUnbindableRootIsUnbindableInsideWhereRuncFailsToBindIt()
        {
            // runc 1.1.5 makes the host's / unbindable before it binds the root, and that bind fails (EINVAL);
            // nsbox applies it to the new / after pivot_root, where the spec puts it.
            RuncComparison.Require();
            (Interop.Tests.Support.RunResult runc, Interop.Tests.Support.RunResult nsbox) = RuncComparison.Run(Probe, json => JsonEdits.With(json, "linux.rootfsPropagation", "\"runbindable\""));

            Assert.Contains("invalid argument", runc.Stderr);
            Assert.Equal(0, nsbox.ExitCode);
            Assert.Equal("unbindable |\n", nsbox.Stdout);
        }
    }
}
