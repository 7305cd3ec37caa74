using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Interop.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// 500 random argument vectors (fixed seed) through the published nsbox: the status is always a
    /// documented one, an error is one line, there is never a stack trace, and the host is left as it was.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class ArgumentFuzzTests(ITestOutputHelper output)
    {
        private static readonly string[] s_words =
        [
            "run", "exec", "--", "--uts", "--ipc", "--pid", "--net", "--mount", "--user", "--cgroup", "--time", "--all", "-u", "-p", "-n", "-r",
            "--map-root-user", "--map-current-user", "--hostname", "--domainname", "--root", "--bind", "--ro-bind", "--tmpfs", "--proc", "--dev",
            "--chdir", "--setenv", "--unsetenv", "--clearenv", "--new-session", "--no-init", "--monotonic", "--boottime", "--drop-cap", "--keep-caps",
            "--map-users", "--map-groups", "--target", "--ns-file", "--verbose", "--help", "--version", "--bogus", "-x", "=", "",
            "box", "/tmp", "/nonexistent", "/etc/passwd", "A=1", "12", "-5", "0:100000:10", "uts=/nonexistent", "CAP_SYS_ADMIN", "bogus",
            "true", "false", "/etc", "no-such-command", "--hostname=x", "--uts=/nonexistent/keep", "\u00e9", "x\ty",
            // The generated parser's own forms: help, abbreviations, bundles, optional and refused values.
            "-h", "help", "--host", "--m", "-upm", "-t", "--verbose=yes", "--uts=", "--hostname=", "version", "check",
        ];

        [SkippableFact]
        public void RandomArgumentVectorsNeverMisbehave()
        {
            Requirements.Root();
            string mounts = File.ReadAllText("/proc/self/mountinfo");
            string hostname = File.ReadAllText("/proc/sys/kernel/hostname");
            var random = new Random(20261129);
            var failures = new List<string>();
            for (int i = 0; i < 500; i++)
            {
                string[] args = Enumerable.Range(0, random.Next(0, 8)).Select(_ => s_words[random.Next(s_words.Length)]).ToArray();
                if (random.Next(3) > 0)
                {
                    args = ["run", .. args, "--", random.Next(2) == 0 ? "true" : "false"]; // mostly well-formed, to get past the parser
                }

                RunResult result = Run.Program(Published.Nsbox, args, TimeSpan.FromSeconds(30));
                string vector = string.Join(' ', args.Select(a => $"[{a}]"));
                int status = result.ExitCode;
                bool documented = status is 0 or 1 or 125 or 126 or 127 || status > 128;
                if (!documented)
                {
                    failures.Add($"status {status}: {vector}");
                }

                if (status is 125 or 126 or 127 && result.Stderr.TrimEnd('\n').Split('\n').Length != 1)
                {
                    failures.Add($"not one line: {vector}: {result.Stderr}");
                }

                if (result.Stderr.Contains("   at ", StringComparison.Ordinal) || result.Stderr.Contains("Exception", StringComparison.Ordinal))
                {
                    failures.Add($"stack trace or exception: {vector}: {result.Stderr}");
                }
            }

            output.WriteLine($"{failures.Count} failures");
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
            Assert.Equal(mounts, File.ReadAllText("/proc/self/mountinfo"));
            Assert.Equal(hostname, File.ReadAllText("/proc/sys/kernel/hostname"));
            Assert.False(Directory.Exists("/nonexistent"));
        }
    }
}
