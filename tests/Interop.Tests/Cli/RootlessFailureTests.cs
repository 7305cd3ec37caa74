using System;
using System.IO;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// The injected failures again, through nsbox as uid 65534: the documented status, one line, the
    /// host's mount table untouched. (A too-long argument list cannot be given to nsbox without
    /// exceeding the limit for nsbox itself; FailureInjectionTests covers E2BIG in-process.)
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class RootlessFailureTests : IDisposable
    {
        private readonly string _dir;
        private readonly string _nsbox;

        public RootlessFailureTests()
        {
            _dir = Directory.CreateTempSubdirectory("nsbox-rootless-fail-").FullName;
            File.SetUnixFileMode(_dir, (UnixFileMode)0x1FF);
            _nsbox = Path.Combine(_dir, "nsbox");
            File.Copy(Published.Nsbox, _nsbox);
            File.SetUnixFileMode(_nsbox, (UnixFileMode)0x1ED);
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        public static TheoryData<string, string[], int> Cases => new()
        {
            { "bind of a missing source", ["--bind", "/no/such/source:/mnt/x", "--", "true"], 125 },
            { "missing root directory", ["--root", "/no/such/root", "--", "true"], 125 },
            { "exec of a missing file", ["--uts", "--", "/no/such/program"], 127 },
            { "exec of a directory", ["--uts", "--", "/etc"], 126 },
            { "exec of a file without exec bit", ["--uts", "--", "/etc/passwd"], 126 },
            { "chdir into a missing directory", ["--uts", "--chdir", "/no/such/dir", "--", "true"], 125 },
            { "proc under a file", ["--mount", "--proc", "/etc/passwd/proc", "--", "true"], 125 },
        };

        [SkippableTheory]
        [MemberData(nameof(Cases))]
        public void FailureGivesItsStatusOneLineAndLeavesTheHostAsItWas(string what, string[] args, int status)
        {
            Requirements.Root(); // to drop to nobody
            Requirements.Program("/usr/bin/setpriv");
            string mounts = File.ReadAllText("/proc/self/mountinfo");
            string host = File.ReadAllText("/proc/sys/kernel/hostname");

            RunResult result = Run.Program("/usr/bin/setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups", _nsbox, "run", .. args]);

            Assert.True(result.ExitCode == status, $"{what}: {result}");
            Assert.StartsWith("nsbox: ", result.Stderr);
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Equal(mounts, File.ReadAllText("/proc/self/mountinfo"));
            Assert.Equal(host, File.ReadAllText("/proc/sys/kernel/hostname"));
            Assert.False(Directory.Exists("/mnt/x"), "no mount point was left on the host");
        }
    }
}
