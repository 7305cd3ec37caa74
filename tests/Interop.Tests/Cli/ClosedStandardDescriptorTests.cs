using System;
using System.IO;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// nsbox started with stdin, stdout or stderr closed: every mode still works, the command finds
    /// the same descriptor closed (nsbox fills nothing in), the same as under unshare, and nothing
    /// nsbox opens for itself is clobbered; an error still ends as its documented status, not an abort.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class ClosedStandardDescriptorTests
    {
        public static TheoryData<int, string> Cases()
        {
            var cases = new TheoryData<int, string>();
            foreach (int fd in new[] { 0, 1, 2 })
            {
                foreach (string mode in new[] { "--uts", "--pid", "--pid --no-init", "-r", "--user --map-users 0:100000:10 --map-groups 0:100000:10", "--uts=KEEP" })
                {
                    cases.Add(fd, mode);
                }
            }

            return cases;
        }

        [SkippableTheory]
        [MemberData(nameof(Cases))]
        public void EveryModeWorksAndTheCommandSeesTheSameDescriptorsAsUnderUnshare(int closed, string mode)
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/unshare");
            string directory = Directory.CreateTempSubdirectory("nsbox-closed-fd-").FullName;
            string keep = Path.Combine(directory, "uts");
            try
            {
                File.WriteAllText(keep, "");
                string Probe(string prefix)
                {
                    string report = Path.Combine(directory, "report");
                    File.Delete(report);
                    // Which of 0-4 the command has open, written to a file: its stdout may be the closed one.
                    string probe = $"s=; for f in 0 1 2 3 4; do if [ -e /proc/self/fd/$f ]; then s=\"$s $f\"; fi; done; echo \"open:$s\" > {report}";
                    RunResult result = Run.Program("/bin/sh", "-c", $"exec {prefix} sh -c '{probe}' {closed}>&-");
                    Assert.True(result.ExitCode == 0 && result.Stderr == "", $"{prefix} with fd {closed} closed: {result}");
                    return File.ReadAllText(report).Trim();
                }

                string unshare = Probe("/usr/bin/unshare --uts --");
                Assert.DoesNotContain($" {closed}", unshare);
                Assert.Equal(unshare, Probe($"{Published.Nsbox} run {mode.Replace("KEEP", keep)} --"));
            }
            finally
            {
                Run.Program("/bin/umount", keep);
                Directory.Delete(directory, recursive: true);
            }
        }

        /// <summary>With stderr closed an error line has nowhere to go, but the status still says what happened (it aborted with 134).</summary>
        [SkippableTheory]
        [InlineData("run --uts -- /no/such/command", 127)]
        [InlineData("run --pid -- /no/such/command", 127)]
        [InlineData("run --no-such-option", 125)]
        public void WithStderrClosedAnErrorStillEndsWithItsStatus(string arguments, int status)
        {
            Requirements.Root();
            RunResult result = Run.Program("/bin/sh", "-c", $"exec {Published.Nsbox} {arguments} 2>&-");
            Assert.True(result.ExitCode == status, result.ToString());
        }

        /// <summary>With stdin or stdout closed, the error is one line on stderr as usual.</summary>
        [SkippableTheory]
        [InlineData(0)]
        [InlineData(1)]
        public void WithStdinOrStdoutClosedAnErrorIsOneLine(int closed)
        {
            Requirements.Root();
            RunResult result = Run.Program("/bin/sh", "-c", $"exec {Published.Nsbox} run --pid -- /no/such/command {closed}>&-");
            Assert.Equal(127, result.ExitCode);
            Assert.Equal("nsbox: exec /no/such/command: No such file or directory (ENOENT)\n", result.Stderr);
        }
    }
}
