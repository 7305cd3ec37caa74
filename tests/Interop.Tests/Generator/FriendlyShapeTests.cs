using System;
using System.Linq;
using Interop.Linux;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// The friendly layer's descriptor and out-parameter shapes: <c>fd</c> parameters and returns are
    /// FileDescriptor SafeHandles, <c>out T</c> parameters are C# out, <c>string?</c> may be null.
    /// </summary>
    public sealed class FriendlyShapeTests
    {
        private const string Table = """
            namespace: Demo.Native
            functions:
              - name: open
                returns: fd
                errno: minus-one
                params:
                  - { name: path, type: string }
                  - { name: flags, type: int }
                  - { name: mode, type: mode_t }
              - name: fstat
                returns: int
                errno: minus-one
                params:
                  - { name: fd, type: fd }
                  - { name: buf, type: out Stat }
              - name: pipe_size
                returns: int
                errno: minus-one
                params:
                  - { name: fd, type: fd }
                  - { name: size, type: out int }
              - name: mount
                returns: int
                errno: minus-one
                params:
                  - { name: source, type: "string?" }
                  - { name: target, type: string }
            syscalls:
              - name: pidfd_open
                returns: fd
                errno: minus-one
                numbers: { x86_64: 434, aarch64: 434 }
                params:
                  - { name: pid, type: int }
                  - { name: flags, type: uint }
            structs:
              - name: Stat
                size: 144
                fields:
                  - { name: mode, type: uint, offset: 24 }
            """;

        [Fact]
        public void ShapesCompileWarningFreeUnderDisableRuntimeMarshalling()
        {
            const string consumer = """
                [assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]
                namespace Demo.Consumer
                {
                    using Demo.Native;
                    public static class Uses
                    {
                        public static uint Mode(string path)
                        {
                            using FileDescriptor fd = Sys.Open(path, 0, 0);
                            Sys.Fstat(fd, out Stat st);
                            Sys.PipeSize(fd, out int size);
                            Sys.Mount(null, "/mnt");
                            using FileDescriptor process = Sys.PidfdOpen(1, 0);
                            return st.mode + (uint)size;
                        }
                    }
                }
                """;
            var (_, output, diagnostics) = BuildTargetHarness.Generate(Table, "linux-x64", consumer);
            Assert.Empty(diagnostics);
            Assert.Empty(Errors(output));
        }

        [Fact]
        public void DescriptorsAreSafeHandlesInTheFriendlyLayerAndIntsInTheRawOne()
        {
            var (run, _, _) = Generate(Table);
            string friendly = Source(run, "Sys.Functions.g.cs");
            string raw = Source(run, "Native.Functions.g.cs");

            Assert.Contains("public static extern int open(byte* path, int flags, uint mode);", raw);
            Assert.Contains("public static extern int fstat(int fd, global::Demo.Native.Stat* buf);", raw);
            Assert.Contains("public static global::Demo.Native.FileDescriptor Open(string path, int flags, uint mode)", friendly);
            Assert.Contains("global::Demo.Native.FileDescriptor __handle = new global::Demo.Native.FileDescriptor();", friendly);
            Assert.Contains("if (__result == -1) { __handle.Dispose(); throw new ErrnoException(\"open\", (Errno)__errno, path); }", friendly);
            Assert.Contains("global::System.Runtime.InteropServices.Marshal.InitHandle(__handle, (nint)__result);", friendly);

            // A descriptor argument is kept from being closed by another thread until the call returns.
            Assert.Contains("public static int Fstat(global::Demo.Native.FileDescriptor fd, out global::Demo.Native.Stat buf)", friendly);
            Assert.Contains("fd.DangerousAddRef(ref __p_fd_addRef);", friendly);
            Assert.Contains("__result = global::Demo.Native.Native.fstat((int)fd.DangerousGetHandle(), &__p_buf);", friendly);
            Assert.Contains("if (__p_fd_addRef) fd.DangerousRelease();", friendly);
            Assert.Contains("buf = __p_buf;", friendly);

            Assert.Contains("public static int PipeSize(global::Demo.Native.FileDescriptor fd, out int size)", friendly);
            Assert.Contains("public static int Mount(string? source, string target)", friendly);
            Assert.Contains("__p_source = source is null ? null : NativeStrings.ToUtf8Z(source, nameof(source), __stack_source, NativeStrings.StackBufferSize);", friendly);
            Assert.Contains("public static global::Demo.Native.FileDescriptor PidfdOpen(int pid, uint flags)", Source(run, "Sys.Syscalls.g.cs"));
        }

        [Fact]
        public void FileDescriptorTreatsZeroAsValidAndNegativeAsInvalid()
        {
            var (run, _, _) = Generate(Table);
            string source = Source(run, "FileDescriptor.g.cs");
            Assert.Contains("internal sealed class FileDescriptor : global::System.Runtime.InteropServices.SafeHandle", source);
            Assert.Contains("public override bool IsInvalid => handle < 0;", source);
            Assert.Contains("protected override bool ReleaseHandle() => close((int)handle) == 0;", source);

            using var stdin = new FileDescriptor(0, ownsHandle: false);
            Assert.False(stdin.IsInvalid);
            using var none = new FileDescriptor();
            Assert.True(none.IsInvalid);
            Assert.Equal(-1, none.Value);
        }

        [Fact]
        public void OpenReturnsAnOwnedDescriptorThatFstatReads()
        {
            FileDescriptor fd = Sys.Open("/dev/null", Native.O_RDONLY | Native.O_CLOEXEC, 0);
            Assert.False(fd.IsInvalid);
            Sys.Fstat(fd, out Stat st);
            Assert.Equal(Native.S_IFCHR, st.mode & Native.S_IFMT);

            fd.Dispose();
            Assert.True(fd.IsClosed);
            Assert.Throws<ObjectDisposedException>(() => Sys.Fstat(fd, out _));
        }

        [Fact]
        public void AFailedOpenThrowsWithThePathAndLeavesNoHandle()
        {
            ErrnoException e = Assert.Throws<ErrnoException>(() => Sys.Open("/nonexistent/nsbox-test", Native.O_RDONLY, 0));
            Assert.Equal(Errno.ENOENT, e.Errno);
            Assert.Equal("/nonexistent/nsbox-test", e.Argument);
            Assert.Equal("open /nonexistent/nsbox-test: No such file or directory (ENOENT)", e.Message);
        }

        /// <summary>pidfd_open and pidfd_send_signal are raw syscalls; signal 0 only checks that the process exists.</summary>
        [Fact]
        public unsafe void APidfdOfThisProcessAcceptsSignalZero()
        {
            using FileDescriptor self = Sys.PidfdOpen(Environment.ProcessId, 0);
            Assert.False(self.IsInvalid);
            Assert.Equal(0, Sys.PidfdSendSignal(self, 0, null, 0));
        }

        [Fact]
        public void OutParametersOfTheRealTableAreCSharpOut()
        {
            var (run, _, _) = Generate(RealTable());
            string friendly = Source(run, "Sys.Functions.g.cs");
            Assert.Contains("public static int Stat(string path, out global::Interop.Linux.Stat buf)", friendly);
            Assert.Contains("public static int Fstat(global::Interop.Linux.FileDescriptor fd, out global::Interop.Linux.Stat buf)", friendly);
            Assert.Contains("public static int Mount(string? source, string target, string? fstype, ulong flags, void* data)", friendly);
            Assert.Contains("public static global::Interop.Linux.FileDescriptor Socket(int domain, int type, int protocol)", friendly);
            Assert.DoesNotContain(run.Results.Single().Diagnostics, d => true);
        }
    }
}
