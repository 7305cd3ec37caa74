using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// Syscalls bound by number: the raw wrapper over libc's syscall(2), its InChild twin, the friendly
    /// wrapper, and the number as a constant (RuntimeIdentifier known) or chosen at run time (no RID).
    /// </summary>
    public sealed class SyscallEmissionTests
    {
        private const string Table = """
            namespace: Demo.Native
            functions:
              - name: getppid
                returns: int
                errno: none
                params: []
            syscalls:
              - name: pivot_root
                child: true
                since: "2.3.41"
                doc: Swaps the root mount.
                returns: int
                errno: minus-one
                numbers: { x86_64: 155, aarch64: 41 }
                params:
                  - { name: new_root, type: string }
                  - { name: put_old, type: string }
              - name: getpid
                since: "1.0"
                doc: The caller's process id.
                returns: int
                errno: none
                numbers: { x86_64: 39, aarch64: 172 }
                params: []
            """;

        private const string DisableRuntimeMarshalling = "[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]";

        [Fact]
        public void WithoutARuntimeIdentifierTheNumberIsChosenAtRunTime()
        {
            var (run, output, diagnostics) = BuildTargetHarness.Generate(Table, runtimeIdentifier: null, DisableRuntimeMarshalling);
            Assert.Empty(diagnostics);
            Assert.Empty(Errors(output));
            string source = Source(run, "Native.Syscalls.g.cs");

            Assert.Contains("[global::System.Runtime.InteropServices.DllImport(LibraryName, EntryPoint = \"syscall\", ExactSpelling = true)]", Source(run, "Native.g.cs"));
            Assert.Contains("private static extern nint syscall6(nint number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);", Source(run, "Native.g.cs"));
            Assert.Contains("public static readonly int SYS_pivot_root = global::System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch", source);
            Assert.Contains("global::System.Runtime.InteropServices.Architecture.X64 => 155,", source);
            Assert.Contains("global::System.Runtime.InteropServices.Architecture.Arm64 => 41,", source);
            Assert.Contains("_ => -1,", source);
            Assert.Contains("public static int pivot_root(byte* new_root, byte* put_old) => unchecked((int)syscall6(SYS_pivot_root, (nint)new_root, (nint)put_old, 0, 0, 0, 0));", source);
            Assert.Contains("SyscallArchitecture.Unsupported", Source(run, "Native.Architecture.g.cs"));
        }

        [Theory]
        [InlineData("linux-x64", "155", "X64")]
        [InlineData("linux-musl-x64", "155", "X64")]
        [InlineData("linux-arm64", "41", "Arm64")]
        [InlineData("linux-musl-arm64", "41", "Arm64")]
        public void WithALinuxRuntimeIdentifierTheNumberIsAConstant(string rid, string number, string architecture)
        {
            var (run, output, diagnostics) = BuildTargetHarness.Generate(Table, rid, DisableRuntimeMarshalling);
            Assert.Empty(diagnostics);
            Assert.Empty(Errors(output));

            string source = Source(run, "Native.Syscalls.g.cs");
            Assert.Contains($"public const int SYS_pivot_root = {number};", source);
            Assert.DoesNotContain("ProcessArchitecture", source);
            Assert.Contains($"public static readonly SyscallArchitecture Architecture = SyscallArchitecture.{architecture};", Source(run, "Native.Architecture.g.cs"));
        }

        [Theory]
        [InlineData("linux-arm")]
        [InlineData("win-x64")]
        [InlineData("")]
        public void ARuntimeIdentifierTheTableDoesNotDescribeChoosesAtRunTime(string rid)
        {
            var (run, output, _) = BuildTargetHarness.Generate(Table, rid);
            Assert.Empty(Errors(output));
            Assert.Contains("public static readonly int SYS_pivot_root", Source(run, "Native.Syscalls.g.cs"));
        }

        [Fact]
        public void ChildSyscallsGetASuppressGCTransitionTwinAndAFriendlyWrapper()
        {
            var (run, _, _) = BuildTargetHarness.Generate(Table, "linux-x64");
            string raw = Source(run, "Native.Syscalls.g.cs");
            // Each InChild block, up to its closing brace (the blocks of several syscalls may share a file).
            string[] inChild = raw.Split("public static unsafe partial class InChild").Skip(1)
                .Select(part => part.Substring(0, part.IndexOf("\n        }\n", StringComparison.Ordinal))).ToArray();

            Assert.Contains("[global::System.Runtime.InteropServices.SuppressGCTransition]", Source(run, "Native.g.cs"));
            Assert.Contains(inChild, block => block.Contains("public static int pivot_root(byte* new_root, byte* put_old)", StringComparison.Ordinal));
            Assert.DoesNotContain(inChild, block => block.Contains("getpid", StringComparison.Ordinal));

            string friendly = Source(run, "Sys.Syscalls.g.cs");
            Assert.Contains("public static int PivotRoot(string new_root, string put_old)", friendly);
            Assert.Contains("__result = global::Demo.Native.Native.pivot_root(__p_new_root, __p_put_old);", friendly);
            Assert.Contains("throw new ErrnoException(\"pivot_root\", (Errno)__errno, new_root);", friendly);
        }

        [Fact]
        public void TablesWithoutSyscallsEmitNoSyscallFile()
        {
            var (run, output, _) = BuildTargetHarness.Generate("namespace: Demo.Native\nfunctions: []\n", "linux-x64");
            Assert.Empty(Errors(output));
            Assert.DoesNotContain(run.Results.Single().GeneratedSources, s => s.HintName.Contains("Syscalls", StringComparison.Ordinal));
        }

        /// <summary>
        /// The six-nint binding of variadic syscall(2) really is ABI-correct here: the generated wrapper, compiled
        /// without a RuntimeIdentifier and loaded, returns this process's id.
        /// </summary>
        [Fact]
        public void TheGeneratedWrapperCallsTheKernel()
        {
            var (_, output, _) = BuildTargetHarness.Generate(Table, runtimeIdentifier: null, DisableRuntimeMarshalling);
            using var image = new MemoryStream();
            var emitted = output.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

            var context = new AssemblyLoadContext(nameof(TheGeneratedWrapperCallsTheKernel), isCollectible: true);
            try
            {
                image.Position = 0;
                Assembly assembly = context.LoadFromStream(image);
                Type native = assembly.GetType("Demo.Native.Native")!;
                native.GetMethod("PrelinkAll")!.Invoke(null, null);

                Assert.Equal(Environment.ProcessId, (int)native.GetMethod("getpid")!.Invoke(null, null)!);
                Assert.True((int)native.GetMethod("getppid")!.Invoke(null, null)! > 0);
            }
            finally
            {
                context.Unload();
            }
        }
    }
}
