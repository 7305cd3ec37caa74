using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;

namespace Interop.Tests.Generator
{
    /// <summary>The project's own table through the generator, in memory: what it emits and that it compiles cleanly.</summary>
    public sealed class GeneratedCodeTests
    {
        [Fact]
        public void RealTableCompilesWithoutWarningsUnderDisableRuntimeMarshalling()
        {
            var (run, output, diagnostics) = Generate(RealTable(), "[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]");

            Assert.Empty(diagnostics);
            Assert.Empty(run.Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
        }

        [Theory]
        [InlineData("NewMount", "CLONE_NEWNS", "2.4.19")]
        [InlineData("NewUts", "CLONE_NEWUTS", "2.6.19")]
        [InlineData("NewIpc", "CLONE_NEWIPC", "2.6.19")]
        [InlineData("NewPid", "CLONE_NEWPID", "2.6.24")]
        [InlineData("NewNet", "CLONE_NEWNET", "2.6.29")]
        [InlineData("NewUser", "CLONE_NEWUSER", "3.8")]
        [InlineData("NewCgroup", "CLONE_NEWCGROUP", "4.6")]
        [InlineData("NewTime", "CLONE_NEWTIME", "5.6")]
        public void CloneFlagsCarryEveryNamespaceWithItsKernelVersion(string member, string cName, string since)
        {
            var (run, _, _) = Generate(RealTable());
            string source = Source(run, "Flags.CloneFlags.g.cs");

            Assert.Contains("internal enum CloneFlags : ulong", source);
            Assert.Contains("[global::System.Flags]", source);
            string[] lines = source.Split('\n');
            int at = System.Array.FindIndex(lines, l => l.TrimStart().StartsWith(member + " = "));
            Assert.True(at > 0, member + " missing");
            Assert.Contains($"C name: <c>{cName}</c>. Since Linux {since}.", lines[at - 1]);
        }

        [Fact]
        public void RawLayerIsBlittableDllImportWithExactSpelling()
        {
            var (run, _, _) = Generate(RealTable());
            string source = Source(run, "Native.Functions.g.cs");

            foreach (string name in new[] { "clone", "execve", "waitpid", "mmap", "munmap", "mprotect", "pipe2", "read", "write", "close", "_exit", "sethostname", "gethostname", "getpid" })
            {
                Assert.Contains($"[global::System.Runtime.InteropServices.DllImport(LibraryName, EntryPoint = \"{name}\", ExactSpelling = true)]", source);
            }

            Assert.Contains("public static extern int clone(void* fn, void* stack, int flags, void* arg);", source);
            Assert.Contains("public static extern int execve(byte* path, byte** argv, byte** envp);", source);
            Assert.DoesNotContain("string", source.Split('\n').Where(l => l.Contains("extern")));
        }

        [Fact]
        public void FriendlyLayerFollowsLibraryImportErrnoPattern()
        {
            var (run, _, _) = Generate(RealTable());
            string source = Source(run, "Sys.Functions.g.cs");

            Assert.Contains("public static int SetHostName(global::System.ReadOnlySpan<byte> name)", source);
            Assert.Contains("global::System.Runtime.InteropServices.Marshal.SetLastSystemError(0);", source);
            Assert.Contains("global::System.Runtime.InteropServices.Marshal.SetLastPInvokeError(__errno);", source);
            Assert.Contains("throw new ErrnoException(\"execve\", (Errno)__errno, path);", source);
        }
    }
}
