using System;
using System.IO;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Spawning;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime
{
    /// <summary>The runtime in-process: namespaces, hostname, exit status, and failures reported by step.</summary>
    [Collection(SpawningCollection.Name)]
    public sealed class SpawnerTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("nsbox-test-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static ExitStatus RunSh(string script, CloneFlags namespaces = CloneFlags.None, string? hostname = null)
        {
            var builder = new SandboxBuilder("sh", "-c", script).Isolate(namespaces).ParentDeathSignal(0);
            if (hostname is not null)
            {
                builder.Hostname(hostname);
            }

            using ChildProcess child = builder.Start();
            return child.WaitForExit();
        }

        [SkippableFact]
        public void HostnameChangedInsideUtsNamespaceStaysInside()
        {
            Requirements.Root();
            string before = File.ReadAllText("/proc/sys/kernel/hostname").Trim();
            string output = Path.Combine(_dir, "out");

            ExitStatus status = RunSh($"hostname > {output}; hostname box; hostname >> {output}", CloneFlags.NewUts);

            Assert.Equal(0, status.ToShellStatus());
            Assert.Equal([before, "box"], File.ReadAllLines(output));
            Assert.Equal(before, File.ReadAllText("/proc/sys/kernel/hostname").Trim());
        }

        [SkippableFact]
        public void HostnameOptionIsSetBeforeTheCommandRuns()
        {
            Requirements.Root();
            string output = Path.Combine(_dir, "out");

            RunSh($"hostname > {output}", CloneFlags.NewUts, hostname: "sandbox-1");

            Assert.Equal("sandbox-1", File.ReadAllText(output).Trim());
        }

        [SkippableFact]
        public void ChildIsInANewUtsNamespace()
        {
            Requirements.Root();
            string output = Path.Combine(_dir, "out");

            RunSh($"readlink /proc/self/ns/uts > {output}", CloneFlags.NewUts);

            Assert.NotEqual(new FileInfo("/proc/self/ns/uts").LinkTarget, File.ReadAllText(output).Trim());
        }

        [Fact]
        public void ExitCodeAndSignalArePassedOn()
        {
            Assert.Equal(ExitStatus.FromExitCode(42), RunSh("exit 42"));
            ExitStatus killed = RunSh("kill -TERM $$");
            Assert.Equal(15, killed.Signal);
            Assert.Equal(143, killed.ToShellStatus());
        }

        [Fact]
        public void MissingCommandIsReportedAsExecEnoent()
        {
            var e = Assert.Throws<SpawnException>(() => Spawner.Spawn(new SandboxPlan { FileName = "/nonexistent/command" }));
            Assert.Equal(ChildStep.Exec, e.Step);
            Assert.Equal(Errno.ENOENT, e.Errno);
            Assert.True(e.IsCommandNotFound);
            Assert.Equal("exec /nonexistent/command: No such file or directory (ENOENT)", e.Message);
        }

        [Fact]
        public void CommandNotInPathIsReportedBeforeAnyClone()
        {
            var e = Assert.Throws<SpawnException>(() => Spawner.Spawn(new SandboxPlan { FileName = "no-such-command-xyz" }));
            Assert.Equal(Errno.ENOENT, e.Errno);
            Assert.Contains("no-such-command-xyz", e.Message);
        }

        [Fact]
        public void DirectoryAndNonExecutableFileCannotBeExecuted()
        {
            string plain = Path.Combine(_dir, "plain");
            File.WriteAllText(plain, "#!/bin/sh\n");

            var dir = Assert.Throws<SpawnException>(() => Spawner.Spawn(new SandboxPlan { FileName = _dir }));
            var file = Assert.Throws<SpawnException>(() => Spawner.Spawn(new SandboxPlan { FileName = plain }));

            Assert.Equal(Errno.EACCES, dir.Errno);
            Assert.Equal(Errno.EACCES, file.Errno);
            Assert.True(file.IsCannotExecute);
        }

        [SkippableFact]
        public void TooLongHostnameIsRefusedWhenAdded()
        {
            var e = Assert.Throws<SandboxUsageException>(() => new SandboxBuilder("true").Hostname(new string('h', 100)));
            Assert.Equal(Errno.EINVAL, e.Errno);
        }

        [Fact]
        public void HostnameWithoutUtsNamespaceIsRefused()
        {
            // Without CLONE_NEWUTS sethostname would rename the host.
            Assert.Throws<SandboxUsageException>(() => Spawner.Spawn(new SandboxPlan { FileName = "true", Steps = [new SandboxStep.Hostname("oops")] }));
        }

        [SkippableFact]
        public void NothingIsLeftBehindAfterSuccessOrFailure()
        {
            Requirements.Root();
            RunSh("true", CloneFlags.NewUts); // warm up: lazy runtime state is not a leak
            Assert.Throws<SandboxUsageException>(() => RunSh("true", CloneFlags.NewUts, hostname: new string('h', 100)));
            HostState before = HostState.Capture();

            for (int i = 0; i < 20; i++)
            {
                RunSh("true", CloneFlags.NewUts, hostname: "leak-check");
                Assert.Throws<SpawnException>(() => Spawner.Spawn(new SandboxPlan { FileName = "/nonexistent" }));
                Assert.Throws<SandboxUsageException>(() => RunSh("true", CloneFlags.NewUts, hostname: new string('h', 100)));
            }

            HostState after = HostState.CaptureSettled(before);
            Assert.Empty(after.OpenedSince(before));
            Assert.Equal(before.Hostname, after.Hostname);
            // Stacks are unmapped after each spawn: the map count does not grow with the spawns.
            Assert.InRange(after.Mappings, before.Mappings - 8, before.Mappings + 8);
            Assert.Equal(0, HostState.ZombieChildren());
        }

        [Fact]
        public void ChildDoesNotInheritTheErrorPipe()
        {
            string output = Path.Combine(_dir, "fds");
            RunSh($"ls /proc/self/fd > {output}");
            // 0, 1, 2 and the fd ls opens to read the directory; no pipe from the spawner.
            string[] fds = File.ReadAllLines(output);
            Assert.True(fds.Length <= 4, "fds in child: " + string.Join(",", fds));
        }
    }

    /// <summary>Spawning tests share process-wide state (signal masks, children): run them one at a time.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class SpawningCollection
    {
        public const string Name = "Spawning";
    }
}
