using System;
using System.Globalization;
using Interop.Stress;

// Usage: Interop.Stress [spawns] [timeout-seconds]. Prints one summary line; exit 0 only with 0 hangs and 0 failures.
int spawns = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
double timeout = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
StressResult result = SpawnStress.Run(spawns, TimeSpan.FromSeconds(timeout));
Console.WriteLine($"spawns={result.Spawns} hangs={result.Hangs} failures={result.Failures} seconds={result.Elapsed.TotalSeconds:F1}{(result.FirstFailure is null ? "" : " first-failure=" + result.FirstFailure)}");
return result.Hangs == 0 && result.Failures == 0 && result.Spawns == spawns ? 0 : 1;
