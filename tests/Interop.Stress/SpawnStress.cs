using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Interop.Linux;
using Interop.Runtime;

namespace Interop.Stress
{
    /// <summary>How to stress: how many spawns, on how many threads, with or without GC noise, rootless or not.</summary>
    public sealed record StressPlan(int Spawns, int Threads = 1, bool GcNoise = true, bool UserNamespace = false, double PerSpawnTimeoutSeconds = 10, bool MountNamespace = false, long PidsLimit = 0);

    /// <summary>The outcome of a stress run. Hangs are spawns that did not finish within the per-spawn timeout.</summary>
    public sealed record StressResult(int Spawns, int Hangs, int Failures, string? FirstFailure, TimeSpan Elapsed, long AllocatedBytes = 0)
    {
        public double SpawnsPerSecond => Spawns / Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The measured danger of cloning from a multi-threaded .NET process (docs/design.md): a child
    /// that waits for a GC no thread of it will finish. This loop spawns /bin/true in a new UTS
    /// namespace (plus a user namespace when rootless) over and over, on one or more threads, while
    /// (with GC noise) two threads allocate hard and a third calls GC.Collect every millisecond, and
    /// counts spawns that did not complete in time.
    /// </summary>
    public static class SpawnStress
    {
        public static StressResult Run(int spawns, TimeSpan perSpawnTimeout) =>
            Run(new StressPlan(spawns, PerSpawnTimeoutSeconds: perSpawnTimeout.TotalSeconds));

        public static StressResult Run(StressPlan plan)
        {
            using var stop = new CancellationTokenSource();
            var noise = plan.GcNoise
                ? new List<Thread> { Background(() => Allocate(stop.Token)), Background(() => Allocate(stop.Token)), Background(() => CollectEveryMillisecond(stop.Token)) }
                : [];
            noise.ForEach(t => t.Start());

            var builder = new SandboxBuilder("/bin/true").Isolate(CloneFlags.NewUts).ParentDeathSignal(0).ClearEnvironment();
            if (plan.UserNamespace)
            {
                builder.MapRootUser();
            }

            if (plan.MountNamespace)
            {
                builder.Tmpfs("/tmp");
            }

            if (plan.PidsLimit > 0)
            {
                // A cgroup of its own per spawn: on x86_64 with cgroup2 the child comes from clone3 through the trampoline.
                builder.PidsLimit(plan.PidsLimit);
            }

            SandboxPlan options = builder.Build();

            int completed = 0, failures = 0;
            string? firstFailure = null;
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            // The spawns run on threads of their own so a hang can be seen (and counted) from here.
            var workers = Enumerable.Range(0, plan.Threads).Select(w => Background(() =>
            {
                int share = plan.Spawns / plan.Threads + (w < plan.Spawns % plan.Threads ? 1 : 0);
                for (int i = 0; i < share; i++)
                {
                    try
                    {
                        using ChildProcess child = options.Start();
                        ExitStatus status = child.WaitForExit();
                        if (status.ToShellStatus() != 0)
                        {
                            Interlocked.Increment(ref failures);
                            Interlocked.CompareExchange(ref firstFailure, $"spawn {i} on thread {w}: {status}", null);
                        }
                    }
                    catch (Exception e)
                    {
                        Interlocked.Increment(ref failures);
                        Interlocked.CompareExchange(ref firstFailure, $"spawn {i} on thread {w}: {e.Message}", null);
                    }

                    Interlocked.Increment(ref completed);
                }
            })).ToList();
            workers.ForEach(t => t.Start());

            int hangs = 0;
            int seen = 0;
            var sinceProgress = Stopwatch.StartNew();
            while (!workers.All(t => t.Join(0)))
            {
                Thread.Sleep(20);
                int now = Volatile.Read(ref completed);
                if (now != seen)
                {
                    seen = now;
                    sinceProgress.Restart();
                }
                else if (sinceProgress.Elapsed.TotalSeconds > plan.PerSpawnTimeoutSeconds)
                {
                    // No spawn returned in time: hung. The stuck workers stay stuck for good.
                    hangs = workers.Count(t => t.IsAlive);
                    break;
                }
            }

            TimeSpan elapsed = clock.Elapsed;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            stop.Cancel();
            noise.ForEach(t => t.Join());
            return new StressResult(Volatile.Read(ref completed), hangs, failures, firstFailure, elapsed, allocated);
        }

        private static Thread Background(Action body) => new Thread(() => body()) { IsBackground = true };

        private static void Allocate(CancellationToken stop)
        {
            var keep = new object[1024];
            int i = 0;
            while (!stop.IsCancellationRequested)
            {
                i = (i + 1) & 0xFFFFFF;
                keep[i % keep.Length] = new byte[(i % 64) * 128];
            }
        }

        private static void CollectEveryMillisecond(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                Thread.Sleep(1);
            }
        }
    }
}
