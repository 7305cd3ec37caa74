using System;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;

namespace CallCostBench
{
    /// <summary>
    /// A cross-check of BenchmarkDotNet's figures. BenchmarkDotNet measures one benchmark after the
    /// other; on a shared virtual machine a syscall's cost drifts by more than the bindings differ, so
    /// here every binding is timed once per round in rotating order, and the median over rounds is
    /// taken. Each sample is a loop of <see cref="CallsPerSample"/> calls.
    /// </summary>
    public static class Interleaved
    {
        public const int CallsPerSample = 5_000;
        public const int WarmUpRounds = 100;
        public const int Rounds = 1_000;

        /// <summary>The bindings, in the same order as <see cref="Labels"/>.</summary>
        private static readonly Func<int, long>[] s_loops =
        [
            TmdsGetppid, NativeGetppid, SysGetppid,
            TmdsGetpid, NativeGetpid, SysGetpid,
        ];

        public static readonly (string Call, string Binding)[] Labels =
        [
            (CallCost.Getppid, "Tmds.Linux.LibC.getppid()"), (CallCost.Getppid, "generated Native.getppid()"), (CallCost.Getppid, "generated Sys.Getppid()"),
            (CallCost.Getpid, "Tmds.Linux.LibC.getpid()"), (CallCost.Getpid, "generated Native.getpid()"), (CallCost.Getpid, "generated Sys.Getpid()"),
        ];

        /// <summary>Median nanoseconds per call of each binding, in the order of <see cref="Labels"/>.</summary>
        public static double[] MedianNanoseconds()
        {
            var samples = new double[s_loops.Length][];
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = new double[Rounds];
            }

            long sink = 0;
            for (int round = 0; round < WarmUpRounds + Rounds; round++)
            {
                for (int k = 0; k < s_loops.Length; k++)
                {
                    int i = (round + k) % s_loops.Length;
                    long start = Stopwatch.GetTimestamp();
                    sink += s_loops[i](CallsPerSample);
                    long end = Stopwatch.GetTimestamp();
                    if (round >= WarmUpRounds)
                    {
                        samples[i][round - WarmUpRounds] = Stopwatch.GetElapsedTime(start, end).TotalNanoseconds / CallsPerSample;
                    }
                }
            }

            GC.KeepAlive(sink);
            return samples.Select(Median).ToArray();
        }

        private static double Median(double[] values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        // One loop per binding, so the call inside is a direct call the JIT can see, not a delegate.
        // The sum keeps the results alive; NoInlining keeps each loop a separate, equally compiled method.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long TmdsGetppid(int n) { long s = 0; for (int i = 0; i < n; i++) { s += Tmds.Linux.LibC.getppid(); } return s; }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long NativeGetppid(int n) { long s = 0; for (int i = 0; i < n; i++) { s += Bench.Native.Native.getppid(); } return s; }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long SysGetppid(int n) { long s = 0; for (int i = 0; i < n; i++) { s += Bench.Native.Sys.Getppid(); } return s; }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long TmdsGetpid(int n) { long s = 0; for (int i = 0; i < n; i++) { s += Tmds.Linux.LibC.getpid(); } return s; }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long NativeGetpid(int n) { long s = 0; for (int i = 0; i < n; i++) { s += Bench.Native.Native.getpid(); } return s; }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long SysGetpid(int n) { long s = 0; for (int i = 0; i < n; i++) { s += Bench.Native.Sys.Getpid(); } return s; }
    }
}
