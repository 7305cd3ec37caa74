using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace CallCostBench
{
    /// <summary>
    /// One libc call per invocation through each binding. The Tmds.LibC row is the baseline of its
    /// category, so BenchmarkDotNet's ratio and ours read as generated / Tmds.
    /// </summary>
    [Config(typeof(ShortInProcessConfig))]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class CallCost
    {
        public const string Getppid = "getppid";
        public const string Getpid = "getpid";

        [Benchmark(Baseline = true, Description = "Tmds.Linux.LibC.getppid()"), BenchmarkCategory(Getppid)]
        public int TmdsGetppid() => Tmds.Linux.LibC.getppid();

        [Benchmark(Description = "generated Native.getppid()"), BenchmarkCategory(Getppid)]
        public int NativeGetppid() => Bench.Native.Native.getppid();

        [Benchmark(Description = "generated Sys.Getppid()"), BenchmarkCategory(Getppid)]
        public int SysGetppid() => Bench.Native.Sys.Getppid();

        [Benchmark(Baseline = true, Description = "Tmds.Linux.LibC.getpid()"), BenchmarkCategory(Getpid)]
        public int TmdsGetpid() => Tmds.Linux.LibC.getpid();

        [Benchmark(Description = "generated Native.getpid()"), BenchmarkCategory(Getpid)]
        public int NativeGetpid() => Bench.Native.Native.getpid();

        [Benchmark(Description = "generated Sys.Getpid()"), BenchmarkCategory(Getpid)]
        public int SysGetpid() => Bench.Native.Sys.Getpid();
    }
}
