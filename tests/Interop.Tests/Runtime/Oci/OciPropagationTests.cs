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
