using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;

namespace GeneratorBench
{
    /// <summary>
    /// The first generator run in a process pays for loading and JIT-compiling the driver, the
    /// generator and its parser; a process can have only one such run, so each cold sample is a new
    /// process of this program started with <see cref="Flag"/>, which times one run and prints it.
    /// </summary>
    public static class ColdRuns
    {
        public const string Flag = "--cold-once";

        /// <summary>The child's side: build the inputs (untimed), time the first RunGenerators, print milliseconds.</summary>
        public static int RunOnce()
        {
            var w = new Workload();
            var driver = w.NewDriver();
            long start = Stopwatch.GetTimestamp();
            driver.RunGenerators(w.Compilation);
            long end = Stopwatch.GetTimestamp();
            Console.WriteLine(Samples.Milliseconds(start, end).ToString("R", CultureInfo.InvariantCulture));
            return 0;
        }

        public static Samples Measure(int processes)
        {
            var samples = new Samples();
            for (int i = 0; i < processes; i++)
            {
                using Process child = Process.Start(Self())!;
                string output = child.StandardOutput.ReadToEnd();
                child.WaitForExit();
                if (child.ExitCode != 0)
                {
                    throw new InvalidOperationException($"cold run {i} exited with {child.ExitCode}: {output}");
                }

                samples.Add(double.Parse(output.Trim(), CultureInfo.InvariantCulture));
            }

            return samples;
        }

        // Started as an apphost the process path is this program; started as `dotnet GeneratorBench.dll`
        // it is the dotnet host, which needs the assembly's path first.
        private static ProcessStartInfo Self()
        {
            string host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
            var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
            }

            start.ArgumentList.Add(Flag);
            return start;
        }
    }
}
