using System;
using System.IO;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Seccomp;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Seccomp
{
    /// <summary>
    /// Each action and each comparison of a filter, seen from inside by <see cref="SyscallProbe"/>:
    /// it calls sched_yield (which no shell or libc start-up calls, so the filter touches nothing
    /// else) with the arguments a condition compares, and reports the result, errno or its death.
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed class SeccompActionTests : IDisposable
    {
        private const int SchedYield = 24; // x86_64; the probe takes the number

        private readonly string _dir = Directory.CreateTempSubdirectory("nsbox-seccomp-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static SeccompProfile Profile(SeccompAction action, params SeccompCondition[] conditions) => new()
        {
            DefaultAction = SeccompAction.Allow,
            Rules = [new SeccompRule(["sched_yield"], action, conditions)],
        };

        /// <summary>What the probe printed, or how it died ("signal 31").</summary>
        private string Probe(SeccompProfile profile, bool noNewPrivileges = true, string arguments = "", bool trap = false)
        {
            Skip.IfNot(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64, "the probe's syscall number is x86_64's");
            string output = Path.Combine(_dir, "out");
            var builder = new SandboxBuilder("/bin/sh", "-c", $"{SyscallProbe.Path} {(trap ? "-t " : "")}{SchedYield} {arguments} > {output}; s=$?; [ $s -gt 128 ] && echo signal $((s - 128)) > {output}; exit 0")
                .Seccomp(profile);
            if (noNewPrivileges)
            {
                builder.NoNewPrivileges();
            }

            using ChildProcess child = builder.Start();
            Assert.Equal(0, child.WaitForExit().ToShellStatus());
            return File.ReadAllText(output).Trim();
        }

        [SkippableFact]
        public void ErrnoFailsTheCallWithItsErrno() =>
            Assert.Equal($"errno {(int)Errno.EXDEV}", Probe(Profile(SeccompAction.Fail(Errno.EXDEV))));

        [SkippableFact]
        public void AllowAndLogLetTheCallThrough()
        {
            Assert.Equal("ok 0", Probe(Profile(new SeccompAction(SeccompActionKind.Log))));
            var denyRest = new SeccompProfile
            {
                DefaultAction = SeccompAction.Fail(Errno.ENOSYS),
                Rules = [new SeccompRule(["sched_yield"], SeccompAction.Fail(Errno.EXDEV))],
            };
            Assert.Equal($"errno {(int)Errno.EXDEV}", Probe(denyRest with { DefaultAction = SeccompAction.Allow }));
        }

        [SkippableFact]
        public void KillProcessAndKillThreadEndTheProbeWithSigsys()
        {
            Assert.Equal("signal 31", Probe(Profile(new SeccompAction(SeccompActionKind.KillProcess))));
            Assert.Equal("signal 31", Probe(Profile(new SeccompAction(SeccompActionKind.KillThread))));
        }

        [SkippableFact]
        public void TrapRaisesSigsysWhichTheProgramMayHandle() =>
            Assert.Equal("sigsys", Probe(Profile(new SeccompAction(SeccompActionKind.Trap)), trap: true));

        [SkippableFact]
        public void TraceWithoutATracerFailsWithEnosys() =>
            Assert.Equal($"errno {(int)Errno.ENOSYS}", Probe(Profile(new SeccompAction(SeccompActionKind.Trace, 7))));

        [SkippableFact]
        public void AsRootTheFilterLoadsWithoutNoNewPrivileges()
        {
            Requirements.Root();
            Assert.Equal($"errno {(int)Errno.EXDEV}", Probe(Profile(SeccompAction.Fail(Errno.EXDEV)), noNewPrivileges: false));
        }

        [SkippableTheory]
        [InlineData(SeccompOperator.Equal, 5UL, 0UL, "5", "6")]
        [InlineData(SeccompOperator.NotEqual, 5UL, 0UL, "6", "5")]
        [InlineData(SeccompOperator.LessThan, 5UL, 0UL, "4", "5")]
        [InlineData(SeccompOperator.LessOrEqual, 5UL, 0UL, "5", "6")]
        [InlineData(SeccompOperator.GreaterThan, 5UL, 0UL, "6", "5")]
        [InlineData(SeccompOperator.GreaterOrEqual, 5UL, 0UL, "5", "4")]
        [InlineData(SeccompOperator.MaskedEqual, 0xF0UL, 0x30UL, "0x3f", "0x4f")]
        public void EachComparisonMatchesWhatItSays(SeccompOperator op, ulong value, ulong valueTwo, string matching, string other)
        {
            SeccompProfile profile = Profile(SeccompAction.Fail(Errno.EXDEV), new SeccompCondition(1, op, value, valueTwo));
            Assert.Equal($"errno {(int)Errno.EXDEV}", Probe(profile, arguments: "0 " + matching));
            Assert.Equal("ok 0", Probe(profile, arguments: "0 " + other));
        }

        [SkippableFact]
        public void TwoConditionsOnOneArgumentAreEitherAsRuncAddsThem()
        {
            SeccompProfile profile = Profile(SeccompAction.Fail(Errno.EXDEV), new SeccompCondition(0, SeccompOperator.Equal, 1), new SeccompCondition(0, SeccompOperator.Equal, 2));
            Assert.Equal($"errno {(int)Errno.EXDEV}", Probe(profile, arguments: "1"));
            Assert.Equal($"errno {(int)Errno.EXDEV}", Probe(profile, arguments: "2"));
            Assert.Equal("ok 0", Probe(profile, arguments: "3"));
        }

        /// <summary>
        /// runc's rule: a call newer than every one the profile names gets ENOSYS, not the default
        /// EPERM (glibc falls back from clone3 to clone on ENOSYS only); an older one the profile
        /// leaves out gets the default.
        /// </summary>
        [SkippableFact]
        public unsafe void CallsNewerThanTheProfileGetEnosysAsUnderRunc()
        {
            // Every call up to number 330 allowed by name (the shell and the probe need some), nothing after.
            var older = new System.Collections.Generic.List<string>();
            for (int n = 0; n <= 330; n++)
            {
                void* name = Interop.Seccomp.LibSeccomp.seccomp_syscall_resolve_num_arch(Interop.Seccomp.LibSeccomp.seccomp_arch_native(), n);
                if (name != null)
                {
                    older.Add(System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)name)!);
                    Interop.Seccomp.LibSeccomp.free(name);
                }
            }

            var profile = new SeccompProfile { DefaultAction = SeccompAction.Fail(Errno.EPERM), Rules = [new SeccompRule(older, SeccompAction.Allow)] };
            Assert.Equal($"errno {(int)Errno.ENOSYS}", ProbeNumber(profile, 435)); // clone3
            Assert.Equal($"errno {(int)Errno.ENOSYS}", ProbeNumber(profile, 334)); // rseq

            // With clone3 named the newest is 435: rseq, older and left out, gets the default.
            var withClone3 = profile with { Rules = [.. profile.Rules, new SeccompRule(["clone3"], SeccompAction.Fail(Errno.EXDEV))] };
            Assert.Equal($"errno {(int)Errno.EPERM}", ProbeNumber(withClone3, 334));
            Assert.Equal($"errno {(int)Errno.EXDEV}", ProbeNumber(withClone3, 435));

            // A newer call named (landlock, 446) and clone3 not: clone3 still gets ENOSYS (nsbox's
            // rule, so glibc's threads start under runtime-tools' profile); rseq gets the default.
            var withLandlock = profile with { Rules = [.. profile.Rules, new SeccompRule(["landlock_restrict_self"], SeccompAction.Allow)] };
            Assert.Equal($"errno {(int)Errno.ENOSYS}", ProbeNumber(withLandlock, 435));
            Assert.Equal($"errno {(int)Errno.EPERM}", ProbeNumber(withLandlock, 334));
        }

        private string ProbeNumber(SeccompProfile profile, int number)
        {
            Skip.IfNot(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64, "the syscall numbers are x86_64's");
            string output = Path.Combine(_dir, "out");
            using ChildProcess child = new SandboxBuilder("/bin/sh", "-c", $"{SyscallProbe.Path} {number} > {output}").Seccomp(profile).NoNewPrivileges().Start();
            Assert.Equal(0, child.WaitForExit().ToShellStatus());
            return File.ReadAllText(output).Trim();
        }

        [Fact]
        public void UnknownNamesAreSkippedAndReported()
        {
            SeccompProgram program = SeccompProgram.Compile(new SeccompProfile
            {
                DefaultAction = SeccompAction.Allow,
                Rules = [new SeccompRule(["no_such_call_xyz", "mkdir"], SeccompAction.Fail(Errno.EPERM))],
            });

            Assert.Equal(["no_such_call_xyz"], program.SkippedNames);
            Assert.True(program.InstructionCount > 3);
        }
    }
}
