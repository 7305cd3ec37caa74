using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Interop.Runtime.Seccomp;
using Xunit;

namespace Interop.Tests.Runtime.Seccomp
{
    /// <summary>config.json's linux.seccomp read into a profile (no root): what it means, and each mistake named by its field.</summary>
    public sealed class SeccompProfileReadingTests
    {
        private const string Base = """
            { "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" },
              "linux": { "namespaces": [ { "type": "mount" } ], "seccomp": SECCOMP } }
            """;

        private static SandboxPlan Plan(string seccomp) => OciBundle.FromJson("/srv/bundle", Base.Replace("SECCOMP", seccomp, System.StringComparison.Ordinal)).ToPlan();

        [Fact]
        public void AProfileIsReadWithItsDefaultsAsRuncReadsThem()
        {
            SeccompProgram program = Plan("""
                { "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "architectures": [ "SCMP_ARCH_X86_64", "SCMP_ARCH_X86" ], "flags": [ "SECCOMP_FILTER_FLAG_LOG" ],
                  "syscalls": [ { "names": [ "read", "write", "no_such_call" ], "action": "SCMP_ACT_ALLOW" },
                                { "names": [ "personality" ], "action": "SCMP_ACT_ALLOW", "args": [ { "index": 0, "value": 8, "op": "SCMP_CMP_EQ" } ] },
                                { "names": [ "mkdir" ], "action": "SCMP_ACT_ERRNO" } ] }
                """).Seccomp!;

            SeccompProfile profile = program.Profile;
            Assert.Equal(SeccompAction.Fail(Errno.ENOSYS), profile.DefaultAction);
            Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], profile.Architectures);
            Assert.Equal(SeccompFilterFlags.Log, profile.Flags);
            Assert.Equal(new SeccompCondition(0, SeccompOperator.Equal, 8), Assert.Single(profile.Rules[1].Conditions));
            // An ERRNO without errnoRet is EPERM, as runc's.
            Assert.Equal(SeccompAction.Fail(Errno.EPERM), profile.Rules[2].Action);
            Assert.Equal(["no_such_call"], program.SkippedNames);
            Assert.Equal(Native.SECCOMP_FILTER_FLAG_LOG, program.Flags);
        }

        [Theory]
        [InlineData("""{ "defaultAction": "SCMP_ACT_DENY" }""", "config.json: linux.seccomp.defaultAction 'SCMP_ACT_DENY': Invalid argument (EINVAL): one of SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY")]
        [InlineData("""{ "defaultAction": "SCMP_ACT_NOTIFY", "listenerPath": "/run/agent.sock" }""", "config.json: linux.seccomp.defaultAction 'SCMP_ACT_NOTIFY': Invalid argument (EINVAL): SCMP_ACT_NOTIFY is for rules, not the default action")]
        [InlineData("""{ "defaultAction": "SCMP_ACT_ALLOW", "architectures": [ "SCMP_ARCH_Z80" ] }""", "config.json: linux.seccomp.architectures 'SCMP_ARCH_Z80': Invalid argument (EINVAL): an architecture libseccomp knows: SCMP_ARCH_X86, SCMP_ARCH_X86_64, SCMP_ARCH_X32, SCMP_ARCH_ARM, SCMP_ARCH_AARCH64, SCMP_ARCH_MIPS, SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32, SCMP_ARCH_MIPSEL, SCMP_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL64N32, SCMP_ARCH_PPC, SCMP_ARCH_PPC64, SCMP_ARCH_PPC64LE, SCMP_ARCH_S390, SCMP_ARCH_S390X, SCMP_ARCH_PARISC, SCMP_ARCH_PARISC64, SCMP_ARCH_RISCV64")]
        [InlineData("""{ "defaultAction": "SCMP_ACT_ALLOW", "flags": [ "SECCOMP_FILTER_FLAG_FAST" ] }""", "config.json: linux.seccomp.flags 'SECCOMP_FILTER_FLAG_FAST': Invalid argument (EINVAL): one of SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV")]
        [InlineData("""{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { "action": "SCMP_ACT_ERRNO" } ] }""", "config.json: linux.seccomp.syscalls[0].names: Invalid argument (EINVAL): the system calls the rule is for")]
        [InlineData("""{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { "names": [ "mkdir" ], "action": "SCMP_ACT_LOG", "errnoRet": 1 } ] }""", "config.json: linux.seccomp.syscalls[0].errnoRet '1': Invalid argument (EINVAL): errnoRet goes with SCMP_ACT_ERRNO and SCMP_ACT_TRACE only")]
        [InlineData("""{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { "names": [ "mkdir" ], "action": "SCMP_ACT_ERRNO", "args": [ { "index": 6, "value": 1, "op": "SCMP_CMP_EQ" } ] } ] }""", "config.json: linux.seccomp.syscalls[0].args[0].index '6': Invalid argument (EINVAL): 0 to 5: a system call has six arguments")]
        [InlineData("""{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { "names": [ "mkdir" ], "action": "SCMP_ACT_ERRNO", "args": [ { "index": 0, "value": 1, "op": "SCMP_CMP_ABOUT" } ] } ] }""", "config.json: linux.seccomp.syscalls[0].args[0].op 'SCMP_CMP_ABOUT': Invalid argument (EINVAL): one of SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ")]
        [InlineData("""{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { "names": [ "mkdir" ], "action": "SCMP_ACT_NOTIFY" } ] }""", "config.json: linux.seccomp.listenerPath: Invalid argument (EINVAL): a rule with SCMP_ACT_NOTIFY needs the socket its listener goes to")]
        public void EachMistakeIsNamedByItsField(string seccomp, string message)
        {
            var e = Assert.Throws<SandboxUsageException>(() => Plan(seccomp));
            Assert.Equal(Errno.EINVAL, e.Errno);
            Assert.Equal(message, e.Message);
        }
    }
}
