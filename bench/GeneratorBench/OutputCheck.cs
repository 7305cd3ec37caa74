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
