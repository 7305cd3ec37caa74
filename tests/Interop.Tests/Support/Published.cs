using System;
using System.IO;
using System.Threading;

namespace Interop.Tests.Support
{
    /// <summary>
    /// The NativeAOT-published programs the end-to-end tests run. Published once per test run into
    /// artifacts/ (or taken from NSBOX_BIN / STRESS_BIN when a caller already published them).
    /// </summary>
    public static class Published
    {
        private static readonly Lazy<string> s_nsbox = new(() => PublishOnce("NSBOX_BIN", "cli/nsbox.csproj", "nsbox", "nsbox"), LazyThreadSafetyMode.ExecutionAndPublication);
        private static readonly Lazy<string> s_stress = new(() => PublishOnce("STRESS_BIN", "tests/Interop.Stress/Interop.Stress.csproj", "stress", "Interop.Stress", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier), LazyThreadSafetyMode.ExecutionAndPublication);

        private static readonly Lazy<string> s_initSample = new(() => PublishOnce("INIT_SAMPLE_BIN", "tests/InitSample/InitSample.csproj", "init-sample", "InitSample"), LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The sample program that is its own init (JIT, framework-dependent).</summary>
        public static string InitSample => s_initSample.Value;

        /// <summary>The static nsbox executable.</summary>
        public static string Nsbox => s_nsbox.Value;

        /// <summary>The stress program, published with NativeAOT.</summary>
        public static string Stress => s_stress.Value;

        private static string PublishOnce(string variable, string project, string folder, string binary, params string[] extra)
        {
            string? given = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrEmpty(given))
            {
                return given;
            }

            string output = Repo.Path("artifacts", folder);
            var args = new[] { "publish", Repo.Path(project), "-c", "Release", "-o", output, "-nologo", "-v:q" };
            args = [.. args, .. extra];

            RunResult result = Run.Program("dotnet", args, TimeSpan.FromMinutes(8));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish {project} failed:\n{result}");
            }

            string path = Path.Combine(output, binary);
            return File.Exists(path) ? path : throw new FileNotFoundException("published binary missing", path);
        }
    }
}
