using System;
using System.IO;
using System.Linq;
using Interop.Tests.Support;
using Nsbox.Options;
using Nsbox.Parsing;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>
    /// Which exec a command line is (root-free): runc's for a container, told by an option only
    /// runc's exec has, by runc's global options, or by an operand naming a container when nothing
    /// says what to enter; nsenter's otherwise. In process through the generated parser, and
    /// through the binary with a state directory that holds one stopped container.
    /// </summary>
    public sealed class ExecDispatchTests
    {
        private static bool IsOci(string[] args, Func<string, bool>? isContainer = null, bool runtimeOptions = false)
        {
            ParseResult result = NsboxCommandLine.Parse(args);
            Assert.True(result.Outcome == ParseOutcome.Parsed, result.Message);
            return Assert.IsType<ExecOptions>(result.Options).IsOciExec(isContainer ?? (id => id == "c1"), runtimeOptions);
        }

        [Theory]
        [InlineData("exec", "--process", "p.json", "c2")]
        [InlineData("exec", "--pid-file", "f", "c2", "true")]
        [InlineData("exec", "-d", "c2", "true")]
        [InlineData("exec", "--detach", "c2", "true")]
        [InlineData("exec", "--console-socket", "s", "--tty", "c2", "sh")]
        [InlineData("exec", "--tty", "c2", "sh")]
        [InlineData("exec", "--cwd", "/tmp", "c2", "pwd")]
        [InlineData("exec", "-e", "A=1", "c2", "env")]
        [InlineData("exec", "--env", "A=1", "c2", "env")]
        [InlineData("exec", "--user=1000:1000", "c2", "id")]
        [InlineData("exec", "-c", "CAP_KILL", "c2", "true")]
        [InlineData("exec", "--cap", "CAP_KILL", "c2", "true")]
        [InlineData("exec", "--no-new-privs", "c2", "true")]
        [InlineData("exec", "--process-label", "l", "c2", "true")]
        [InlineData("exec", "--preserve-fds", "2", "c2", "true")]
        [InlineData("exec", "c1", "true")]
        [InlineData("exec", "c1")]
        public void RuncsOptionsOrAContainerIdMakeItRuncsExec(params string[] args) => Assert.True(IsOci(args));

        [Theory]
        [InlineData("exec", "-t", "1", "-u", "hostname")]
        [InlineData("exec", "--target", "1", "--all", "c1")]
        [InlineData("exec", "-t", "1", "-p", "c1")]
        [InlineData("exec", "--ns-file", "uts=/run/x", "c1")]
        [InlineData("exec", "-u", "c1")]
        [InlineData("exec", "--user", "c1")]
        [InlineData("exec", "-U", "c1")]
        [InlineData("exec", "c2", "true")]
        [InlineData("exec", "--chdir", "/", "c2")]
        [InlineData("exec")]
        public void ATargetOrAnOperandThatIsNoContainerKeepsNsentersExec(params string[] args) => Assert.False(IsOci(args));

        [Fact]
        public void RuncsGlobalOptionsMakeAnUnknownIdRuncsExecButNotATargetedOne()
        {
            Assert.True(IsOci(["exec", "no-such-id", "true"], runtimeOptions: true));
            Assert.False(IsOci(["exec", "-t", "1", "-a", "sh"], runtimeOptions: true));
            // The operand is looked at only when nothing says what to enter.
            Assert.False(IsOci(["exec", "-t", "1", "c1"], id => throw new InvalidOperationException("asked about " + id)));
        }

        [Fact]
        public void TheCommandAfterTheIdKeepsItsOwnOptions()
        {
            ParseResult result = NsboxCommandLine.Parse(["exec", "--env", "A=1", "c1", "sh", "-c", "exit 3"]);
            var options = Assert.IsType<ExecOptions>(result.Options);
            Assert.Equal(["c1", "sh", "-c", "exit 3"], options.Command);
            Assert.Empty(options.Cap);
        }

        [Fact]
        public void ThroughTheBinaryAStoppedContainerAndAnUnknownOneAreRuncsErrors()
        {
            string root = Directory.CreateTempSubdirectory("nsbox-exec-dispatch-").FullName;
            try
            {
                // A container whose process is long gone: pid 0 never names one.
                Directory.CreateDirectory(Path.Combine(root, "gone"));
                File.WriteAllText(Path.Combine(root, "gone", "state.json"), """{"ociVersion":"1.2.0","id":"gone","pid":0,"bundle":"/nonexistent","rootfs":"/nonexistent/rootfs","created":"2026-01-01T00:00:00Z","owner":"","processStartTime":1}""");

                RunResult stopped = Run.Program(Published.Nsbox, "--root", root, "exec", "gone", "true");
                Assert.Equal(255, stopped.ExitCode);
                Assert.Equal("nsbox: exec gone: No such process (ESRCH): cannot exec in a stopped container\n", stopped.Stderr);

                RunResult unknown = Run.Program(Published.Nsbox, "--root", root, "exec", "--env", "A=1", "nope", "true");
                Assert.Equal(255, unknown.ExitCode);
                Assert.Equal("nsbox: container nope: No such file or directory (ENOENT): container does not exist\n", unknown.Stderr);

                // Without --root and any runc option, an operand that is no container is nsenter's exec, which wants a target.
                RunResult nsenter = Run.Program(Published.Nsbox, "exec", "nope", "true");
                Assert.Equal(125, nsenter.ExitCode);
                Assert.Contains("--target", nsenter.Stderr);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
