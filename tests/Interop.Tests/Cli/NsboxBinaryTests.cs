using System;
using System.IO;
using System.Linq;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>The published static nsbox binary, run as a user would run it.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class NsboxBinaryTests
    {
        private static string HostHostname() => File.ReadAllText("/proc/sys/kernel/hostname").Trim();

        private static RunResult Nsbox(params string[] args) => Run.Program(Published.Nsbox, args);

        /// <summary>The seed demo: inside, hostname first shows the host's name, then 'box'; the host keeps its name.</summary>
        [SkippableFact]
        public void UtsDemoRenamesOnlyTheSandbox()
        {
            Requirements.Root();
            string host = HostHostname();

            RunResult result = Nsbox("run", "--uts", "--", "sh", "-c", "hostname; hostname box; hostname");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal([host, "box"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal("", result.Stderr);
            Assert.Equal(host, HostHostname());
        }

        [SkippableFact]
        public void HostnameOptionSetsTheNameInside()
        {
            Requirements.Root();
            RunResult result = Nsbox("run", "--hostname", "box", "--", "hostname");
            Assert.Equal("box\n", result.Stdout);
            Assert.NotEqual("box", HostHostname());
        }

        /// <summary>Without privileges nsbox adds a user namespace by itself (as bwrap does): the demo works, the host keeps its name.</summary>
        [SkippableFact]
        public void WithoutPrivilegesTheDemoRunsInAUserNamespace()
        {
            Requirements.Root(); // to drop to nobody
            Requirements.Program("/usr/bin/setpriv");
            string host = HostHostname();

            RunResult result = Run.Program("/usr/bin/setpriv",
                ["--reuid", "65534", "--regid", "65534", "--clear-groups", Published.Nsbox, "run", "--verbose", "--uts", "--", "sh", "-c", "hostname box; hostname"]);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("box\n", result.Stdout);
            Assert.Contains("adding a user namespace", result.Stderr);
            Assert.Equal(host, HostHostname());
        }

        /// <summary>
        /// Where the kernel refuses user namespaces, the one-line error says so and what to do. The
        /// limit is set to 0 inside a user namespace of the test's own (the host's stays as it is).
        /// </summary>
        [SkippableFact]
        public void WhereUserNamespacesAreDisabledTheErrorSaysSo()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/unshare");
            string host = HostHostname();

            RunResult result = Run.Program("/usr/bin/unshare",
                ["--user", "--map-root-user", "sh", "-c", $"echo 0 > /proc/sys/user/max_user_namespaces && exec {Published.Nsbox} run --user --uts -- hostname hacked"]);

            Assert.Equal(125, result.ExitCode);
            AssertOneErrorLine(result);
            Assert.Equal("nsbox: clone (CLONE_NEWUSER|CLONE_NEWUTS): No space left on device (ENOSPC): user namespaces are disabled or exhausted here: check /proc/sys/user/max_user_namespaces and kernel.unprivileged_userns_clone\n", result.Stderr);
            Assert.Equal(host, HostHostname());
        }

        [SkippableFact]
        public void RepeatableOptionsCanBeRepeated()
        {
            Requirements.Root();
            string dir = Directory.CreateTempSubdirectory("nsbox-repeat-").FullName;
            Directory.CreateDirectory(dir + "/a");
            Directory.CreateDirectory(dir + "/b");
            try
            {
                RunResult result = Nsbox("run", "--tmpfs", dir + "/a", "--tmpfs", dir + "/b", "--setenv", "A=1", "--setenv", "B=2", "--",
                    "sh", "-c", $"grep -c '{dir}/[ab] ' /proc/self/mountinfo; echo $A$B");
                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.Equal("2\n12\n", result.Stdout);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public void CommandStatusIsPassedOn()
        {
            Assert.Equal(7, Nsbox("run", "--", "sh", "-c", "exit 7").ExitCode);
            Assert.Equal(0, Nsbox("run", "--", "true").ExitCode);
        }

        [Fact]
        public void DeathBySignalGives128PlusN()
        {
            Assert.Equal(128 + 9, Nsbox("run", "--", "sh", "-c", "kill -KILL $$").ExitCode);
            Assert.Equal(128 + 15, Nsbox("run", "--", "sh", "-c", "kill -TERM $$").ExitCode);
        }

        [Fact]
        public void CommandNotFoundGives127()
        {
            RunResult result = Nsbox("run", "--", "no-such-command-xyz");
            Assert.Equal(127, result.ExitCode);
            AssertOneErrorLine(result);
            Assert.Equal("nsbox: exec no-such-command-xyz: No such file or directory (ENOENT)\n", result.Stderr);
        }

        [Fact]
        public void CommandThatCannotBeExecutedGives126()
        {
            string plain = Path.Combine(Directory.CreateTempSubdirectory("nsbox-test-").FullName, "not-executable");
            File.WriteAllText(plain, "#!/bin/sh\n");
            File.SetUnixFileMode(plain, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            RunResult result = Nsbox("run", "--", plain);

            Assert.Equal(126, result.ExitCode);
            Assert.Equal($"nsbox: exec {plain}: Permission denied (EACCES)\n", result.Stderr);
            Assert.Equal(126, Nsbox("run", "--", "/etc").ExitCode);
            Directory.Delete(Path.GetDirectoryName(plain)!, recursive: true);
        }

        [Theory]
        [InlineData("run", "--no-such-option")]
        [InlineData("frobnicate")]
        [InlineData("run", "--hostname")]
        [InlineData("run", "--hostname=", "--", "true")]
        [InlineData()]
        public void BadArgumentsGive125AndOneLine(params string[] args)
        {
            RunResult result = Nsbox(args);
            Assert.Equal(125, result.ExitCode);
            AssertOneErrorLine(result);
            Assert.StartsWith("nsbox: ", result.Stderr);
        }

        [Fact]
        public void TooLongHostnameIsRefusedBeforeAnySpawn()
        {
            RunResult result = Nsbox("run", "--hostname", new string('x', 65), "--", "true");
            Assert.Equal(125, result.ExitCode);
            AssertOneErrorLine(result);
        }

        [Fact]
        public void VersionAndHelpGoToStdout()
        {
            RunResult version = Nsbox("--version");
            Assert.Equal(0, version.ExitCode);
            Assert.StartsWith("nsbox ", version.Stdout);

            RunResult help = Nsbox("run", "--help");
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("--hostname", help.Stdout);
            Assert.Contains("--uts", help.Stdout);
        }

        [Fact]
        public void BinaryIsOneFullyStaticExecutable()
        {
            byte[] elf = File.ReadAllBytes(Published.Nsbox);
            Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, elf[..4]);
            // A static executable has no PT_INTERP (program interpreter) and no PT_DYNAMIC segment.
            Assert.DoesNotContain(ProgramHeaderTypes(elf), t => t == 3 /* PT_INTERP */ || t == 2 /* PT_DYNAMIC */);
            Assert.Equal(["nsbox"], Directory.GetFiles(Path.GetDirectoryName(Published.Nsbox)!).Select(Path.GetFileName));
        }

        /// <summary>The empty-chroot test: a directory holding nothing but the binary; no libc, no /proc, no /etc.</summary>
        [SkippableFact]
        public void VersionRunsInAnEmptyChroot()
        {
            Requirements.Root();
            string root = Directory.CreateTempSubdirectory("nsbox-chroot-").FullName;
            try
            {
                File.Copy(Published.Nsbox, Path.Combine(root, "nsbox"));
                RunResult result = Run.Program("/usr/sbin/chroot", root, "/nsbox", "--version");
                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.StartsWith("nsbox ", result.Stdout);
                Assert.Single(Directory.GetFileSystemEntries(root));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        private static void AssertOneErrorLine(RunResult result)
        {
            Assert.EndsWith("\n", result.Stderr);
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
            Assert.DoesNotContain("   at ", result.Stderr);
        }

        private static int[] ProgramHeaderTypes(byte[] elf)
        {
            long phoff = BitConverter.ToInt64(elf, 0x20);
            int phentsize = BitConverter.ToUInt16(elf, 0x36);
            int phnum = BitConverter.ToUInt16(elf, 0x38);
            return Enumerable.Range(0, phnum).Select(i => BitConverter.ToInt32(elf, (int)phoff + (i * phentsize))).ToArray();
        }
    }
}
