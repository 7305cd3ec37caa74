using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Interop.Generator.Diagnostics;
using Interop.Generator.HeaderProbe;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// The opt-in header check (InteropVerifyHeaders): the table against this machine's C headers, compiled by gcc.
    /// Our own syscalls.yaml must agree everywhere; each wrong value must be reported at its own line and column.
    /// </summary>
    public sealed class HeaderCheckTests
    {
        private const string Gcc = "/usr/bin/gcc";

        private static string Arch => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64" : "x86_64";

        /// <summary>Both of our tables: syscalls.yaml (libc and the kernel) and seccomp.syscalls.yaml (libseccomp, in runtime/).</summary>
        [SkippableTheory]
        [InlineData("syscalls.yaml", "/usr/include/linux/sched.h")]
        [InlineData("seccomp.syscalls.yaml", "/usr/include/seccomp.h")]
        public void OurTableAgreesWithTheHeaders(string table, string header)
        {
            Requirements.Program(Gcc);
            Requirements.Program(header);
            string text = File.ReadAllText(Repo.Path(table));
            var diagnostics = Check(Repo.Path(table), text);
            Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics.Select(d => $"{d.Line},{d.Column}: {d.Message}")));
        }

        /// <summary>No compiler is not a silent pass: one SYSGEN017 for the table, saying what to install or set.</summary>
        [Fact]
        public void AMissingCompilerIsOneDiagnosticNotASilentPass()
        {
            var diagnostics = Check("/project/syscalls.yaml", File.ReadAllText(Repo.Path("syscalls.yaml")), "/nonexistent/cc");
            DiagnosticInfo d = Assert.Single(diagnostics);
            Assert.Equal("SYSGEN017", d.Id);
            Assert.Equal((1, 1), (d.Line, d.Column));
            Assert.Contains("The C compiler '/nonexistent/cc' does not start", d.Message);
            Assert.Contains("InteropVerifyHeaders to false", d.Message);
        }

        /// <summary>Each wrong value (marked '§' before it) is one SYSGEN016 at that position; right values are silent.</summary>
        [SkippableFact]
        public void EachWrongValueIsReportedAtItsPosition()
        {
            Requirements.Program(Gcc);
            string marked = """
                namespace: Probe.Native
                headers: [fcntl.h, sched.h, sys/mount.h, sys/stat.h, sys/syscall.h, time.h]
                syscalls:
                  - name: pivot_root
                    returns: int
                    numbers: { x86_64: §156, aarch64: §42 }
                    params: []
                constants:
                  - { name: O_CLOEXEC, type: int, value: 0x80000 }
                  - { name: O_DIRECTORY, type: int, value: { x86_64: §0x20000, aarch64: §0x8000 } }
                  - { name: S_IFMT, type: uint, value: 0170000 }
                  - { name: S_IFDIR, type: uint, value: §0040001 }
                  - { name: AT_FDCWD, type: int, value: -100 }
                  - { name: NOT_A_MACRO, type: int, value: 1, c: §NO_SUCH_NAME }
                flags:
                  - name: CloneFlags
                    type: ulong
                    values:
                      - { name: NewUts, c: CLONE_NEWUTS, value: 0x04000000 }
                      - { name: NewPid, c: CLONE_NEWPID, value: §0x40000000 }
                structs:
                  - name: Timespec
                    c: struct timespec
                    size: §24
                    fields:
                      - { name: tv_sec, type: long, offset: 0 }
                      - { name: tv_nsec, type: §int, offset: §4 }
                """;
            var expected = Markers(marked);
            string table = marked.Replace("§", "");
            var diagnostics = Check("/project/probe.syscalls.yaml", table);

            // Per-architecture values are checked for this machine's architecture only.
            string other = Arch == "x86_64" ? "aarch64" : "x86_64";
            var wanted = expected.Where(m => !IsValueOf(marked, m, other)).ToList();
            Assert.All(diagnostics, d => Assert.Equal("SYSGEN016", d.Id));
            Assert.Equal(wanted, diagnostics.Select(d => (d.Line, d.Column)).ToList());
            Assert.Contains(diagnostics, d => d.Message.Contains("156 (0x9C) in the table, but 155 (0x9B)", StringComparison.Ordinal) || Arch != "x86_64");
            Assert.Contains(diagnostics, d => d.Message.Contains("'NO_SUCH_NAME' is not declared", StringComparison.Ordinal));
        }

        /// <summary>A struct's layout filled from the header: the output is the table's YAML, with gcc's offsets.</summary>
        [SkippableFact]
        public void ALayoutIsFilledFromTheHeaders()
        {
            Requirements.Program(Gcc);
            string work = Directory.CreateTempSubdirectory("interop-layout-").FullName;
            try
            {
                string yaml = StructLayoutFromHeaders.Yaml("struct timespec", ["tv_sec", "tv_nsec"], ["time.h"], Gcc, work);
                Assert.Equal("    c: struct timespec\n    size: 16\n    fields:\n      - { name: tv_sec, type: ulong, offset: 0 }\n      - { name: tv_nsec, type: ulong, offset: 8 }\n", yaml);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        private static System.Collections.Generic.IReadOnlyList<DiagnosticInfo> Check(string path, string text, string compiler = Gcc)
        {
            string work = Directory.CreateTempSubdirectory("interop-headers-").FullName;
            try
            {
                return HeaderCheck.Run(path, text, compiler, Arch, work);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        /// <summary>The 1-based positions of the '§' markers, in the text without them.</summary>
        private static System.Collections.Generic.List<(int Line, int Column)> Markers(string marked)
        {
            var result = new System.Collections.Generic.List<(int, int)>();
            string[] lines = marked.Split('\n');
            for (int l = 0; l < lines.Length; l++)
            {
                int removed = 0;
                for (int c = 0; c < lines[l].Length; c++)
                {
                    if (lines[l][c] == '§')
                    {
                        result.Add((l + 1, c + 1 - removed));
                        removed++;
                    }
                }
            }

            return result;
        }

        /// <summary>Whether the marker sits on the value of another architecture's key ("aarch64: §42" on x86_64).</summary>
        private static bool IsValueOf(string marked, (int Line, int Column) marker, string architecture)
        {
            string line = marked.Split('\n')[marker.Line - 1].Replace("§", "");
            string before = line.Substring(0, marker.Column - 1);
            return before.TrimEnd().EndsWith(architecture + ":", StringComparison.Ordinal);
        }
    }
}
