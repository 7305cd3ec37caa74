using System;
using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Spawning;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime
{
    /// <summary>
    /// A failure injected at each setup step: the spawn must raise a SpawnException naming that step,
    /// its errno and the path or value in one line, and leave the host as it found it (fds, mounts,
    /// children, hostname), after the failure and after a successful run of the same sandbox.
    /// Every case that can have one runs with a tmpfs in a new mount namespace, mounted before the
    /// failing step, so that a mount leaking to the host would show in this process's mountinfo.
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed class FailureInjectionTests : IDisposable
    {
        private const string NoSuchFile = "No such file or directory (ENOENT)";
        private const string PermissionDenied = "Permission denied (EACCES)";

        private readonly string _dir = Directory.CreateTempSubdirectory("nsbox-fail-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        /// <summary>A failing sandbox, what its failure must say, and the same sandbox fixed. No step: refused before anything runs (SandboxUsageException).</summary>
        private sealed record Injection(Func<SandboxBuilder> Failing, ChildStep? Step, Errno Errno, string Message, Func<SandboxBuilder> Succeeding);

        /// <summary>Everything a spawn could leave behind in this process and on the host.</summary>
        private sealed record Snapshot(HostState Host, string MountInfo, int Zombies)
        {
            /// <summary>Taken after a full collection, so fds of earlier garbage (other tests' pipes) are closed first.</summary>
            public static Snapshot Take()
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                return new(HostState.Capture(), File.ReadAllText("/proc/self/mountinfo"), HostState.ZombieChildren());
            }

            /// <summary>
            /// Fds open now that were not open <paramref name="before"/>. Fds that closed meanwhile are
            /// not a leak; the runtime's own come and go, so a new one is looked at again before it counts.
            /// </summary>
            public static Snapshot Settled(Snapshot before)
            {
                HostState host = HostState.Capture();
                for (int i = 0; i < 10 && host.OpenedSince(before.Host).Length > 0; i++)
                {
                    System.Threading.Thread.Sleep(100);
                    host = HostState.Capture();
                }

                return new(host, File.ReadAllText("/proc/self/mountinfo"), HostState.ZombieChildren());
            }

            public void AssertSameAs(Snapshot before, string when)
            {
                string[] leaked = Host.OpenedSince(before.Host);
                Assert.True(leaked.Length == 0, $"{when}: new fds: [{string.Join(", ", leaked)}]");
                Assert.True(before.MountInfo == MountInfo, $"{when}: the host's mountinfo changed:\n{MountInfo}");
                Assert.True(Zombies == 0, $"{when}: {Zombies} zombie children");
                Assert.Equal(before.Host.Hostname, Host.Hostname);
            }
        }

        [SkippableTheory]
        [InlineData("bind of a missing source")]
        [InlineData("hostname over 64 bytes")]
        [InlineData("exec of a missing file")]
        [InlineData("exec of a directory")]
        [InlineData("exec of a file without exec bit")]
        [InlineData("one argument over 128 KiB")]
        [InlineData("arguments totalling over the limit")]
        [InlineData("chdir into a missing directory")]
        [InlineData("proc mount under a file")]
        [InlineData("exec after pivot_root into a root without the program")]
        [InlineData("exec after pivot_root through the init")]
        public void FailureIsReportedAtItsStepAndLeavesNothingBehind(string name)
        {
            Requirements.Root();
            Injection injection = Case(name);
            // Warm up both paths: lazily created runtime state (threads, their fds) is not a leak.
            Succeed(injection.Succeeding());
            Record.Exception(() => injection.Failing().Start());
            Snapshot before = Snapshot.Take();

            for (int i = 0; i < 3; i++)
            {
                Exception thrown = Assert.ThrowsAny<Exception>(() => injection.Failing().Start());
                if (injection.Step is ChildStep step)
                {
                    SpawnException e = Assert.IsType<SpawnException>(thrown);
                    Assert.Equal(step, e.Step);
                    Assert.Equal(injection.Errno, e.Errno);
                }
                else
                {
                    Assert.Equal(injection.Errno, Assert.IsType<SandboxUsageException>(thrown).Errno);
                }

                Assert.Equal(injection.Message, thrown.Message);
                Assert.DoesNotContain("\n", thrown.Message);
                Assert.DoesNotContain("Exception", thrown.Message);
                Assert.DoesNotMatch(@"[A-Z][a-z]+_[A-Z][A-Za-z]+", thrown.Message); // a .NET resource key (IO_PathNotFound_Path)
            }

            Snapshot.Settled(before).AssertSameAs(before, "after the failures");

            Succeed(injection.Succeeding());
            Snapshot.Settled(before).AssertSameAs(before, "after a successful run");
        }

        /// <summary>A root that does not exist is refused before anything is cloned: a SandboxUsageException (a caller's mistake), not a SpawnException.</summary>
        [SkippableFact]
        public void MissingRootIsRefusedBeforeAnyCloneAndLeavesNothingBehind()
        {
            Requirements.Root();
            string missing = Path.Combine(_dir, "no-such-root");
            SandboxBuilder Failing() => new SandboxBuilder("/bin/true").Root(missing).Tmpfs("/scratch");
            Assert.Throws<SandboxUsageException>(() => Failing().Start());
            Snapshot before = Snapshot.Take();

            for (int i = 0; i < 3; i++)
            {
                SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => Failing().Start());
                Assert.Equal($"root {missing}: {NoSuchFile}", e.Message);
            }

            Assert.False(Directory.Exists(missing), "the missing root was created");
            Snapshot.Settled(before).AssertSameAs(before, "after the refusals");

            Succeed(new SandboxBuilder("/bin/true").Root(BusyboxRoot()).Tmpfs("/scratch"));
            Snapshot.Settled(before).AssertSameAs(before, "after a successful run");
        }

        /// <summary>
        /// --bind SRC (the target defaults to the source) of a source that does not exist must fail
        /// like any missing source, and must not create it on the host.
        /// </summary>
        [SkippableFact]
        public void BindOfAMissingSourceOntoItselfFailsAndCreatesNothing()
        {
            Requirements.Root();
            string missing = Path.Combine(_dir, "no-such-source");

            Exception? thrown = Record.Exception(() => Succeed(new SandboxBuilder("/bin/true").Bind(missing)));

            bool created = Directory.Exists(missing) || File.Exists(missing);
            if (thrown is not SandboxUsageException e)
            {
                Assert.Fail($"expected a SandboxUsageException, got {thrown?.GetType().Name ?? "success"}; {missing} created on the host: {created}");
                return;
            }

            Assert.Equal(Errno.ENOENT, e.Errno);
            Assert.Equal($"bind {missing} on {missing}: {NoSuchFile}", e.Message);
            Assert.False(created, $"{missing} was created on the host");
        }

        /// <summary>The map count does not grow over many failed spawns: no stack, arena or plan stays mapped.</summary>
        [SkippableFact]
        public void FailedSpawnsLeakNoMappings()
        {
            Requirements.Root();
            // Failures in the child (the ones refused before a clone map nothing).
            string[] names = ["exec of a missing file", "one argument over 128 KiB", "chdir into a missing directory", "exec of a directory"];
            Injection[] injections = names.Select(Case).ToArray();
            // The runtime maps memory lazily (GC regions, thread stacks, JIT code): warm it up first.
            for (int i = 0; i < 20; i++)
            {
                Assert.Throws<SpawnException>(() => injections[i % injections.Length].Failing().Start());
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            int before = HostState.Capture().Mappings;

            for (int i = 0; i < 50; i++)
            {
                Assert.Throws<SpawnException>(() => injections[i % injections.Length].Failing().Start());
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            int after = HostState.Capture().Mappings;

            // A leak grows the count by at least one a spawn (a stack, an arena, a plan): 50 or more.
            // The runtime maps and gives back memory of its own meanwhile (JIT code, GC regions, a
            // thread's stack): a CI run saw 1508 -> 1498, so only growth is measured, with room for that.
            Assert.True(after - before < 25, $"{after - before} more mappings after 50 failed spawns ({before} -> {after})");
        }

        private Injection Case(string name)
        {
            string scratch = Path.Combine(_dir, "scratch");
            string missing = Path.Combine(_dir, "missing");
            Directory.CreateDirectory(scratch);
            SandboxBuilder True() => new SandboxBuilder("/bin/true").Tmpfs(scratch);
            switch (name)
            {
                case "bind of a missing source":
                    string target = Path.Combine(scratch, "bound");
                    return new(() => True().Bind(missing, target), null, Errno.ENOENT, $"bind {missing} on {target}: {NoSuchFile}",
                        () => True().Bind(Directory.CreateDirectory(Path.Combine(_dir, "source")).FullName, target));
                case "hostname over 64 bytes":
                    string tooLong = new('h', Native.HOST_NAME_MAX + 1);
                    return new(() => True().Hostname(tooLong), null, Errno.EINVAL,
                        $"hostname '{tooLong}': Invalid argument (EINVAL): a hostname is 1 to 64 bytes",
                        () => True().Hostname(new string('h', Native.HOST_NAME_MAX)));
                case "exec of a missing file":
                    return new(() => new SandboxBuilder(missing).Tmpfs(scratch), ChildStep.Exec, Errno.ENOENT, $"exec {missing}: {NoSuchFile}", True);
                case "exec of a directory":
                    return new(() => new SandboxBuilder(_dir).Tmpfs(scratch), ChildStep.Exec, Errno.EACCES, $"exec {_dir}: {PermissionDenied}", True);
                case "exec of a file without exec bit":
                    string script = Path.Combine(_dir, "not-executable");
                    File.WriteAllText(script, "#!/bin/sh\nexit 0\n");
                    File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                    return new(() => new SandboxBuilder(script).Tmpfs(scratch), ChildStep.Exec, Errno.EACCES, $"exec {script}: {PermissionDenied}", True);
                case "one argument over 128 KiB":
                    // MAX_ARG_STRLEN is 32 pages: a single argument of 200 KiB is refused, 100 KiB is not.
                    return new(() => new SandboxBuilder("/bin/true", new string('a', 200 * 1024)).Tmpfs(scratch), ChildStep.Exec, Errno.E2BIG,
                        $"exec /bin/true: Argument list too long (E2BIG)", () => new SandboxBuilder("/bin/true", new string('a', 100 * 1024)).Tmpfs(scratch));
                case "arguments totalling over the limit":
                    // The total is capped at a quarter of the stack limit, and never above 6 MiB: 8 MiB is over it.
                    string[] many = Enumerable.Repeat(new string('m', 1023), 8 * 1024).ToArray();
                    return new(() => new SandboxBuilder("/bin/true", many).Tmpfs(scratch), ChildStep.Exec, Errno.E2BIG,
                        $"exec /bin/true: Argument list too long (E2BIG)", () => new SandboxBuilder("/bin/true", many[..256]).Tmpfs(scratch));
                case "chdir into a missing directory":
                    return new(() => True().WorkingDirectory(missing), ChildStep.ChangeDirectory, Errno.ENOENT, $"chdir {missing}: {NoSuchFile}",
                        () => True().WorkingDirectory(_dir));
                case "proc mount under a file":
                    string file = Path.Combine(_dir, "file");
                    File.WriteAllText(file, "");
                    return new(() => True().Proc(file + "/proc"), null, Errno.ENOTDIR, $"proc on {file}/proc: Not a directory (ENOTDIR)",
                        () => True().Proc(Path.Combine(scratch, "proc")));
                case "exec after pivot_root into a root without the program":
                    string empty = Directory.CreateDirectory(Path.Combine(_dir, "empty-root")).FullName;
                    string full = BusyboxRoot();
                    return new(() => new SandboxBuilder("/bin/true").Root(empty).Tmpfs("/scratch"), ChildStep.Exec, Errno.ENOENT, $"exec /bin/true: {NoSuchFile}",
                        () => new SandboxBuilder("/bin/true").Root(full).Tmpfs("/scratch"));
                case "exec after pivot_root through the init":
                    // PID 1 (nsbox's init, executed by descriptor) fails to execute the command and reports it over the passed pipe.
                    string emptyRoot = Directory.CreateDirectory(Path.Combine(_dir, "empty-root")).FullName;
                    string busybox = BusyboxRoot();
                    string init = Published.Nsbox;
                    return new(() => new SandboxBuilder("/bin/true").Root(emptyRoot).Tmpfs("/scratch").Isolate(CloneFlags.NewPid).InitProgram(init),
                        ChildStep.Exec, Errno.ENOENT, $"exec /bin/true: {NoSuchFile}",
                        () => new SandboxBuilder("/bin/true").Root(busybox).Tmpfs("/scratch").Isolate(CloneFlags.NewPid).InitProgram(init));
                default:
                    throw new ArgumentOutOfRangeException(nameof(name), name, "no such case");
            }
        }

        /// <summary>Runs the sandbox to a zero exit and releases its pidfd, so only a leak stays open.</summary>
        private static void Succeed(SandboxBuilder builder)
        {
            using ChildProcess child = builder.Start();
            ExitStatus status = child.WaitForExit();
            Assert.True(status.ToShellStatus() == 0, status.ToString());
        }

        /// <summary>A root holding only a static busybox as /bin/true.</summary>
        private string BusyboxRoot()
        {
            Requirements.Program("/usr/bin/busybox");
            string root = Path.Combine(_dir, "busybox-root");
            string bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
            if (!File.Exists(Path.Combine(bin, "busybox")))
            {
                File.Copy("/usr/bin/busybox", Path.Combine(bin, "busybox"));
                File.CreateSymbolicLink(Path.Combine(bin, "true"), "busybox");
            }

            return root;
        }

        /// <summary>A mount point missing on the host is refused with a line saying how to get one, and nothing is created there.</summary>
        [SkippableFact]
        public void MissingMountPointOnTheHostIsRefusedAndNothingIsCreated()
        {
            Requirements.Root();
            string top = Path.Combine(_dir, "made-for-the-spawn");

            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => new SandboxBuilder("/bin/true").Tmpfs(top + "/a/b").Start());

            Assert.Equal(Errno.ENOENT, e.Errno);
            Assert.StartsWith($"tmpfs on {top}/a/b: {NoSuchFile}: {top}/a/b does not exist, and nsbox creates no mount point on the host", e.Message);
            Assert.False(Directory.Exists(top), $"{top} was created on the host");
        }

        /// <summary>Inside a new root the sandbox owns the file system: missing mount points are made there, and removed again when the start fails.</summary>
        [SkippableFact]
        public void MountPointsCreatedInsideTheRootForAFailedSpawnAreRemoved()
        {
            Requirements.Root();
            string root = BusyboxRoot();

            Assert.Throws<SpawnException>(() => new SandboxBuilder("/no/such/program").Root(root).Tmpfs("/made/a/b").Proc("/made/c").Start());

            Assert.False(Directory.Exists(Path.Combine(root, "made")), "the mount points made inside the root were left");
            Succeed(new SandboxBuilder("/bin/true").Root(root).Tmpfs("/made/a/b"));
        }
    }
}
