using System.Collections.Generic;
using System.Linq;
using Interop.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;

namespace Interop.Tests.Generator
{
    /// <summary>The pipeline's named steps cache: unrelated edits do no work, a table edit redoes only its part.</summary>
    public sealed class IncrementalCachingTests
    {
        private static readonly string[] s_steps =
        [
            SyscallTableGenerator.TrackingNames.TableText, SyscallTableGenerator.TrackingNames.Outline,
            SyscallTableGenerator.TrackingNames.Entry, SyscallTableGenerator.TrackingNames.Check,
            SyscallTableGenerator.TrackingNames.Units, SyscallTableGenerator.TrackingNames.Constants,
            SyscallTableGenerator.TrackingNames.Errno, SyscallTableGenerator.TrackingNames.BuildTarget,
            SyscallTableGenerator.TrackingNames.Architecture, SyscallTableGenerator.TrackingNames.CompilationSupport,
        ];

        [Fact]
        public void UnrelatedSourceEditLeavesEveryStepCachedOrUnchanged()
        {
            CSharpCompilation compilation = Compilation("class A { }");
            GeneratorDriver driver = Driver(new InMemoryAdditionalText(TablePath, RealTable())).RunGenerators(compilation);

            CSharpCompilation edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(), CSharpSyntaxTree.ParseText("class A { int x; }", path: "/project/File0.cs"));
            GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

            foreach (string step in s_steps)
            {
                Assert.True(second.TrackedSteps.ContainsKey(step), "step not tracked: " + step);
                Assert.All(second.TrackedSteps[step].SelectMany(s => s.Outputs), o =>
                    Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
            }
        }

        [Theory]
        [InlineData("doc: New UTS namespace (hostname and domain name).", "doc: New UTS namespace.")]
        [InlineData("doc: Creates a directory with the given permission bits (less the umask).", "doc: Creates a directory.")]
        public void EditingOneEntryReparsesAndRegeneratesOnlyThatEntry(string before, string after)
        {
            string table = RealTable();
            Assert.Equal(1, Occurrences(table, before));
            GeneratorRunResult second = RunEdited(table, table.Replace(before, after));

            Assert.Single(Reasons(second, SyscallTableGenerator.TrackingNames.Entry), r => r == IncrementalStepRunReason.Modified);
            Assert.All(Reasons(second, SyscallTableGenerator.TrackingNames.Entry), r => Assert.True(r is IncrementalStepRunReason.Modified or IncrementalStepRunReason.Cached, r.ToString()));
            Assert.Single(Reasons(second, SyscallTableGenerator.TrackingNames.Units), r => r == IncrementalStepRunReason.Modified);
            foreach (string unchanged in new[] { SyscallTableGenerator.TrackingNames.Constants, SyscallTableGenerator.TrackingNames.Errno, SyscallTableGenerator.TrackingNames.Architecture })
            {
                Assert.All(Reasons(second, unchanged), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{unchanged}: {r}"));
            }
        }

        /// <summary>An entry's cache holds its text, not its line: lines added above it leave it cached.</summary>
        [Fact]
        public void MovingEntriesDownKeepsThemCached()
        {
            string table = RealTable();
            GeneratorRunResult second = RunEdited(table, "# a comment\n\n" + table);

            Assert.All(Reasons(second, SyscallTableGenerator.TrackingNames.Entry), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            Assert.All(Reasons(second, SyscallTableGenerator.TrackingNames.Units), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        }

        private static GeneratorRunResult RunEdited(string table, string editedTable)
        {
            Assert.NotEqual(table, editedTable);
            var original = new InMemoryAdditionalText(TablePath, table);
            GeneratorDriver driver = Driver(original).RunGenerators(Compilation());
            return driver
                .ReplaceAdditionalText(original, new InMemoryAdditionalText(TablePath, editedTable))
                .RunGenerators(Compilation()).GetRunResult().Results.Single();
        }

        private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

        private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
            result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);
    }
}
