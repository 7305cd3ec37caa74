using System.Runtime.InteropServices;
using Interop.Linux;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;
using LibC = Tmds.Linux.LibC;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// Constants and struct layouts that differ per architecture: resolved at compile time with a Linux
    /// RuntimeIdentifier, chosen at run time without one, and source-compatible between the two forms.
    /// </summary>
    public sealed class PerArchitectureTests
    {
        private const string Table = """
            namespace: Demo.Native
            constants:
              - { name: O_DIRECTORY, type: int, value: { x86_64: 0x10000, aarch64: 0x4000 } }
              - { name: SAME_EVERYWHERE, type: int, value: { x86_64: 7, aarch64: 7 } }
            structs:
              - name: Timespec
                size: 16
                fields:
                  - { name: tv_sec, type: long, offset: 0 }
              - name: Stat
                c: struct stat
                size: { x86_64: 144, aarch64: 128 }
                fields:
                  - { name: nlink, type: { x86_64: ulong, aarch64: uint }, offset: { x86_64: 16, aarch64: 20 } }
                  - { name: mode, type: uint, offset: { x86_64: 24, aarch64: 16 } }
                  - { name: blksize, type: { x86_64: long, aarch64: int }, offset: 56 }
                  - { name: atime, type: Timespec, offset: 72 }
                  - { name: spare, type: "int[2]", offset: { x86_64: 128, aarch64: 120 } }
            """;

        /// <summary>Code written once against the bindings: it must compile against every form of them.</summary>
        private const string Consumer = """
            [assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]
            namespace Demo.Consumer
            {
                using Demo.Native;
                internal static class UsesStat
                {
                    public static ulong Read(Stat s) => s.nlink + s.mode + (ulong)s.blksize + (ulong)s.atime.tv_sec + (ulong)Stat.SizeInBytes;
                    public static void Write(ref Stat s) => s.mode = 0x4000;
                    public static int Flags => Native.O_DIRECTORY | Native.SAME_EVERYWHERE;
                    public static bool Known => Native.Architecture != SyscallArchitecture.Unsupported;
                }
            }
            """;

        [Theory]
        [InlineData(null)]
        [InlineData("linux-x64")]
        [InlineData("linux-arm64")]
        public void EveryFormCompilesWarningFreeForTheSameConsumerCode(string? rid)
        {
            var (_, output, diagnostics) = BuildTargetHarness.Generate(Table, rid, Consumer);
            Assert.Empty(diagnostics);
            Assert.Empty(Errors(output));
        }

        [Fact]
        public void WithoutARuntimeIdentifierAConstantIsChosenAtRunTime()
        {
            var (run, _, _) = BuildTargetHarness.Generate(Table, runtimeIdentifier: null);
            string source = Source(run, "Native.Constants.g.cs");

            Assert.Contains("public static readonly int O_DIRECTORY = global::System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch", source);
            Assert.Contains("global::System.Runtime.InteropServices.Architecture.Arm64 => 16384,", source);
            // The same value on every architecture is a constant whatever the build.
            Assert.Contains("public const int SAME_EVERYWHERE = 7;", source);
        }

        [Fact]
        public void WithARuntimeIdentifierAConstantIsResolved()
        {
            var (run, _, _) = BuildTargetHarness.Generate(Table, "linux-arm64");
            string source = Source(run, "Native.Constants.g.cs");

            Assert.Contains("public const int O_DIRECTORY = 16384;", source);
            Assert.Contains("The aarch64 value: the build's RuntimeIdentifier is linux-arm64.", source);
        }

        [Fact]
        public void WithARuntimeIdentifierAStructHasThatArchitecturesLayout()
        {
            var (run, _, _) = BuildTargetHarness.Generate(Table, "linux-arm64");
            string source = Source(run, "Structs.Stat.g.cs");

            Assert.Contains("LayoutKind.Explicit, Size = 128)]", source);
            Assert.Contains("[global::System.Runtime.InteropServices.FieldOffset(20)]\n        public uint nlink;", source);
            Assert.Contains("[global::System.Runtime.InteropServices.FieldOffset(56)]\n        public int blksize;", source);
            Assert.DoesNotContain("AsX64", source);
        }

        [Fact]
        public void WithoutARuntimeIdentifierAStructIsAUnionOfItsLayouts()
        {
            var (run, _, _) = BuildTargetHarness.Generate(Table, runtimeIdentifier: null);
            string source = Source(run, "Structs.Stat.g.cs");

            Assert.Contains("LayoutKind.Explicit, Size = 144)]\n    internal unsafe partial struct Stat", source);
            Assert.Contains("public X64 AsX64;", source);
            Assert.Contains("public Arm64 AsArm64;", source);
            Assert.Contains("public unsafe partial struct X64", source);
            Assert.Contains("LayoutKind.Explicit, Size = 128)]\n        public unsafe partial struct Arm64", source);
            // A type that differs is widened and read-only; a fixed array has no property, only the views.
            Assert.Contains("public readonly ulong nlink => ", source);
            Assert.Contains("public uint mode\n", source);
            Assert.DoesNotContain("spare =>", source);
        }

        /// <summary>The project's own bindings are built without a RuntimeIdentifier: the run-time choice must match this machine.</summary>
        [Fact]
        public void TheRealBindingsChooseThisMachinesValues()
        {
            SyscallArchitecture expected = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => SyscallArchitecture.X64,
                Architecture.Arm64 => SyscallArchitecture.Arm64,
                _ => SyscallArchitecture.Unsupported,
            };
            Assert.Equal(expected, Native.Architecture);
            Assert.Equal(LibC.O_DIRECTORY, Native.O_DIRECTORY);
            Assert.Equal(LibC.O_NOFOLLOW, Native.O_NOFOLLOW);
            // sizeof(struct stat), from gcc: 144 on x86_64, 128 on aarch64.
            Assert.Equal(expected == SyscallArchitecture.Arm64 ? 128 : 144, Stat.SizeInBytes);
        }

        [Fact]
        public void StatReadsTheFileTypeThroughTheRunningLayout()
        {
            Sys.Stat("/", out Stat root);
            Assert.Equal(Native.S_IFDIR, root.mode & Native.S_IFMT);
            Assert.True(root.nlink >= 2);

            Sys.Stat("/dev/null", out Stat devNull);
            Assert.Equal(Native.S_IFCHR, devNull.mode & Native.S_IFMT);
        }
    }
}
