using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// nsbox run by an unprivileged user (uid 65534 via setpriv): every namespace type works because
    /// nsbox adds the user namespace itself, and root inside is not root on the host.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class RootlessTests : IDisposable
    {
        private const string Nobody = "65534";

        private readonly string _dir = Directory.CreateTempSubdirectory("nsbox-rootless-").FullName;
        private string? _nsbox;

        public RootlessTests()
        {
            // Nobody must reach everything these tests hand it, and a temporary directory is made 0700.
            File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [SkippableFact]
        public void UtsHostnameStaysInside()
        {
            string host = File.ReadAllText("/proc/sys/kernel/hostname").Trim();

            RunResult result = AsNobody("--verbose", "--uts", "--", "sh", "-c", "hostname rootless-box; hostname");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("rootless-box\n", result.Stdout);
            Assert.Contains("adding a user namespace", result.Stderr);
            Assert.Equal(host, File.ReadAllText("/proc/sys/kernel/hostname").Trim());
        }

        [SkippableFact]
        public void IpcNamespaceHidesTheHostsQueues()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/ipcmk");
            Requirements.Program("/usr/bin/ipcs");
            // A queue on the host that nobody may see, so that the empty list inside means something.
            string id = Run.Program("/usr/bin/ipcmk", "-Q", "-p", "0644").Stdout.Trim().Split(':').Last().Trim();
            try
            {
                RunResult outside = Run.Program("/usr/bin/setpriv", [.. DropToNobody(), "/usr/bin/ipcs", "-q"]);
                Assert.Contains(QueueIds(outside.Stdout), q => q == id);

                RunResult result = AsNobody("--ipc", "--", "ipcs", "-q");

                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.Empty(QueueIds(result.Stdout));
            }
            finally
            {
                Run.Program("/usr/bin/ipcrm", "-q", id);
            }
        }

        [SkippableFact]
        public void PidNamespaceHasTheInitAsPidOneAndShowsFewProcesses()
        {
            RunResult result = AsNobody("--pid", "--mount", "--proc", "/proc", "--", "sh", "-c", "cat /proc/1/comm; echo $$; ls /proc | grep -c '^[0-9]'");

            Assert.True(result.ExitCode == 0, result.ToString());
            string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("nsbox", lines[0]);
            Assert.NotEqual("1", lines[1]);
            // The init, sh, ls and grep: no host process.
            Assert.InRange(int.Parse(lines[2], CultureInfo.InvariantCulture), 2, 5);
        }

        [SkippableFact]
        public void NetworkNamespaceHasOnlyLoopbackAndItIsUp()
        {
            Requirements.Program("/usr/sbin/ip");

            RunResult result = AsNobody("--net", "--", "/usr/sbin/ip", "-o", "link");

            Assert.True(result.ExitCode == 0, result.ToString());
            string lo = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(": lo:", lo);
            Assert.Contains("UP", lo.Split('<', '>')[1].Split(','));
        }

        [SkippableFact]
        public void TmpfsInAMountNamespaceIsEmptyInsideAndInvisibleOnTheHost()
        {
            string target = Path.Combine(_dir, "target");
            Directory.CreateDirectory(target);
            File.WriteAllText(Path.Combine(target, "host-file"), "host");
            ChownToNobody(target);
            string hostMounts = File.ReadAllText("/proc/self/mountinfo");

            RunResult result = AsNobody("--mount", "--tmpfs", target, "--", "sh", "-c",
                $"ls -A {target} | wc -l; touch {target}/inside && grep -c ' {target} ' /proc/self/mountinfo");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(["0", "1"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
            Assert.Equal(hostMounts, File.ReadAllText("/proc/self/mountinfo"));
            Assert.Equal(["host-file"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
        }

        [SkippableFact]
        public void UserNamespaceMapsNobodyToRoot()
        {
            string hostUserNs = new FileInfo("/proc/self/ns/user").LinkTarget!;

            RunResult result = AsNobody("--map-root-user", "--", "sh", "-c", "id -u; readlink /proc/self/ns/user; cat /proc/self/uid_map");

            Assert.True(result.ExitCode == 0, result.ToString());
            string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("0", lines[0]);
            Assert.NotEqual(hostUserNs, lines[1]);
            Assert.Equal(["0", Nobody, "1"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        [SkippableFact]
        public void CgroupNamespaceShowsItsOwnCgroupAsRoot()
        {
            string hostCgroupNs = new FileInfo("/proc/self/ns/cgroup").LinkTarget!;

            RunResult result = AsNobody("--cgroup", "--", "sh", "-c", "readlink /proc/self/ns/cgroup; cat /proc/self/cgroup");

            Assert.True(result.ExitCode == 0, result.ToString());
            string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEqual(hostCgroupNs, lines[0]);
            Assert.NotEmpty(lines[1..]);
            Assert.All(lines[1..], line => Assert.EndsWith(":/", line));
        }

        [SkippableFact]
        public void TimeNamespaceShiftsUptime()
        {
            double hostUptime = Uptime(File.ReadAllText("/proc/uptime"));

            RunResult result = AsNobody("--monotonic", "172800", "--boottime", "172800", "--", "cat", "/proc/uptime");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.InRange(Uptime(result.Stdout) - hostUptime, 172800 - 60, 172800 + 60);
        }

        /// <summary>
        /// Root inside is nobody outside: a bound host file only host root may write stays unchanged.
        /// The file itself is bound (its mount point is the file: it already exists and must not need writing).
        /// </summary>
        [SkippableFact]
        public void RootInsideCannotWriteABoundFileOnlyHostRootMayWrite()
        {
            (string file, string control) = RootOwnedFileAndNobodysFile();

            RunResult result = AsNobody("--map-root-user", "--bind", file, "--", "sh", "-c",
                $"id -u; echo appended >> {control} && echo control-written; echo appended >> {file} && echo written || echo refused");

            AssertRefused(result, file, control);
        }

        /// <summary>The same with the directory holding the file bound, so no mount point is created for the file.</summary>
        [SkippableFact]
        public void RootInsideCannotWriteAFileOnlyHostRootMayWriteInABoundDirectory()
        {
            (string file, string control) = RootOwnedFileAndNobodysFile();

            RunResult result = AsNobody("--map-root-user", "--bind", Path.GetDirectoryName(file)!, "--", "sh", "-c",
                $"id -u; echo appended >> {control} && echo control-written; echo appended >> {file} && echo written || echo refused");

            AssertRefused(result, file, control);
        }

        /// <summary>
        /// A root-owned 0644 file and a nobody-owned one beside it, in a 0755 directory. The second is
        /// the control: the same append works there, so "refused" is the permission, not the script.
        /// </summary>
        private (string File, string Control) RootOwnedFileAndNobodysFile()
        {
            Requirements.Root();
            string dir = Directory.CreateDirectory(Path.Combine(_dir, "files")).FullName;
            string file = Path.Combine(dir, "root-only");
            string control = Path.Combine(dir, "nobodys");
            File.WriteAllText(file, "host\n");
            File.WriteAllText(control, "host\n");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            ChownToNobody(control);
            return (file, control);
        }

        private static void AssertRefused(RunResult result, string file, string control)
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(["0", "control-written", "refused"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal("host\nappended\n", File.ReadAllText(control));
            Assert.Equal("host\n", File.ReadAllText(file));
            Assert.Equal("0", Run.Program("/usr/bin/stat", "-c", "%u", file).Stdout.Trim());
        }

        /// <summary>nsbox run ARGS as uid/gid 65534 without supplementary groups, in this test's directory.</summary>
        private RunResult AsNobody(params string[] runArguments)
        {
            Requirements.Root(); // to drop to nobody
            Requirements.Program("/usr/bin/setpriv");
            return Run.Program("/usr/bin/setpriv", [.. DropToNobody(), "/usr/bin/env", "-C", _dir, NsboxForNobody(), "run", .. runArguments]);
        }

        private static string[] DropToNobody() => ["--reuid", Nobody, "--regid", Nobody, "--clear-groups"];

        /// <summary>A copy of nsbox nobody can execute wherever the repository lives (a 0700 home would hide it).</summary>
        private string NsboxForNobody()
        {
            if (_nsbox is null)
            {
                _nsbox = Path.Combine(_dir, "nsbox");
                File.Copy(Published.Nsbox, _nsbox);
                File.SetUnixFileMode(_nsbox, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            return _nsbox;
        }

        private static void ChownToNobody(string path)
        {
            RunResult chown = Run.Program("/bin/chown", $"{Nobody}:{Nobody}", path);
            Assert.True(chown.ExitCode == 0, chown.ToString());
        }

        private static string[] QueueIds(string ipcs) => ipcs.Split('\n')
            .Where(l => l.StartsWith("0x", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])
            .ToArray();

        private static double Uptime(string procUptime) => double.Parse(procUptime.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
