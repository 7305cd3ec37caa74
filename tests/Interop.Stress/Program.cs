using System;
using System.Globalization;
using System.Linq;
using Interop.Stress;

// Usage: Interop.Stress [spawns] [timeout-seconds] [--threads N] [--pids N] [--quiet] [--user]
//   --quiet: no GC noise (for throughput); --user: rootless, a user namespace with one's own id mapped;
//   --pids N: each sandbox under a pids limit, in a cgroup of its own (root).
// Prints one summary line; exit 0 only with 0 hangs and 0 failures.
int threadsAt = Array.IndexOf(args, "--threads");
int pidsAt = Array.IndexOf(args, "--pids");
string[] positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (threadsAt < 0 || i != threadsAt + 1) && (pidsAt < 0 || i != pidsAt + 1)).ToArray();
int spawns = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 2000;
double timeout = positional.Length > 1 ? double.Parse(positional[1], CultureInfo.InvariantCulture) : 10;
int threads = threadsAt >= 0 ? int.Parse(args[threadsAt + 1], CultureInfo.InvariantCulture) : 1;
long pids = pidsAt >= 0 ? long.Parse(args[pidsAt + 1], CultureInfo.InvariantCulture) : 0;
var plan = new StressPlan(spawns, threads, GcNoise: !args.Contains("--quiet"), UserNamespace: args.Contains("--user"), PerSpawnTimeoutSeconds: timeout, PidsLimit: pids);
StressResult result = SpawnStress.Run(plan);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"spawns={result.Spawns} hangs={result.Hangs} failures={result.Failures} seconds={result.Elapsed.TotalSeconds:F1} per-second={result.SpawnsPerSecond:F0} allocated-per-spawn={result.AllocatedBytes / Math.Max(1, result.Spawns)}{(result.FirstFailure is null ? "" : " first-failure=" + result.FirstFailure)}"));
return result.Hangs == 0 && result.Failures == 0 && result.Spawns == spawns ? 0 : 1;
