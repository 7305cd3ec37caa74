using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace GeneratorBench
{
    /// <summary>
    /// Untimed checks that the figures mean what they say: the synthetic table is valid (no generator
    /// diagnostics, generated code compiles without errors), and how many source outputs each kind of
    /// run actually reran, so a fast rerun is known to be a cache hit and not a run that did nothing.
    /// </summary>
    public static class OutputCheck
    {
        public sealed record FullOutput(int Files, int Characters);

        public static FullOutput Compile(Workload w)
        {
            GeneratorDriver driver = w.NewDriver().RunGeneratorsAndUpdateCompilation(w.Compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            Diagnostic[] problems = diagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
            if (problems.Length > 0)
            {
                throw new InvalidOperationException("The synthetic table does not generate clean code:\n" + string.Join("\n", problems.Take(20)));
            }

            GeneratedSourceResult[] sources = driver.GetRunResult().Results.Single().GeneratedSources.ToArray();
            return new FullOutput(sources.Length, sources.Sum(s => s.SourceText.Length));
        }

        /// <summary>How many table entries were parsed again (the per-entry parse step's new or modified outputs), out of how many.</summary>
        public static (int Parsed, int Total) EntriesParsed(Scenario scenario)
        {
            GeneratorRunResult result = scenario.Run(scenario.Prepare()).GetRunResult().Results.Single();
            if (!result.TrackedSteps.TryGetValue(Interop.Generator.SyscallTableGenerator.TrackingNames.Entry, out ImmutableArray<IncrementalGeneratorRunStep> steps))
            {
                return (0, 0);
            }

            var outputs = steps.SelectMany(s => s.Outputs).ToArray();
            return (outputs.Count(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified), outputs.Length);
        }

        /// <summary>
        /// How many table entries the source outputs that ran wrote again, out of how many the full run writes. An output
        /// is a bucket (<see cref="Interop.Generator.OutputBuckets.PerKind"/> per kind) or the one constants file: every
        /// entry in it is re-emitted when one of them changes. Errno values are not counted: they go, with the built-in
        /// Linux set, into the one Errno file, and the synthetic table's two are values that set already has.
        /// </summary>
        public static (int Emitted, int Total) EntriesEmitted(Scenario scenario)
        {
            GeneratorRunResult result = scenario.Run(scenario.Prepare()).GetRunResult().Results.Single();
            IncrementalGeneratorRunStep[] steps = result.TrackedOutputSteps.Values.SelectMany(s => s).ToArray();
            int emitted = steps.Where(Ran).Sum(EntriesIn);
            int total = steps.Sum(EntriesIn);
            return (emitted, total);
        }

        private static bool Ran(IncrementalGeneratorRunStep step) =>
            step.Outputs.Any(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified);

        /// <summary>The entries an output step emits: those of the bucket or the constants list among its inputs.</summary>
        private static int EntriesIn(IncrementalGeneratorRunStep step) =>
            step.Inputs.Sum(i => EntriesIn(i.Source.Outputs[i.OutputIndex].Value));

        private static int EntriesIn(object value) => value switch
        {
            Interop.Generator.Model.EmitBucket bucket => bucket.Units.Count,
            Interop.Generator.Model.EquatableArray<Interop.Generator.Model.ConstantModel> constants => constants.Count,
            System.Runtime.CompilerServices.ITuple tuple => Enumerable.Range(0, tuple.Length).Sum(k => tuple[k] is { } item ? EntriesIn(item) : 0),
            _ => 0,
        };

        /// <summary>How many RegisterSourceOutput actions ran (their input was new or modified), out of how many.</summary>
        public static (int Ran, int Total) SourceOutputsRun(Scenario scenario)
        {
            GeneratorRunResult result = scenario.Run(scenario.Prepare()).GetRunResult().Results.Single();
            IncrementalGeneratorRunStep[] steps = result.TrackedOutputSteps.Values.SelectMany(s => s).ToArray();
            int ran = steps.Count(s => s.Outputs.Any(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified));
            return (ran, steps.Length);
        }
    }
}
