using System;
using System.IO;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>The run options not covered elsewhere, through the published binary, each with what it should change inside.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class RunOptionsTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("nsbox-run-options-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static RunResult Nsbox(params string[] args) => Run.Program(Published.Nsbox, args);

        [SkippableFact]
        public void RootRoBindDevChdirAndEnvironmentOptions()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            string root = Path.Combine(_dir, "root");
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            File.Copy("/usr/bin/busybox", Path.Combine(root, "bin", "busybox"));
            File.CreateSymbolicLink(Path.Combine(root, "bin", "sh"), "busybox");
            string data = Path.Combine(_dir, "data");
            Directory.CreateDirectory(data);
            File.WriteAllText(Path.Combine(data, "f"), "host data");
            Environment.SetEnvironmentVariable("NSBOX_GONE", "1");

            RunResult result = Nsbox("run", "--root", root, "--ro-bind", data + ":/data", "--dev", "/dev", "--proc", "/proc", "--pid",
                "--chdir", "/data", "--clearenv", "--setenv", "PATH=/bin", "--setenv", "KEEP=yes", "--unsetenv", "KEEP",
                "--new-session", "--domainname", "example.test", "--",
                "sh", "-c", "busybox pwd; busybox cat f; echo; (echo x > f) 2>/dev/null && echo writable || echo read-only; busybox ls /dev/null /dev/pts >/dev/null && echo dev; " +
                            "busybox env | busybox sort | busybox tr '\\n' ' '; echo; busybox cat /proc/sys/kernel/domainname; echo $(busybox cut -d' ' -f6 /proc/self/stat) $$");

            Assert.True(result.ExitCode == 0, result.ToString());
            string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("/data", lines[0]);
            Assert.Equal("host data", lines[1]);
            Assert.Equal("read-only", lines[2]);
            Assert.Equal("dev", lines[3]);
            Assert.Equal("PATH=/bin PWD=/data SHLVL=1", lines[4].Trim()); // cleared; KEEP set then unset; NSBOX_GONE not passed; sh adds PWD and SHLVL
            Assert.Equal("example.test", lines[5]);
            string[] session = lines[6].Split(' ');
            Assert.Equal("1", session[0]); // with --pid the init (PID 1) leads the new session the command is in
            Assert.NotEqual("1", session[1]);
        }

        [SkippableFact]
        public void NoInitMakesTheCommandPidOneAndAllCreatesEveryNamespace()
        {
            Requirements.Root();
            RunResult noInit = Nsbox("run", "--pid", "--no-init", "--", "sh", "-c", "echo $$");
            RunResult all = Nsbox("run", "--all", "-r", "--", "sh", "-c", "for t in cgroup ipc mnt net pid time user uts; do readlink /proc/self/ns/$t; done");

            Assert.Equal("1\n", noInit.Stdout);
            Assert.True(all.ExitCode == 0, all.ToString());
            string[] inside = all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] types = ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"];
            Assert.Equal(types.Length, inside.Length);
            for (int i = 0; i < types.Length; i++)
            {
                Assert.NotEqual(new FileInfo($"/proc/self/ns/{types[i]}").LinkTarget, inside[i]);
            }
        }
    }
}
