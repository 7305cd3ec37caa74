using System.Collections.Generic;
using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;

namespace Interop.Tests.Generator
{
    /// <summary>Every mistake in a table is a diagnostic with a stable id, file, line and column, and a hint.</summary>
    public sealed class DiagnosticsTests
    {
        private const string Valid = """
            namespace: Demo.Native
            functions:
              - name: getpid
                returns: int
                errno: none
                params: []
            constants:
              - { name: O_CLOEXEC, type: int, value: 0x80000 }
            flags:
              - name: Small
                type: byte
                values:
                  - { name: A, value: 1 }
            """;

        [Fact]
        public void ValidTableHasNoDiagnostics()
        {
            var (run, output, _) = Generate(Valid);
            Assert.Empty(run.Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
        }

        [Fact]
        public void UnknownKeySuggestsTheNearestKey()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("    returns: int", "    retruns: int\n    returns: int"));
            AssertAt(d, "SYSGEN002", 4, 5);
            Assert.Contains("Did you mean 'returns'?", d.GetMessage());
        }

        [Fact]
        public void UnknownTypeSuggestsAKnownType()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("returns: int", "returns: itn"));
            AssertAt(d, "SYSGEN004", 4, 14);
            Assert.Contains("Did you mean 'int'?", d.GetMessage());
        }

        [Fact]
        public void DuplicateNameNamesTheFirstLine()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("  - { name: O_CLOEXEC, type: int, value: 0x80000 }", "  - { name: O_CLOEXEC, type: int, value: 0x80000 }\n  - { name: O_CLOEXEC, type: int, value: 1 }"));
            AssertAt(d, "SYSGEN005", 9, 13);
            Assert.Contains("line 8", d.GetMessage());
        }

        [Fact]
        public void InvalidIdentifierIsReported()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("name: getpid", "name: get-pid"));
            AssertAt(d, "SYSGEN006", 3, 11);
        }

        [Fact]
        public void ValueOutOfRangeForTheEnumTypeIsReported()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("{ name: A, value: 1 }", "{ name: A, value: 0x100 }"));
            AssertAt(d, "SYSGEN007", 13, 27);
            Assert.Contains("does not fit in byte", d.GetMessage());
        }

        [Fact]
        public void MalformedYamlIsReportedWhereItIs()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("returns: int", "returns: \"int"));
            Assert.Equal("SYSGEN001", d.Id);
            Assert.Equal(4, d.Location.GetLineSpan().StartLinePosition.Line + 1);
        }

        [Fact]
        public void MissingRequiredKeyIsReported()
        {
            Diagnostic d = SingleDiagnostic(Valid.Replace("    returns: int\n", ""));
            Assert.Equal("SYSGEN003", d.Id);
            Assert.Contains("'getpid' has no 'returns'", d.GetMessage());
        }

        [Fact]
        public void DiagnosticIdsAreStableAndDocumented()
        {
            string shipped = System.IO.File.ReadAllText(Support.Repo.Path("generator", "AnalyzerReleases.Unshipped.md"));
            foreach (string id in Enumerable.Range(1, 17).Select(i => $"SYSGEN{i:000}"))
            {
                Assert.Contains(id, shipped);
            }
        }

        /// <summary>
        /// The generator never throws, and what it generates always compiles, whatever the table: 1000 random
        /// mutations of the real table (fixed seed). Every output is compiled, with or without SYSGEN diagnostics
        /// (a broken entry is left out and the rest must still compile), and must have no error or warning.
        /// </summary>
        [Fact]
        public void RandomlyMutatedTablesNeverCrashTheGeneratorAndAlwaysCompile()
        {
            string table = RealTable();
            var random = new Random(20261129);
            string[] inserts = ["\t", ":", "- ", "[", "]", "{", "}", "\"", "'", "#", "\n", "  ", "|", ">", "&a", "*a", "!t", "0x", "-1", "99999999999999999999", "é", "\0", "0755", "uint", "void", "Stat", "None", "__x", "_", "\\n", "\\u2028", "\\\"", "\\x0D", "\\u0085"];
            string[] mutated = Enumerable.Range(0, 1000).Select(_ => Mutate(table, random, inserts)).ToArray();
            int accepted = 0, distinct = 0;
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            var compiled = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();

            // The unmutated table's output compiles in full. A case's files that are the same as those compile
            // again only as declarations: their bodies name only what the same entry or the support files declare.
            var (baselineRun, baselineOutput, _) = Generate(table);
            Assert.Empty(Errors(baselineOutput));
            var baseline = new HashSet<string>(baselineRun.Results.Single().GeneratedSources.Select(g => g.HintName + "\0" + g.SourceText));

            System.Threading.Tasks.Parallel.For(0, mutated.Length, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            {
                var (run, output, diagnostics) = Generate(mutated[i]);
                GeneratorRunResult result = run.Results.Single();
                if (result.Exception is not null || diagnostics.Any(d => d.Id is "CS8785" or "CS8784"))
                {
                    failures.Add($"case {i}: generator failed: {result.Exception}");
                    return;
                }

                if (result.Diagnostics.IsEmpty)
                {
                    System.Threading.Interlocked.Increment(ref accepted);
                }

                // The same generated code (a mutation inside a comment or in a left-out entry) compiles once.
                var sources = result.GeneratedSources.Select(g => (Key: g.HintName + "\0" + g.SourceText, g.SyntaxTree)).ToList();
                if (!compiled.TryAdd(string.Join("\0", sources.Select(x => x.Key)), true))
                {
                    return;
                }

                System.Threading.Interlocked.Increment(ref distinct);
                var errors = output.GetDeclarationDiagnostics()
                    .Concat(sources.Where(x => !baseline.Contains(x.Key)).SelectMany(x => output.GetSemanticModel(x.SyntaxTree).GetDiagnostics()))
                    .Where(d => d.Severity >= DiagnosticSeverity.Warning)
                    .Distinct()
                    .ToList();
                if (errors.Count > 0)
                {
                    failures.Add($"case {i}: {errors.Count} compile errors, first: {errors[0]}\n{Excerpt(mutated[i], table)}");
                }
            });

            Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(5)));
            // The corpus must exercise both sides: tables that are accepted whole and tables with mistakes.
            Assert.InRange(accepted, 50, 950);
            Console.WriteLine($"fuzz: {accepted} of {mutated.Length} tables accepted whole, {distinct} distinct outputs compiled");
        }

        /// <summary>The first line where a mutated table differs from the original, for a failure message.</summary>
        private static string Excerpt(string mutated, string original)
        {
            string[] a = mutated.Split('\n'), b = original.Split('\n');
            for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                if (a[i] != b[i])
                {
                    return $"line {i + 1}: {a[i]}";
                }
            }

            return "(same lines)";
        }

        private static string Mutate(string text, Random random, string[] inserts)
        {
            var chars = new System.Text.StringBuilder(text);
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits && chars.Length > 0; e++)
            {
                int at = random.Next(chars.Length);
                switch (random.Next(4))
                {
                    case 0: chars.Remove(at, Math.Min(random.Next(1, 20), chars.Length - at)); break;
                    case 1: chars.Insert(at, inserts[random.Next(inserts.Length)]); break;
                    case 2: chars[at] = (char)random.Next(32, 127); break;
                    default:
                        int len = Math.Min(random.Next(1, 80), chars.Length - at);
                        chars.Insert(random.Next(chars.Length), chars.ToString(at, len));
                        break;
                }
            }

            return chars.ToString();
        }
    }
}
