using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Seccomp;
using Nsbox.Options;
using Nsbox.Parsing;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>nsbox run's --seccomp and --deny-syscall, in process: what the parser reads and the rules they lower to (no root needed), and the published binary end to end.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class SeccompOptionTests
    {
        private static RunOptions Parsed(params string[] args)
        {
            ParseResult result = NsboxCommandLine.Parse(args);
            Assert.True(result.Outcome == ParseOutcome.Parsed, result.Message);
            return Assert.IsType<RunOptions>(result.Options);
        }

        [Fact]
        public void SeccompAndRepeatedDenySyscallAreRead()
        {
            RunOptions o = Parsed("run", "--seccomp", "default", "--deny-syscall", "mkdir", "--deny-syscall=rmdir:EXDEV", "--", "true");
            Assert.Equal("default", o.Seccomp);
            Assert.Equal(["mkdir", "rmdir:EXDEV"], o.DenySyscall);
            Assert.Equal(["true"], o.Command);
        }

        [Fact]
        public void ADenySpecIsARuleWithItsErrnoDefaultEperm()
        {
            Assert.Equal(SeccompAction.Fail(Errno.EPERM), SeccompDenySpec.Parse("mkdir").Action);
            Assert.Equal(SeccompAction.Fail(Errno.EXDEV), SeccompDenySpec.Parse("mkdir:EXDEV").Action);
            Assert.Equal(SeccompAction.Fail(Errno.ENOSYS), SeccompDenySpec.Parse("mkdir:38").Action);
            Assert.Equal(["mkdir"], SeccompDenySpec.Parse("mkdir").Names);
        }

        [Fact]
        public void AnUnknownNameIsOneLineWithTheClosestName()
        {
            var e = Assert.Throws<SandboxUsageException>(() => SeccompDenySpec.Parse("mkdri"));
            Assert.Equal("--deny-syscall mkdri: Invalid argument (EINVAL): no such system call; did you mean 'mkdir'?", e.Message);
            Assert.Equal("--deny-syscall zzzzzzzzzz: Invalid argument (EINVAL): no such system call", Assert.Throws<SandboxUsageException>(() => SeccompDenySpec.Parse("zzzzzzzzzz")).Message);
            Assert.Throws<SandboxUsageException>(() => SeccompDenySpec.Parse("mkdir:EBOGUS"));
            Assert.Throws<SandboxUsageException>(() => SeccompDenySpec.Parse("mkdir:0"));
        }

        [Fact]
        public void TheNamesComeFromLibseccompsTable()
        {
            Assert.True(SeccompSyscallNames.IsKnown("openat"));
            Assert.False(SeccompSyscallNames.IsKnown("mkdri"));
            Assert.True(SeccompSyscallNames.All.Count > 300);
        }

        [Fact]
        public void TheDefaultProfileAllowsByDefaultAndCompiles()
        {
            SeccompProfile profile = SeccompDefaultProfile.Create();
            Assert.Equal(SeccompAction.Allow, profile.DefaultAction);
            Assert.Contains("unshare", profile.Rules.Single().Names);
            SeccompProgram program = SeccompProgram.Compile(profile);
            Assert.True(program.InstructionCount > 0);
        }

        private static RunResult Nsbox(params string[] args) => Run.Program(Published.Nsbox, args);

        [SkippableFact]
        public void ThePublishedBinaryDeniesTheNamedCallWithItsErrno()
        {
            string dir = System.IO.Directory.CreateTempSubdirectory("nsbox-seccomp-").FullName;
            try
            {
                RunResult eperm = Nsbox("run", "--deny-syscall", "mkdir", "--", "/bin/mkdir", dir + "/x");
                RunResult exdev = Nsbox("run", "--deny-syscall", "mkdir:EXDEV", "--", "/bin/mkdir", dir + "/x");
                Assert.True(eperm.ExitCode != 0 && eperm.Stderr.Contains("Operation not permitted"), eperm.ToString());
                Assert.True(exdev.ExitCode != 0 && exdev.Stderr.Contains("Invalid cross-device link"), exdev.ToString());
                Assert.False(System.IO.Directory.Exists(dir + "/x"));
            }
            finally
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
        }

        [SkippableFact]
        public void TheDefaultProfileRefusesUnshareAndAllowsTrue()
        {
            Requirements.Program("/usr/bin/unshare");
            Assert.Equal("Seccomp:\t2\n", Nsbox("run", "--seccomp", "default", "--", "grep", "Seccomp:", "/proc/self/status").Stdout);
            RunResult unshare = Nsbox("run", "--seccomp", "default", "--", "/usr/bin/unshare", "-U", "true");
            Assert.True(unshare.ExitCode != 0 && unshare.Stderr.Contains("Operation not permitted"), unshare.ToString());
            Assert.Equal(0, Nsbox("run", "--seccomp", "default", "--", "true").ExitCode);
        }

        [SkippableFact]
        public void AProfileFileIsRead()
        {
            string file = System.IO.Path.GetTempFileName();
            try
            {
                System.IO.File.WriteAllText(file, """{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":18}]}""");
                RunResult result = Nsbox("run", "--seccomp", file, "--", "/bin/mkdir", file + ".d");
                Assert.True(result.ExitCode != 0 && result.Stderr.Contains("Invalid cross-device link"), result.ToString());
            }
            finally
            {
                System.IO.File.Delete(file);
            }
        }

        [SkippableFact]
        public void AnUnknownNameIsTheDidYouMeanLineAndTheUsageStatus()
        {
            RunResult result = Nsbox("run", "--deny-syscall", "mkdri", "--", "true");
            Assert.Equal(ExitCodes.NsboxError, result.ExitCode);
            Assert.Equal("nsbox: --deny-syscall mkdri: Invalid argument (EINVAL): no such system call; did you mean 'mkdir'?\n", result.Stderr);
        }

        [SkippableFact]
        public void AnUnprivilegedUserLoadsTheFilterThanksToNoNewPrivs()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/setpriv");
            RunResult result = Run.Program("/usr/bin/setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", Published.Nsbox,
                "run", "--deny-syscall", "mkdir", "--", "sh", "-c", "grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("NoNewPrivs:\t1\nSeccomp:\t2\n", result.Stdout);
        }
    }
}
