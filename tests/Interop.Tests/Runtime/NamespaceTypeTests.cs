using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Xunit;

namespace Interop.Tests.Runtime
{
    /// <summary>NamespaceType.All is the one table of the namespace types: the kernel's, the spec's and the CLI's names, and the flags.</summary>
    public sealed class NamespaceTypeTests
    {
        [Fact]
        public void TheSpecsNamesAreTheOnesConfigLinuxMdLists()
        {
            // config-linux.md, "Namespaces": the types a runtime reads from linux.namespaces.
            Assert.Equal(["cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"], NamespaceType.All.Select(t => t.OciName).Order());
            Assert.All(NamespaceType.All, t => Assert.Same(t, NamespaceType.FindOci(t.OciName)));
            Assert.Null(NamespaceType.FindOci("net"));
            Assert.Null(NamespaceType.FindOci(null));
        }

        [Fact]
        public void AllFlagsIsEveryTypesFlagAndNothingElse()
        {
            CloneFlags union = NamespaceType.All.Aggregate(CloneFlags.None, (flags, t) => flags | t.Flag);
            Assert.Equal(union, NamespaceType.AllFlags);
            Assert.Equal(NamespaceType.All.Count, System.Numerics.BitOperations.PopCount((ulong)NamespaceType.AllFlags));
        }

        [Fact]
        public void EveryNameIsAFileUnderProcSelfNs()
        {
            Assert.All(NamespaceType.All, t => Assert.True(File.Exists("/proc/self/ns/" + t.Name), t.Name));
        }
    }
}
