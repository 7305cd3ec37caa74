using System;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace CallCostBench
{
    /// <summary>
    /// A short job, run in this process. In-process because the default toolchain generates and builds
    /// a project under bin/, where the repository's Directory.Build.props (warnings as errors) and a second
    /// build of the generator would apply to it; the calls measured here take no managed state that a
    /// separate process would isolate. Few iterations: a P/Invoke's cost is stable within a run.
    /// </summary>
    public sealed class ShortInProcessConfig : ManualConfig
    {
        /// <summary>Where BenchmarkDotNet writes its logs and reports; bench/run-generator points it at a temporary folder.</summary>
        public const string ArtifactsVariable = "CALLCOST_ARTIFACTS";

        public ShortInProcessConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
                .WithId("short-inprocess"));
            AddColumn(StatisticColumn.Median);
            string? artifacts = Environment.GetEnvironmentVariable(ArtifactsVariable);
            if (!string.IsNullOrEmpty(artifacts))
            {
                ArtifactsPath = artifacts;
            }
        }
    }
}
