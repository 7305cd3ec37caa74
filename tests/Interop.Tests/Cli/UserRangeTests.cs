using System;
using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>User maps of whole ranges: written by newuidmap/newgidmap while a holder keeps the namespace, or by root directly.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class UserRangeTests
    {
        private static string Columns(string text) => string.Join(' ', text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

        [SkippableFact]
        public void RootMapsRangesDirectlyAndTheOtherNamespacesBelongToThatUserNamespace()
        {
            Requirements.Root();
            RunResult result = Run.Program(Published.Nsbox, "run", "--map-users", "0:100000:65536", "--map-groups", "0:100000:65536",
                "--pid", "--mount", "--uts", "--proc", "/proc", "--hostname", "ranged", "--",
                "sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; hostname; cat /proc/1/comm");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("0 100000 65536 0 100000 65536 ranged nsbox", Columns(result.Stdout));
        }

        [SkippableFact]
        public void InProcessRangesWork()
        {
            Requirements.Root();
            string output = Path.Combine(Path.GetTempPath(), "nsbox-ranges-" + Guid.NewGuid().ToString("N"));
            try
            {
                using ChildProcess child = new SandboxBuilder("sh", "-c", $"cat /proc/self/uid_map > {output}")
                    .MapUsers(0, 100000, 1000).MapUsers(1000, 200000, 10).MapGroups(0, 100000, 1000)
                    .InitProgram(Published.Nsbox)
                    .Start();
                Assert.Equal(0, child.WaitForExit().ToShellStatus());
                Assert.Equal("0 100000 1000 1000 200000 10", Columns(File.ReadAllText(output)));
            }
            finally
            {
                File.Delete(output);
            }
        }

        /// <summary>A map the kernel refuses (overlapping ranges) fails at its step, and the holder is gone afterwards.</summary>
        [SkippableFact]
        public void BadMapFailsAtItsStepAndLeavesNothingBehind()
        {
            Requirements.Root();
            string init = Published.Nsbox; // published (if it must be) before the fds are counted
            HostState before = HostState.Capture();

            var e = Assert.Throws<SpawnException>(() => new SandboxBuilder("true")
                .MapUsers(0, 100000, 10).MapUsers(10, uint.MaxValue - 5, 10).MapGroups(0, 100000, 10)
                .InitProgram(init)
                .Start());

            Assert.Equal(ChildStep.WriteUidMap, e.Step);
            Assert.Equal(Errno.EINVAL, e.Errno);
            Assert.Matches(@"^write /proc/\d+/uid_map: Invalid argument \(EINVAL\)$", e.Message);
            HostState after = HostState.CaptureSettled(before);
            Assert.Empty(after.OpenedSince(before));
            Assert.Equal(0, HostState.ZombieChildren());
        }

        /// <summary>As an unprivileged user, through newuidmap/newgidmap and the ranges /etc/subuid and /etc/subgid grant (added for the test).</summary>
        [SkippableFact]
        public void UnprivilegedRangesGoThroughNewuidmapAndItsRefusalIsOneLine()
        {
            Requirements.Root(); // to drop to nobody and to grant it subordinate ids for the test
            Requirements.Program("/usr/bin/newuidmap");
            Requirements.Program("/usr/bin/setpriv");
            string dir = Directory.CreateTempSubdirectory("nsbox-ranges-").FullName;
            string nsbox = Path.Combine(dir, "nsbox");
            File.Copy(Published.Nsbox, nsbox);
            File.SetUnixFileMode(dir, (UnixFileMode)0x1ED);
            File.SetUnixFileMode(nsbox, (UnixFileMode)0x1ED);
            string subuid = File.Exists("/etc/subuid") ? File.ReadAllText("/etc/subuid") : "";
            string subgid = File.Exists("/etc/subgid") ? File.ReadAllText("/etc/subgid") : "";
            try
            {
                File.WriteAllText("/etc/subuid", subuid + "nobody:200000:65536\n");
                File.WriteAllText("/etc/subgid", subgid + "nobody:200000:65536\n");
                string[] nobody = ["--reuid", "65534", "--regid", "65534", "--clear-groups", nsbox, "run"];

                RunResult granted = Run.Program("/usr/bin/setpriv", [.. nobody, "--map-users", "0:200000:1000", "--map-groups", "0:200000:1000", "--uts", "--hostname", "sub",
                    "--", "sh", "-c", "cat /proc/self/uid_map; hostname"]);
                RunResult refused = Run.Program("/usr/bin/setpriv", [.. nobody, "--map-users", "0:300000:1000", "--map-groups", "0:200000:1000", "--", "true"]);

                Assert.True(granted.ExitCode == 0, granted.ToString());
                Assert.Equal("0 200000 1000 sub", Columns(granted.Stdout));
                Assert.Equal(125, refused.ExitCode);
                Assert.Single(refused.Stderr.TrimEnd('\n').Split('\n'));
                Assert.Contains("newuidmap", refused.Stderr);
                Assert.Contains("/etc/subuid", refused.Stderr);
            }
            finally
            {
                File.WriteAllText("/etc/subuid", subuid);
                File.WriteAllText("/etc/subgid", subgid);
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
