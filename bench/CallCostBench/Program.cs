using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Bench.Shared;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CallCostBench
{
    /// <summary>
    /// Runs <see cref="CallCost"/> with BenchmarkDotNet and the <see cref="Interleaved"/> cross-check, then
    /// prints one markdown table: median ns per call and the ratio generated / Tmds.LibC for each call.
    /// </summary>
    public static class Program
    {
        public static int Main()
        {
            // The bindings must agree before their speed is compared.
            if (Bench.Native.Native.getppid() != Tmds.Linux.LibC.getppid() || Bench.Native.Sys.Getpid() != Environment.ProcessId)
            {
                Console.Error.WriteLine("the generated bindings and Tmds.LibC disagree");
                return 1;
            }

            Summary summary = BenchmarkRunner.Run<CallCost>();
            if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => r.ResultStatistics is null))
            {
                Console.Error.WriteLine("BenchmarkDotNet did not measure every benchmark; see its log above");
                return 1;
            }

            Print(summary, Interleaved.MedianNanoseconds());
            return 0;
        }

        private static void Print(Summary summary, double[] interleaved)
        {
            Console.WriteLine();
            Console.WriteLine("### Call cost (bench/CallCostBench)");
            Console.WriteLine();
            Console.WriteLine($"Machine: {MachineInfo.Describe()}.");
            Console.WriteLine($"BenchmarkDotNet {typeof(BenchmarkRunner).Assembly.GetName().Version}, in-process job: 3 warm-up and 10 measured iterations of ~250 ms each per benchmark, " +
                "one call per invocation, its overhead subtracted; the benchmarks run one after the other. " +
                $"Interleaved: a Stopwatch loop of {Interleaved.CallsPerSample} calls per sample, every binding once per round in rotating order, " +
                $"median of {Interleaved.Rounds} rounds after {Interleaved.WarmUpRounds} warm-up rounds (loop overhead not subtracted). " +
                "The generated bindings come from bench/CallCostBench/bench.syscalls.yaml through the generator as an analyzer; Tmds.LibC 0.5.0 is the reference. " +
                "Ratio: generated / Tmds.LibC median of the same column; below 1.00 the generated binding is faster.");
            Console.WriteLine($"Declarations: Tmds.Linux.LibC.getppid {Declaration(typeof(Tmds.Linux.LibC), "getppid")}; generated Native.getppid {Declaration(typeof(Bench.Native.Native), "getppid")}; " +
                "Sys.Getppid calls Native.getppid directly: for an errno: none function the friendly layer captures no errno.");
            Console.WriteLine();
            Console.WriteLine("| call | binding | BenchmarkDotNet median ns/call | ratio to Tmds | interleaved median ns/call | ratio to Tmds |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
            for (int i = 0; i < Interleaved.Labels.Length; i++)
            {
                (string call, string binding) = Interleaved.Labels[i];
                int tmds = Array.FindIndex(Interleaved.Labels, l => l.Call == call && l.Binding.StartsWith("Tmds", StringComparison.Ordinal));
                double bdn = BenchmarkDotNetMedian(summary, binding);
                double bdnBaseline = BenchmarkDotNetMedian(summary, Interleaved.Labels[tmds].Binding);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {call} | {binding} | {bdn:F1} | {bdn / bdnBaseline:F2} | {interleaved[i]:F1} | {interleaved[i] / interleaved[tmds]:F2} |"));
            }
        }

        private static double BenchmarkDotNetMedian(Summary summary, string binding) =>
            summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'') == binding).ResultStatistics!.Median;

        // How a P/Invoke is declared matters for its cost: SetLastError adds a save of errno after every call.
        private static string Declaration(Type type, string name)
        {
            MethodInfo method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes)!;
            DllImportAttribute? import = method.GetCustomAttribute<DllImportAttribute>();
            bool suppress = method.GetCustomAttribute<SuppressGCTransitionAttribute>() is not null;
            return import is null
                ? "(not a DllImport)"
                : $"[DllImport(\"{import.Value}\", SetLastError = {import.SetLastError.ToString().ToLowerInvariant()}){(suppress ? ", SuppressGCTransition" : "")}] returning {method.ReturnType.Name}";
        }
    }
}
