using System.Collections.Generic;
using System.Linq;
using Interop.Generator;
using Microsoft.CodeAnalysis;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// The RuntimeIdentifier feeds only the outputs that depend on the architecture: changing it leaves every
    /// parse and check step alone and redoes only the architecture-dependent emission.
    /// The real table compiles warning-free for every target.
    /// </summary>
    public sealed class BuildTargetCachingTests
    {
        [Fact]
        public void ChangingTheRuntimeIdentifierRedoesOnlyArchitectureDependentSteps()
        {
            var table = new InMemoryAdditionalText(TablePath, RealTable());
            GeneratorDriver driver = BuildTargetHarness.Driver(null, table).RunGenerators(Compilation());

            var arm64 = new GlobalOptionsProvider(new Dictionary<string, string> { [SyscallTableGenerator.RuntimeIdentifierOption] = "linux-arm64" });
            GeneratorRunResult second = driver.WithUpdatedAnalyzerConfigOptions(arm64).RunGenerators(Compilation()).GetRunResult().Results.Single();

            Assert.Equal(IncrementalStepRunReason.Modified, Reasons(second, SyscallTableGenerator.TrackingNames.BuildTarget).Single());
            Assert.All(Reasons(second, SyscallTableGenerator.TrackingNames.Architecture), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
            foreach (string unchanged in new[] { SyscallTableGenerator.TrackingNames.Outline, SyscallTableGenerator.TrackingNames.Entry, SyscallTableGenerator.TrackingNames.Check, SyscallTableGenerator.TrackingNames.Units, SyscallTableGenerator.TrackingNames.Errno })
            {
                Assert.All(Reasons(second, unchanged), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{unchanged}: {r}"));
            }

            Assert.Contains("public const int SYS_pivot_root = 41;", string.Concat(second.GeneratedSources.Where(s => s.HintName.StartsWith("Interop.Linux.Native.Syscalls.", System.StringComparison.Ordinal)).Select(s => s.SourceText.ToString())));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("linux-x64")]
        [InlineData("linux-arm64")]
        [InlineData("linux-musl-x64")]
        public void RealTableCompilesWarningFreeForEveryTarget(string? rid)
        {
            var (run, output, diagnostics) = BuildTargetHarness.Generate(RealTable(), rid, "[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]");

            Assert.Empty(diagnostics);
            Assert.Empty(run.Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
        }

        private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
            result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);
    }
}
