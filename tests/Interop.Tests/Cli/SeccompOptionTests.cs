using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Seccomp;
using Nsbox.Options;
using Nsbox.Parsing;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>nsbox run's --seccomp and --deny-syscall, in process: what the parser reads and the rules they lower to (no root needed).</summary>
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
    }
}
