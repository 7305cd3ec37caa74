using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Spawning;

namespace Interop.Stress
{
    /// <summary>The outcome of a stress run. Hangs are spawns that did not finish within the per-spawn timeout.</summary>
    public sealed record StressResult(int Spawns, int Hangs, int Failures, string? FirstFailure, TimeSpan Elapsed);

    /// <summary>
    /// The measured danger of cloning from a multi-threaded .NET process (../shared/design.md): a child
    /// that waits for a GC no thread of it will finish. This loop spawns /bin/true in a new UTS
    /// namespace over and over while two threads allocate hard and a third calls GC.Collect every
    /// millisecond, and counts spawns that did not complete in time.
    /// </summary>
    public static class SpawnStress
    {
        public static StressResult Run(int spawns, TimeSpan perSpawnTimeout)
        {
            using var stop = new CancellationTokenSource();
            var noise = new List<Thread>
            {
                Background(() => Allocate(stop.Token)),
                Background(() => Allocate(stop.Token)),
                Background(() => CollectEveryMillisecond(stop.Token)),
            };
            noise.ForEach(t => t.Start());

            int completed = 0, failures = 0;
            string? firstFailure = null;
            var clock = Stopwatch.StartNew();
            // The spawns run on their own thread so a hang can be seen (and counted) from here.
            var worker = Background(() =>
            {
                var options = new SpawnOptions { FileName = "/bin/true", Namespaces = CloneFlags.NewUts, Environment = [] };
                for (int i = 0; i < spawns; i++)
                {
                    try
                    {
                        using ChildProcess child = Spawner.Spawn(options);
                        ExitStatus status = child.WaitForExit();
                        if (status.ToShellStatus() != 0)
                        {
                            failures++;
                            firstFailure ??= $"spawn {i}: {status}";
                        }
                    }
                    catch (Exception e)
                    {
                        failures++;
                        firstFailure ??= $"spawn {i}: {e.Message}";
                    }

                    Volatile.Write(ref completed, i + 1);
                }
            });
            worker.Start();

            int hangs = 0;
            int seen = 0;
            var sinceProgress = Stopwatch.StartNew();
            while (!worker.Join(50))
            {
                int now = Volatile.Read(ref completed);
                if (now != seen)
                {
                    seen = now;
                    sinceProgress.Restart();
                }
                else if (sinceProgress.Elapsed > perSpawnTimeout)
                {
                    // One spawn has not returned in time: a hang. The worker is stuck for good.
                    hangs = 1;
                    break;
                }
            }

            stop.Cancel();
            noise.ForEach(t => t.Join());
            return new StressResult(Volatile.Read(ref completed), hangs, failures, firstFailure, clock.Elapsed);
        }

        private static Thread Background(Action body) => new Thread(() => body()) { IsBackground = true };

        private static void Allocate(CancellationToken stop)
        {
            var keep = new object[1024];
            int i = 0;
            while (!stop.IsCancellationRequested)
            {
                keep[i++ % keep.Length] = new byte[(i % 64) * 128];
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
