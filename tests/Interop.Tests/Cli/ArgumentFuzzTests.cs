using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Interop.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// 500 random argument vectors (fixed seed) through the published nsbox: the status is always a
    /// documented one, an error is one line of the form <c>what: strerror (ERRNO)[: detail]</c> with no
    /// .NET resource key in it, there is never a stack trace, and the host is left as it was.
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
            // Profiles that cannot be read or are not JSON (BrokenJson is written by the test).
            "--seccomp", "--seccomp", "/dev/null", BrokenJson, "--deny-syscall",
        ];

        /// <summary>A file holding "{": JSON that ends too soon.</summary>
        private const string BrokenJson = "/tmp/nsbox-fuzz-broken.json";

        /// <summary>Every line of an error: the errno's name in parentheses.</summary>
        private static readonly Regex s_errnoName = new(@"\([A-Z][A-Z0-9]+\)");

        /// <summary>
        /// What a .NET resource key looks like: capitalised words glued together (<c>ZeroDepthAtEnd</c>,
        /// <c>ExpectedJsonTokens</c>) or joined by '_' (<c>IO_FileNotFound_FileName</c>); errno and
        /// constant names (<c>CAP_SYS_ADMIN</c>, <c>SCMP_ACT_ERRNO</c>) are all capitals and do not match.
        /// </summary>
        private static readonly Regex s_resourceKey = new(@"\b[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+\b|[A-Za-z0-9]_[A-Z][a-z]|[a-z]_[A-Z]");

        /// <summary>The mistakes an error line must not make; empty when it is fine.</summary>
        private static IEnumerable<string> ErrorLineProblems(RunResult result)
        {
            if (result.ExitCode is not (125 or 126 or 127))
            {
                yield break;
            }

            string stderr = result.Stderr.TrimEnd('\n');
            if (stderr.Split('\n').Length != 1)
            {
                yield return "not one line";
            }

            if (!s_errnoName.IsMatch(stderr))
            {
                yield return "no (ERRNO)";
            }

            if (s_resourceKey.Match(stderr) is { Success: true } key)
            {
                yield return "resource key '" + key.Value + "'";
            }
        }

        [SkippableTheory]
        [InlineData("/nonexistent", "No such file or directory (ENOENT)")]
        [InlineData("/etc", "Is a directory (EISDIR)")]
        [InlineData("/dev/null", "Invalid argument (EINVAL): not a seccomp profile in the OCI format: line 1, column 1: the file holds no JSON")]
        [InlineData(BrokenJson, "Invalid argument (EINVAL): not a seccomp profile in the OCI format: line 1, column 2: the JSON ends too soon")]
        public void AProfileThatCannotBeReadIsOneLineWithItsErrno(string profile, string expected)
        {
            File.WriteAllText(BrokenJson, "{");
            RunResult result = Run.Program(Published.Nsbox, ["run", "--seccomp", profile, "--", "true"], TimeSpan.FromSeconds(30));
            Assert.Equal(125, result.ExitCode);
            Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
            Assert.Empty(ErrorLineProblems(result));
        }

        [SkippableFact]
        public void RandomArgumentVectorsNeverMisbehave()
        {
            Requirements.Root();
            File.WriteAllText(BrokenJson, "{");
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

                foreach (string problem in ErrorLineProblems(result))
                {
                    failures.Add($"{problem}: {vector}: {result.Stderr}");
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
