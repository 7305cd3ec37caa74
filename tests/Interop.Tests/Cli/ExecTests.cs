using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>nsbox exec (like nsenter) and nsbox run --TYPE=FILE (like unshare --uts=FILE).</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class ExecTests
    {
        private static RunResult Nsbox(params string[] args) => Run.Program(Published.Nsbox, args);

        [SkippableFact]
        public void ExecEntersTheNamespacesOfARunningSandbox()
        {
            Requirements.Root();
            string marker = "nsbox-exec-" + Guid.NewGuid().ToString("N")[..8];
            var info = new ProcessStartInfo(Published.Nsbox) { UseShellExecute = false };
            foreach (string a in new[] { "run", "--pid", "--uts", "--net", "--hostname", marker, "--", "sleep", "30" })
            {
                info.ArgumentList.Add(a);
            }

            using Process sandbox = Process.Start(info)!;
            try
            {
                int sleeper = WaitForSleep(sandbox.Id);

                RunResult all = Nsbox("exec", "--target", sleeper.ToString(), "--all", "--", "sh", "-c", "hostname; echo $$; cat /proc/net/dev | grep -c :");
                RunResult uts = Nsbox("exec", "-t", sleeper.ToString(), "--uts", "--", "hostname");

                Assert.True(all.ExitCode == 0, all.ToString());
                string[] lines = all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(marker, lines[0]);
                Assert.NotEqual("1", lines[1]); // a process of the sandbox's PID namespace, not its init
                Assert.Equal("1", lines[2]); // only lo in the sandbox's network namespace
                Assert.Equal(marker + "\n", uts.Stdout);
            }
            finally
            {
                sandbox.Kill();
                sandbox.WaitForExit();
            }
        }

        [SkippableFact]
        public void NamespaceKeptInAFileByRunIsEnteredByExec()
        {
            Requirements.Root();
            string file = Path.Combine(Path.GetTempPath(), "nsbox-kept-uts-" + Guid.NewGuid().ToString("N")[..8]);
            string hostMounts = File.ReadAllText("/proc/self/mountinfo");
            try
            {
                Assert.Equal(0, Nsbox("run", "--uts=" + file, "--hostname", "kept", "--", "true").ExitCode);
                RunResult inside = Nsbox("exec", "--ns-file", "uts=" + file, "--", "hostname");
                Assert.Equal("kept\n", inside.Stdout);
            }
            finally
            {
                Run.Program("/usr/bin/umount", file);
                File.Delete(file);
            }

            Assert.Equal(hostMounts, File.ReadAllText("/proc/self/mountinfo"));
        }

        [Theory]
        [InlineData("exec", "--", "true")]
        [InlineData("exec", "--uts", "--", "true")]
        [InlineData("exec", "--target", "999999999", "--all", "--", "true")]
        [InlineData("exec", "--ns-file", "bogus=/x", "--", "true")]
        public void BadExecArgumentsGiveOneLineAnd125(params string[] args)
        {
            RunResult result = Nsbox(args);
            Assert.Equal(125, result.ExitCode);
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
            Assert.StartsWith("nsbox: ", result.Stderr);
        }

        [Fact]
        public void MisspeltOptionGetsTheNearestOne()
        {
            RunResult result = Nsbox("run", "--hostnme", "x", "--", "true");
            Assert.Equal("nsbox: run: unknown option '--hostnme': Invalid argument (EINVAL): did you mean '--hostname'? (see 'nsbox run --help')\n", result.Stderr);
        }

        /// <summary>The host pid of the sleep inside the sandbox started by <paramref name="nsbox"/> (a descendant).</summary>
        private static int WaitForSleep(int nsbox)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                foreach (string dir in Directory.GetDirectories("/proc"))
                {
                    if (int.TryParse(Path.GetFileName(dir), out int pid) && Comm(pid) == "sleep" && Descends(pid, nsbox))
                    {
                        return pid;
                    }
                }

                Thread.Sleep(20);
            }

            throw new TimeoutException("the sandbox's sleep did not appear");
        }

        private static string? Comm(int pid)
        {
            try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); } catch (IOException) { return null; }
        }

        private static bool Descends(int pid, int ancestor)
        {
            for (int i = 0; i < 10 && pid > 1; i++)
            {
                try
                {
                    string stat = File.ReadAllText($"/proc/{pid}/stat");
                    pid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                }
                catch (IOException)
                {
                    return false;
                }

                if (pid == ancestor)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
