using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;

namespace Interop.Tests.Generator
{
    /// <summary>Mistakes in syscalls and per-architecture values: each a diagnostic at its position, with a hint.</summary>
    public sealed class ArchitectureDiagnosticsTests
    {
        // Line 8 is the numbers map; its '{' is at column 14.
        private const string Valid = """
            namespace: Demo.Native
            syscalls:
              - name: pivot_root
                since: "2.3.41"
                doc: Swaps the root mount.
                returns: int
                errno: minus-one
                numbers: { x86_64: 155, aarch64: 41 }
                params:
                  - { name: new_root, type: string }
                  - { name: put_old, type: string }
            constants:
              - { name: O_DIRECTORY, type: int, value: { x86_64: 0x10000, aarch64: 0x4000 } }
            structs:
              - name: Pair
                size: { x86_64: 16, aarch64: 8 }
                fields:
                  - { name: first, type: { x86_64: long, aarch64: int }, offset: 0 }
                  - { name: second, type: int, offset: { x86_64: 8, aarch64: 4 } }
            """;

        [Fact]
        public void ValidTableHasNoDiagnostics()
        {
            var (run, output, _) = Generate(Valid);
            Assert.Empty(run.Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
        }

        [Fact]
        public void MissingAarch64NumberIsSysgen010AtTheMap()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("numbers: { x86_64: 155, aarch64: 41 }", "numbers: { x86_64: 155 }"));
            AssertAt(d, "SYSGEN010", 8, 14);
            Assert.Contains("'numbers' has no value for aarch64", d.GetMessage());
        }

        [Fact]
        public void MissingArchitectureInABlockMapPointsAtItsFirstKey()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("    numbers: { x86_64: 155, aarch64: 41 }", "    numbers:\n      aarch64: 41"));
            AssertAt(d, "SYSGEN010", 9, 7);
            Assert.Contains("no value for x86_64", d.GetMessage());
        }

        [Fact]
        public void MissingArchitectureOfAConstantIsSysgen010()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("value: { x86_64: 0x10000, aarch64: 0x4000 }", "value: { aarch64: 0x4000 }"));
            AssertAt(d, "SYSGEN010", 13, 44);
            Assert.Contains("x86_64", d.GetMessage());
        }

        [Theory]
        [InlineData("arm64", "aarch64")]
        [InlineData("amd64", "x86_64")]
        [InlineData("x86-64", "x86_64")]
        [InlineData("aarch46", "aarch64")]
        public void UnknownArchitectureSuggestsTheKernelName(string written, string suggested)
        {
            var (run, _, _) = Generate(Valid.Replace("aarch64: 41", written + ": 41"));
            Diagnostic[] diagnostics = run.Results.Single().Diagnostics.OrderBy(d => d.Id).ToArray();

            // The unknown key, and the architecture it left out.
            Assert.Equal(["SYSGEN010", "SYSGEN012"], diagnostics.Select(d => d.Id));
            AssertAt(diagnostics[1], "SYSGEN012", 8, 29);
            Assert.Contains($"Did you mean '{suggested}'?", diagnostics[1].GetMessage());
        }

        [Fact]
        public void NumbersMustBeAMap()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("numbers: { x86_64: 155, aarch64: 41 }", "numbers: 155"));
            AssertAt(d, "SYSGEN008", 8, 14);
            Assert.Contains("x86_64: ..., aarch64: ...", d.GetMessage());
        }

        [Fact]
        public void MissingNumbersIsReported()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("    numbers: { x86_64: 155, aarch64: 41 }\n", ""));
            Assert.Equal("SYSGEN003", d.Id);
            Assert.Contains("'pivot_root' has no 'numbers'", d.GetMessage());
        }

        [Fact]
        public void ASyscallTakesAtMostSixArguments()
        {
            string seven = string.Concat(Enumerable.Range(1, 7).Select(i => $"\n      - {{ name: a{i}, type: long }}"));
            Diagnostic d = SingleDiagnostic(Valid.Replace("\n      - { name: new_root, type: string }\n      - { name: put_old, type: string }", seven));
            AssertAt(d, "SYSGEN007", 10, 7);
            Assert.Contains("at most 6", d.GetMessage());
        }

        [Fact]
        public void ASyscallCannotTakeAStructByValue()
        {
            string table = Valid.Replace("- { name: put_old, type: string }", "- { name: put_old, type: Pair2 }")
                + "\n  - name: Pair2\n    size: 8\n    fields:\n      - { name: a, type: long, offset: 0 }";
            Diagnostic d = SingleDiagnostic(table);
            Assert.Equal("SYSGEN009", d.Id);
            Assert.Contains("struct passed by value", d.GetMessage());
        }

        [Fact]
        public void APerArchitectureStructCannotBeEmbedded()
        {
            string table = Valid + "\n  - name: Outer\n    size: 16\n    fields:\n      - { name: pair, type: Pair, offset: 0 }";
            Diagnostic d = SingleDiagnostic(table);
            Assert.Equal("SYSGEN009", d.Id);
            Assert.Contains("use a pointer ('Pair*')", d.GetMessage());
        }

        [Fact]
        public void PerArchitectureOffsetsAreCheckedAgainstEachSize()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("offset: { x86_64: 8, aarch64: 4 }", "offset: { x86_64: 8, aarch64: 8 }"));
            Assert.Equal("SYSGEN007", d.Id);
            Assert.Contains("(4 bytes at offset 8 on aarch64) runs past the end of struct", d.GetMessage());
        }

        [Fact]
        public void ASyscallNamedLikeAFunctionIsADuplicate()
        {
            string table = Valid.Replace("syscalls:", "functions:\n  - { name: pivot_root, returns: int, params: [] }\nsyscalls:");
            Diagnostic d = SingleDiagnostic(table);
            AssertAt(d, "SYSGEN005", 5, 11);
        }

        [Fact]
        public void AConstantNamedLikeASyscallNumberIsADuplicate()
        {
            string table = Valid.Replace("constants:", "constants:\n  - { name: SYS_pivot_root, type: int, value: 155 }");
            Diagnostic d = SingleDiagnostic(table);
            Assert.Equal("SYSGEN005", d.Id);
            Assert.Contains("'SYS_pivot_root' is already defined on line 3", d.GetMessage());
        }

        [Fact]
        public void ReturningADescriptorNeedsTheMinusOneConvention()
        {
            string table = Valid.Replace("syscalls:", "functions:\n  - { name: dup, returns: fd, errno: none, params: [] }\nsyscalls:");
            Diagnostic d = SingleDiagnostic(table);
            Assert.Equal("SYSGEN009", d.Id);
            Assert.Contains("needs 'errno: minus-one'", d.GetMessage());
        }
    }
}
