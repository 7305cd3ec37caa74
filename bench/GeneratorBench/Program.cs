using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Bench.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GeneratorBench
{
    /// <summary>
    /// Times SyscallTableGenerator in CSharpGeneratorDriver on a synthetic 375-entry table and prints a
    /// markdown table of medians. Usage: GeneratorBench [REPETITIONS (20)] [COLD_PROCESSES (10)]; GeneratorBench --counts
    /// prints only what each run reruns, parses and emits (no timing).
    /// </summary>
    public static class Program
    {
        private const int WarmUpRounds = 5;

        public static int Main(string[] args)
        {
            if (args.Length == 1 && args[0] == ColdRuns.Flag)
            {
                return ColdRuns.RunOnce();
            }

            if (args.Length == 1 && args[0] == "--counts")
            {
                // What each run reruns, parses and emits, without timing anything: usable on a busy machine.
                var counted = new Workload();
                foreach (Scenario s in Scenario.All(counted, trackSteps: true))
                {
                    (int ran, int outputs) = OutputCheck.SourceOutputsRun(s);
                    (int parsedCount, int entries) = OutputCheck.EntriesParsed(s);
                    (int emittedCount, int emittable) = OutputCheck.EntriesEmitted(s);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {s.Name} | {ran} of {outputs} | {parsedCount} of {entries} | {emittedCount} of {emittable} |"));
                }

                return 0;
            }

            int repetitions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
            int coldProcesses = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;

            // Cold samples first, while this process is idle and not competing with them.
            Samples cold = ColdRuns.Measure(coldProcesses);

            var w = new Workload();
            OutputCheck.FullOutput output = OutputCheck.Compile(w);
            IReadOnlyList<Scenario> tracked = Scenario.All(w, trackSteps: true);
            (int Ran, int Total)[] reruns = tracked.Select(OutputCheck.SourceOutputsRun).ToArray();
            (int Parsed, int Total)[] parsed = tracked.Select(OutputCheck.EntriesParsed).ToArray();
            (int Emitted, int Total)[] emitted = tracked.Select(OutputCheck.EntriesEmitted).ToArray();

            IReadOnlyList<Scenario> scenarios = Scenario.All(w, trackSteps: false);
            Samples[] samples = scenarios.Select(_ => new Samples()).ToArray();
            for (int round = 0; round < WarmUpRounds + repetitions; round++)
            {
                // Interleaved in rotating order, so drift (a noisy neighbour, frequency changes) falls on every kind alike.
                for (int k = 0; k < scenarios.Count; k++)
                {
                    int i = (round + k) % scenarios.Count;
                    double ms = TimeOne(scenarios[i]);
                    if (round >= WarmUpRounds)
                    {
                        samples[i].Add(ms);
                    }
                }
            }

            Print(w, output, cold, reruns, parsed, emitted, scenarios, samples);
            return 0;
        }

        private static double TimeOne(Scenario scenario)
        {
            GeneratorDriver driver = scenario.Prepare();
            // Collect before, not during: garbage left by the previous sample must not be charged to this one.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long start = Stopwatch.GetTimestamp();
            GeneratorDriver after = scenario.Run(driver);
            long end = Stopwatch.GetTimestamp();
            GC.KeepAlive(after);
            return Samples.Milliseconds(start, end);
        }

        private static void Print(Workload w, OutputCheck.FullOutput output, Samples cold, (int Ran, int Total)[] reruns, (int Parsed, int Total)[] parsed, (int Emitted, int Total)[] emitted, IReadOnlyList<Scenario> scenarios, Samples[] samples)
        {
            string roslyn = typeof(CSharpGeneratorDriver).Assembly.GetName().Version?.ToString() ?? "?";
            Console.WriteLine("### Generator time (bench/GeneratorBench)");
            Console.WriteLine();
            Console.WriteLine($"Machine: {MachineInfo.Describe()}.");
            Console.WriteLine($"Table: {SyntheticTable.Entries} synthetic entries ({SyntheticTable.Functions} functions with mixed parameter kinds, {SyntheticTable.Syscalls} syscalls with per-architecture numbers, " +
                $"{SyntheticTable.Constants} constants, {SyntheticTable.FlagSets} flag sets of {SyntheticTable.ValuesPerFlagSet} values each (a flag set is one entry: its values are parsed with it), {SyntheticTable.Structs} structs, {SyntheticTable.ErrnoValues} errno values), {w.Yaml.Length / 1024.0:F0} KiB of YAML, " +
                $"no RuntimeIdentifier. Output: {output.Files} files, {output.Characters / 1024.0:F0} KiB of C#, compiled without a warning or error (checked, untimed).");
            Console.WriteLine($"Each figure times one CSharpGeneratorDriver.RunGenerators call (Microsoft.CodeAnalysis {roslyn}, step tracking off). " +
                $"Warm rows: {samples[0].Count} samples each after {WarmUpRounds} warm-up rounds, the kinds interleaved in rotating order, a full GC before each sample. " +
                $"Cold: the first run in a new process, one per process. 'Outputs rerun' counts the RegisterSourceOutput actions that ran, 'entries parsed' the table entries parsed again, " +
                $"and 'entries emitted' the entries whose code those outputs wrote again: an output is a bucket of entries ({Interop.Generator.OutputBuckets.PerKind} per kind, the Native and Sys parts of a function in one) or the constants file, all re-emitted when one of its entries changes; " +
                "errno values are not counted (they go with the built-in set into the one Errno file). All three from a separate run with step tracking on.");
            Console.WriteLine();
            Console.WriteLine("| run | median ms | min ms | max ms | outputs rerun | entries parsed | entries emitted | samples |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            Row("first full run, cold (new process)", cold, reruns[0], parsed[0], emitted[0], $"{cold.Count} processes");
            for (int i = 0; i < scenarios.Count; i++)
            {
                Row(scenarios[i].Name, samples[i], reruns[i], parsed[i], emitted[i], samples[i].Count.ToString(CultureInfo.InvariantCulture));
            }
        }

        private static void Row(string name, Samples s, (int Ran, int Total) rerun, (int Parsed, int Total) parsed, (int Emitted, int Total) emitted, string count) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {s.Median:F3} | {s.Min:F3} | {s.Max:F3} | {rerun.Ran} of {rerun.Total} | {parsed.Parsed} of {parsed.Total} | {emitted.Emitted} of {emitted.Total} | {count} |"));
    }
}
