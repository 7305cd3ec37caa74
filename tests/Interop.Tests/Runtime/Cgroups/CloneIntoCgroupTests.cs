using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Cgroups;
using Interop.Runtime.Spawning;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Cgroups
{
    /// <summary>
    /// How a sandbox's own cgroup is entered (docs/cgroups.md): clone3 with CLONE_INTO_CGROUP into
    /// its unified (cgroup2) directory, the v1 ones by the child's cgroup.procs writes; and the
    /// clone(2) fallback, forced, on a v1 directory (EBADF), and under a seccomp filter that
    /// refuses clone3 with ENOSYS (a container's profile) or EPERM. As root on this hybrid host.
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed unsafe class CloneIntoCgroupTests
    {
        private static CgroupHierarchy NeedsUnified()
        {
            Requirements.Root();
            if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
            {
                Skip.If(true, "the clone3 trampoline is x86_64 only; elsewhere every sandbox takes the clone fallback");
            }

            return CgroupHost.Detect().Hierarchies.FirstOrDefault(h => h.Version == 2)
                ?? throw new InvalidOperationException("this test is written for a host with a cgroup2 hierarchy (this project's machines are hybrid)");
        }

        /// <summary>Runs <paramref name="spawn"/>'s sandbox, which writes /proc/self/cgroup to the file it is given, to its end: its lines, and whether clone3 placed it.</summary>
        private static (string[] Lines, bool Placed) CgroupLines(Func<string, ChildProcess> spawn)
        {
            string output = Path.Combine(Path.GetTempPath(), "nsbox-clone3-" + Guid.NewGuid().ToString("N"));
            string[] before = SandboxLimitTests.NsboxCgroups();
            try
            {
                using ChildProcess child = spawn(output);
                bool placed = child.PlacedByCloneIntoCgroup;
                Assert.Equal(0, child.WaitForExit().ToShellStatus());
                Assert.Equal(before, SandboxLimitTests.NsboxCgroups());
                return (File.ReadAllLines(output), placed);
            }
            finally
            {
                File.Delete(output);
            }
        }

        private static SandboxBuilder PrintsItsCgroups(string output) => new("/bin/sh", "-c", "cat /proc/self/cgroup > " + output);

        /// <summary>The sandbox's own cgroup, nsbox-PID-N below ours, in the line of every hierarchy: the unified one's (0::) and the v1 pids one's.</summary>
        private static void InTheSandboxCgroup(string[] lines, CgroupHierarchy unified)
        {
            string prefix = "0::" + CgroupPath.Join(unified.OwnCgroup, "nsbox-" + Environment.ProcessId + "-");
            Assert.Contains(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
            Assert.All(lines, l => Assert.Matches("/nsbox-" + Environment.ProcessId + "-[0-9]+$", l));
        }

        [SkippableFact]
        public void ASandboxWithALimitIsClonedIntoItsUnifiedCgroup()
        {
            CgroupHierarchy unified = NeedsUnified();
            var (lines, placed) = CgroupLines(output => PrintsItsCgroups(output).PidsLimit(10).Start());
            Assert.True(placed, "clone3 with CLONE_INTO_CGROUP was not used");
            InTheSandboxCgroup(lines, unified);

            // With namespaces made by the same clone3, a new user namespace among them.
            (lines, placed) = CgroupLines(output => PrintsItsCgroups(output).Isolate(CloneFlags.NewUts | CloneFlags.NewIpc | CloneFlags.NewNet).MapRootUser().MemoryLimit(64L << 20).Start());
            Assert.True(placed);
            InTheSandboxCgroup(lines, unified);
        }

        /// <summary>
        /// Cgroups joined as they are (JoinCgroup, as an OCI container's cgroupsPath): clone3 starts the
        /// child in the one v2 directory among them, the v1 ones it writes; with two v2 directories
        /// (the second write would move it) it writes them all, in order.
        /// </summary>
        [SkippableFact]
        public void JoinedCgroupsPlaceTheChildInTheirOneUnifiedDirectory()
        {
            CgroupHierarchy unified = NeedsUnified();
            CgroupHierarchy pids = CgroupHost.Detect().V1("pids") ?? throw new InvalidOperationException("this test is written for a host with a v1 pids hierarchy");
            string name = "nsbox-test-join-" + Guid.NewGuid().ToString("N")[..8];
            string inUnified = Path.Combine(unified.MountPoint, name), second = inUnified + "-2", inPids = Path.Combine(pids.MountPoint, name);
            Directory.CreateDirectory(inUnified);
            Directory.CreateDirectory(second);
            Directory.CreateDirectory(inPids);
            try
            {
                var (lines, placed) = CgroupLines(output => PrintsItsCgroups(output).JoinCgroup(inPids).JoinCgroup(inUnified).Start());
                Assert.True(placed, "clone3 with CLONE_INTO_CGROUP was not used for the joined v2 directory");
                Assert.Contains("0::/" + name, lines);
                Assert.Contains(lines, l => l.EndsWith(":pids:/" + name, StringComparison.Ordinal));

                (lines, placed) = CgroupLines(output => PrintsItsCgroups(output).JoinCgroup(inUnified).JoinCgroup(second).Start());
                Assert.False(placed);
                Assert.Contains("0::/" + name + "-2", lines);
            }
            finally
            {
                foreach (string directory in new[] { inUnified, second, inPids })
                {
                    Directory.Delete(directory);
                }
            }
        }

        [SkippableFact]
        public void TheForcedFallbackWritesCgroupProcsAndEndsInTheSameCgroups()
        {
            CgroupHierarchy unified = NeedsUnified();
            var (lines, placed) = CgroupLines(output => Spawner.Spawn(PrintsItsCgroups(output).PidsLimit(10).Build() with { WithoutClone3 = true }));
            Assert.False(placed);
            InTheSandboxCgroup(lines, unified);
        }

        [SkippableFact]
        public void AV1DirectoryGivenToClone3FallsBackToTheWrite()
        {
            NeedsUnified();
            CgroupHierarchy pids = CgroupHost.Detect().V1("pids") ?? throw new InvalidOperationException("no v1 pids hierarchy");
            string directory = CgroupPath.Join(pids.OwnDirectory, "clone3-ebadf-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            try
            {
                var (lines, placed) = CgroupLines(output => Spawner.Spawn(PrintsItsCgroups(output).JoinCgroup(directory).Build() with { CloneIntoCgroup = directory }));
                Assert.False(placed);
                Assert.Contains(lines, l => l.Split(':')[1] == "pids" && l.EndsWith("/" + Path.GetFileName(directory), StringComparison.Ordinal));
            }
            finally
            {
                Directory.Delete(directory);
            }
        }

        [SkippableFact]
        public void ASandboxThatAlsoJoinsAV1CgroupIsStillClonedIntoItsUnifiedOne()
        {
            // Only a second v2 directory would move a clone3-placed child out (JoinedCgroupsPlaceTheChild... has that case);
            // a joined v1 one is written first and changes nothing in the unified tree.
            CgroupHierarchy unified = NeedsUnified();
            string own = CgroupHost.Detect().V1("pids")!.OwnDirectory;
            var (lines, placed) = CgroupLines(output => PrintsItsCgroups(output).JoinCgroup(own).PidsLimit(10).Start());
            Assert.True(placed);
            InTheSandboxCgroup(lines, unified);
        }

        [SkippableTheory]
        [InlineData(Errno.ENOSYS)]
        [InlineData(Errno.EPERM)]
        public void UnderASeccompFilterThatRefusesClone3TheSandboxFallsBack(Errno refusal)
        {
            CgroupHierarchy unified = NeedsUnified();
            var (lines, placed) = OnAFilteredThread(refusal, [Clone3], () => CgroupLines(output => PrintsItsCgroups(output).PidsLimit(10).Start()));
            Assert.False(placed);
            InTheSandboxCgroup(lines, unified);
        }

        [SkippableFact]
        public void AFailedCloneIsReportedInTheSameWordsWithAndWithoutClone3()
        {
            NeedsUnified();
            string[] before = SandboxLimitTests.NsboxCgroups();

            // clone3 and clone both refused, as where user namespaces are exhausted: clone's error is the one reported.
            string Failure(bool withoutClone3) => OnAFilteredThread(Errno.ENOSPC, [Clone3, Clone], () => Assert.Throws<SpawnException>(() =>
                Spawner.Spawn(new SandboxBuilder("/bin/true").Isolate(CloneFlags.NewUts).MapRootUser().PidsLimit(10).Build() with { WithoutClone3 = withoutClone3 })).Message);
            string expected = "clone (CLONE_NEWUSER|CLONE_NEWUTS): No space left on device (ENOSPC): user namespaces are disabled or exhausted here: check /proc/sys/user/max_user_namespaces and kernel.unprivileged_userns_clone";
            Assert.Equal(expected, Failure(withoutClone3: false));
            Assert.Equal(expected, Failure(withoutClone3: true));
            Assert.Equal(before, SandboxLimitTests.NsboxCgroups());
        }

        private const uint Clone = 56, Clone3 = 435;

        /// <summary>
        /// Runs <paramref name="body"/> on a new thread under a seccomp filter that makes the calls
        /// <paramref name="numbers"/> (x86_64) fail with <paramref name="errno"/>. A filter is the
        /// thread's own: it ends with the thread, the rest of the process never has it.
        /// </summary>
        private static T OnAFilteredThread<T>(Errno errno, uint[] numbers, Func<T> body)
        {
            T result = default!;
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    Refuse(errno, numbers);
                    result = body();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            });
            thread.Start();
            thread.Join();
            return failure is null ? result : throw new Xunit.Sdk.XunitException(failure.ToString());
        }

        /// <summary>Installs on the calling thread a filter that makes the calls <paramref name="numbers"/> fail with <paramref name="errno"/> (as root: no no_new_privs needed).</summary>
        private static void Refuse(Errno errno, uint[] numbers)
        {
            const ushort LoadWordAbsolute = 0x20, JumpIfEqual = 0x15, Return = 0x06;
            int n = numbers.Length;
            SockFilterCode* code = stackalloc SockFilterCode[n + 3];
            code[0] = new SockFilterCode { Code = LoadWordAbsolute, K = 0 }; // seccomp_data.nr
            for (int i = 0; i < n; i++)
            {
                // Equal: jump to the refusal after the remaining comparisons.
                code[1 + i] = new SockFilterCode { Code = JumpIfEqual, True = (byte)(n - 1 - i + 1), False = 0, K = numbers[i] };
            }

            code[n + 1] = new SockFilterCode { Code = Return, K = 0x7fff0000u };                   // SECCOMP_RET_ALLOW
            code[n + 2] = new SockFilterCode { Code = Return, K = 0x00050000u | (uint)errno };     // SECCOMP_RET_ERRNO
            var program = new SockProgram { Length = (ushort)(n + 3), Filter = code };
            const int PR_SET_SECCOMP = 22, SECCOMP_MODE_FILTER = 2;
            Assert.Equal(0, Native.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, (ulong)&program, 0, 0));
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct SockFilterCode
        {
            public ushort Code;
            public byte True;
            public byte False;
            public uint K;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct SockProgram
        {
            public ushort Length;
            public SockFilterCode* Filter;
        }
    }
}
