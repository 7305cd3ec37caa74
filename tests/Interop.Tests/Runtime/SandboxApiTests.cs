using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Interop.Linux;
using Interop.Runtime;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime
{
    /// <summary>The handle (pidfd, async wait, signals from several threads), entering and keeping namespaces, passing fds.</summary>
    [Collection(SpawningCollection.Name)]
    public sealed class SandboxApiTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("nsbox-api-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string Output(SandboxBuilder builder)
        {
            string output = Path.Combine(_dir, "out-" + Guid.NewGuid().ToString("N"));
            using ChildProcess child = builder.SetEnvironment("OUT", output).Start();
            ExitStatus status = child.WaitForExit();
            string text = File.Exists(output) ? File.ReadAllText(output).Trim() : "(no output)";
            Assert.True(status.ToShellStatus() == 0, $"{status}: {text}");
            return text;
        }

        [SkippableFact]
        public async Task HandleHasAPidfdAndCanBeWaitedForAndKilledFromSeveralThreads()
        {
            Requirements.Root();
            using ChildProcess child = new SandboxBuilder("sleep", "30").Isolate(CloneFlags.NewUts).Start();
            Assert.NotNull(child.PidFd);
            Assert.Null(child.ExitStatus);

            Task<ExitStatus>[] waiters = Enumerable.Range(0, 4).Select(_ => Task.Run(() => child.WaitForExitAsync())).ToArray();
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => child.Kill())));
            ExitStatus[] statuses = await Task.WhenAll(waiters);

            Assert.All(statuses, s => Assert.Equal(9, s.Signal));
            Assert.Equal(9, child.ExitStatus?.Signal);
            child.Kill(); // after the reap: nothing, no exception
        }

        [SkippableFact]
        public async Task WaitForExitAsyncCanBeCancelledWithoutTouchingTheProcess()
        {
            Requirements.Root();
            using ChildProcess child = new SandboxBuilder("sleep", "30").Isolate(CloneFlags.NewUts).Start();
            using var cancel = new System.Threading.CancellationTokenSource(TimeSpan.FromMilliseconds(100));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => child.WaitForExitAsync(cancel.Token));

            Assert.Null(child.ExitStatus);
            child.Kill();
            Assert.Equal(9, (await child.WaitForExitAsync()).Signal);
        }

        [SkippableFact]
        public void NamespaceKeptInAFileOutlivesItsProcessAndCanBeEntered()
        {
            Requirements.Root();
            string keep = Path.Combine(_dir, "uts");
            string hostMounts = File.ReadAllText("/proc/self/mountinfo");

            // The first sandbox exits at once; its UTS namespace lives on in the file.
            Output(new SandboxBuilder("sh", "-c", "echo started > $OUT").Hostname("kept").KeepNamespace(CloneFlags.NewUts, keep));
            try
            {
                Assert.Equal("kept", Output(new SandboxBuilder("sh", "-c", "hostname > $OUT").Enter(CloneFlags.NewUts, keep)));
            }
            finally
            {
                Assert.Equal(0, Run.Program("/usr/bin/umount", keep).ExitCode);
            }

            Assert.Equal(hostMounts, File.ReadAllText("/proc/self/mountinfo"));
        }

        [SkippableFact]
        public void NamespacesOfARunningProcessCanBeEnteredByPid()
        {
            Requirements.Root();
            string ready = Path.Combine(_dir, "ready");
            using ChildProcess target = new SandboxBuilder("sh", "-c", $"touch {ready}; exec sleep 30")
                .Hostname("target").Isolate(CloneFlags.NewNet | CloneFlags.NewPid | CloneFlags.NewIpc)
                .InitProgram(Published.Nsbox)
                .Start();
            try
            {
                SpinUntil(() => File.Exists(ready));

                string inside = Output(new SandboxBuilder("sh", "-c", "echo $(hostname) $(readlink /proc/self/ns/pid) $(ls /sys/class/net 2>/dev/null | wc -l) $$ > $OUT")
                    .Enter(target.Pid, CloneFlags.NewUts | CloneFlags.NewNet | CloneFlags.NewPid | CloneFlags.NewIpc)
                    .InitProgram(Published.Nsbox));

                string[] parts = inside.Split(' ');
                Assert.Equal("target", parts[0]);
                Assert.Equal(new FileInfo($"/proc/{target.Pid}/ns/pid").LinkTarget, parts[1]);
                Assert.NotEqual("1", parts[3]); // in the target's PID namespace, where its init is 1
            }
            finally
            {
                target.Kill();
                target.WaitForExit();
            }
        }

        [SkippableFact]
        public void OnlyPassedDescriptorsReachTheCommand()
        {
            Requirements.Root();
            string secret = Path.Combine(_dir, "secret");
            File.WriteAllText(secret, "x");
            using FileStream notPassed = File.OpenRead(secret);
            using FileStream passed = File.OpenRead(secret);
            int passedFd = (int)passed.SafeFileHandle.DangerousGetHandle();
            int notPassedFd = (int)notPassed.SafeFileHandle.DangerousGetHandle();

            string fds = Output(new SandboxBuilder("sh", "-c", "ls /proc/self/fd | tr '\\n' ' ' > $OUT").InheritFd(passedFd));

            string[] open = fds.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(passedFd.ToString(), open);
            Assert.DoesNotContain(notPassedFd.ToString(), open);
            // 0-2, the passed one, the output redirection and the one ls reads the directory with.
            Assert.True(open.Length <= 6, fds);
        }

        private static void SpinUntil(Func<bool> condition)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                System.Threading.Thread.Sleep(10);
            }

            Assert.True(condition(), "timed out");
        }
    }
}
