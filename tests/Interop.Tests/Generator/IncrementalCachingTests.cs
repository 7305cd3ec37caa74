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
            SyscallTableGenerator.TrackingNames.TableText, SyscallTableGenerator.TrackingNames.Parse,
            SyscallTableGenerator.TrackingNames.Functions, SyscallTableGenerator.TrackingNames.Constants,
            SyscallTableGenerator.TrackingNames.Errno, SyscallTableGenerator.TrackingNames.Flags,
            SyscallTableGenerator.TrackingNames.Structs, SyscallTableGenerator.TrackingNames.BuildTarget,
            SyscallTableGenerator.TrackingNames.Syscalls, SyscallTableGenerator.TrackingNames.Architecture,
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

        [Fact]
        public void EditingOneFlagSetRegeneratesOnlyThatPart()
        {
            string table = RealTable();
            var original = new InMemoryAdditionalText(TablePath, table);
            GeneratorDriver driver = Driver(original).RunGenerators(Compilation());

            string editedTable = table.Replace("doc: New UTS namespace (hostname and domain name changes).", "doc: New UTS namespace.")
                                      .Replace("doc: New UTS namespace (hostname and domain name).", "doc: New UTS namespace.");
            Assert.NotEqual(table, editedTable);
            GeneratorRunResult second = driver
                .ReplaceAdditionalText(original, new InMemoryAdditionalText(TablePath, editedTable))
                .RunGenerators(Compilation()).GetRunResult().Results.Single();

            Assert.Equal(IncrementalStepRunReason.Modified, Reasons(second, SyscallTableGenerator.TrackingNames.Parse).Single());
            Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second, SyscallTableGenerator.TrackingNames.Flags));
            foreach (string unchanged in new[] { SyscallTableGenerator.TrackingNames.Functions, SyscallTableGenerator.TrackingNames.Constants, SyscallTableGenerator.TrackingNames.Errno, SyscallTableGenerator.TrackingNames.Structs, SyscallTableGenerator.TrackingNames.Syscalls, SyscallTableGenerator.TrackingNames.Architecture })
            {
                Assert.All(Reasons(second, unchanged), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
            }
        }

        private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
            result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);
    }
}
