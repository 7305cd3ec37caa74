using System;
using System.IO;
using System.Threading.Tasks;
using Interop.Linux;
using Interop.Runtime;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime
{
    /// <summary>SandboxBuilder.WaitForStart: Start returns while the process waits, set up, before exec, until the FIFO is read.</summary>
    [Collection(SpawningCollection.Name)]
    public sealed class StartFifoTests
    {
        [SkippableFact]
        public void StartReturnsWhileTheProcessWaitsAndReadingTheFifoLetsItExecute()
        {
            Requirements.Root();
            using var fifo = new Fifo();
            string directory = Path.GetDirectoryName(fifo.Path)!;
            string waits = Path.Combine(directory, "waits");
            RunResult made = Run.Program("/usr/bin/mkfifo", "-m", "0600", waits);
            Assert.True(made.ExitCode == 0, made.ToString());

            // The command reports its pid (1: it is PID 1 of the new namespace, no init) on the test's fifo.
            using ChildProcess child = new SandboxBuilder("sh", "-c", "echo $$ > " + fifo.Path)
                .Isolate(CloneFlags.NewPid)
                .InitProgram(Published.Nsbox)
                .WaitForStart(waits)
                .Start();

            string[] argv = File.ReadAllText($"/proc/{child.Pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("__nsbox-wait", argv[1]);
            Assert.Null(child.ExitStatus);

            // Opening for reading is the start: the waiter writes one byte, then executes the command.
            Task<string> started = Task.Run(() => File.ReadAllText(waits));
            Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the waiter never opened the fifo");
            Assert.Equal("0", started.Result);
            Assert.Equal("1", fifo.ReadAll(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, child.WaitForExit().ToShellStatus());
        }

        [Fact]
        public void AWaitingProcessCannotAlsoHaveTheInit()
        {
            var plan = new SandboxPlan { FileName = "/bin/true", Namespaces = CloneFlags.NewPid, UseInit = true, StartFifo = "/tmp/f" };
            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => plan.Start());
            Assert.Equal("start fifo /tmp/f: Invalid argument (EINVAL): the process that waits becomes the command: run without the init (WithoutInit)", e.Message);
        }
    }
}
