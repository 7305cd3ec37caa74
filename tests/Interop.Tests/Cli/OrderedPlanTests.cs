using System;
using System.IO;
using System.Linq;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// The ordered plan through the published binary, as a new user tries it: mounts in the order
    /// given, nothing created on the host, bytes passed through untouched, read-only all the way down,
    /// real device nodes, --root / and --root FILE, --all with a mapped root, exec becoming root in
    /// an entered user namespace, the init found whatever the executable's name. Where a peer
    /// (bwrap, nsenter) does the same thing, it runs on the same input as the oracle.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class OrderedPlanTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("nsbox-plan-").FullName;

        // rm, not Directory.Delete: .NET cannot name the files whose names are not UTF-8.
        public void Dispose() => Run.Program("/bin/rm", "-rf", _dir);

        private static RunResult Nsbox(params string[] args) => Run.Program(Published.Nsbox, args);

        /// <summary>A shell line, for what needs bytes that are not UTF-8 (a .NET process can pass only strings).</summary>
        private static RunResult Shell(string script) => Run.Program("/bin/sh", ["-c", script], environment: new System.Collections.Generic.Dictionary<string, string> { ["NSBOX"] = Published.Nsbox });

        private static void AssertOneCleanLine(RunResult result)
        {
            Assert.StartsWith("nsbox: ", result.Stderr);
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
            Assert.DoesNotContain("Exception", result.Stderr);
            Assert.DoesNotMatch(@"[A-Z][a-z]+_[A-Z][A-Za-z]+", result.Stderr); // .NET resource keys (IO_PathNotFound_Path)
        }

        [SkippableFact]
        public void MountsApplyInTheOrderGiven()
        {
            Requirements.Root();
            File.WriteAllText(Path.Combine(_dir, "marker"), "");

            RunResult result = Nsbox("run", "--mount", "--tmpfs", "/mnt", "--bind", _dir + ":/mnt/x", "--", "ls", "/mnt/x");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("marker\n", result.Stdout);
            Assert.False(Directory.Exists("/mnt/x"), "/mnt/x was created on the host");
        }

        [SkippableFact]
        public void AMissingDestinationOnTheHostIsOneLineAndIsNotCreated()
        {
            Requirements.Root();
            string missing = Path.Combine(_dir, "some", "new", "dir");

            RunResult result = Nsbox("run", "--bind", _dir + ":" + missing, "--", "true");

            Assert.True(result.ExitCode == 125, result.ToString());
            AssertOneCleanLine(result);
            Assert.Contains("No such file or directory (ENOENT)", result.Stderr);
            Assert.Contains("--tmpfs", result.Stderr);
            Assert.False(Directory.Exists(Path.Combine(_dir, "some")), "the destination was created on the host");
        }

        [SkippableFact]
        public void ArgumentsEnvironmentAndPathsPassAsBytes()
        {
            Requirements.Root();
            // \200\377 and a truncated sequence: none of it is UTF-8.
            string bytes = "$(printf '\\200\\377x\\303')";
            RunResult argument = Shell($"\"$NSBOX\" run --uts -- printf %s \"{bytes}\" | od -An -tx1");
            RunResult environment = Shell($"X=\"{bytes}\" \"$NSBOX\" run --uts -- sh -c 'printf %s \"$X\"' | od -An -tx1");
            RunResult setenv = Shell($"\"$NSBOX\" run --uts --setenv Y=\"{bytes}\" -- sh -c 'printf %s \"$Y\"' | od -An -tx1");
            RunResult chdir = Shell($"d={_dir}/\"{bytes}\"; mkdir \"$d\" && \"$NSBOX\" run --uts --chdir \"$d\" -- pwd | od -An -tx1");
            RunResult bind = Shell($"d={_dir}/\"{bytes}\"b; mkdir -p \"$d\" && touch \"$d/f\" && \"$NSBOX\" run --bind \"$d:/mnt\" -- ls /mnt");

            foreach (RunResult result in new[] { argument, environment, setenv })
            {
                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.Equal("80 ff 78 c3", result.Stdout.Trim());
            }

            Assert.EndsWith("2f 80 ff 78 c3", chdir.Stdout.Trim().Replace("\n", " ").Replace("  ", " ").Replace(" 0a", ""));
            Assert.True(bind.ExitCode == 0, bind.ToString());
            Assert.Equal("f\n", bind.Stdout);
        }

        [SkippableFact]
        public void ReadOnlyBindsAreReadOnlyAllTheWayDownAsUnderBwrap()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/bwrap");
            const string Probe = "touch /mnt/dev/shm/nsbox-probe 2>&1; echo $?";

            RunResult bwrap = Run.Program("/usr/bin/bwrap", "--dev-bind", "/", "/", "--ro-bind", "/", "/mnt", "--", "sh", "-c", Probe);
            RunResult nsbox = Nsbox("run", "--ro-bind", "/:/mnt", "--", "sh", "-c", Probe);

            Assert.False(File.Exists("/dev/shm/nsbox-probe"), "the submount was writable");
            Assert.Contains("Read-only file system", bwrap.Stdout);
            Assert.Contains("Read-only file system", nsbox.Stdout);
            Assert.EndsWith("1\n", nsbox.Stdout);
        }

        [SkippableFact]
        public void DevOnTheHostsOwnDevGivesRealDeviceNodes()
        {
            Requirements.Root();

            RunResult result = Nsbox("run", "--dev", "/dev", "--", "sh", "-c", "for n in null zero full random urandom tty; do [ -c /dev/$n ] || echo not $n; done; head -c 3 /dev/zero | wc -c");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("3\n", result.Stdout);
        }

        [SkippableFact]
        public void RootSlashWorksThroughTheFallback()
        {
            Requirements.Root();

            RunResult result = Nsbox("run", "--verbose", "--root", "/", "--", "sh", "-c", "test -d /proc/self && echo ok");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("ok\n", result.Stdout);
            Assert.Contains("MS_MOVE and chroot", result.Stderr);
        }

        [SkippableFact]
        public void RootOnARegularFileIsENOTDIR()
        {
            Requirements.Root();
            string file = Path.Combine(_dir, "file");
            File.WriteAllText(file, "");

            RunResult result = Nsbox("run", "--root", file, "--", "true");

            Assert.True(result.ExitCode == 125, result.ToString());
            AssertOneCleanLine(result);
            Assert.Contains("Not a directory (ENOTDIR)", result.Stderr);
        }

        [SkippableFact]
        public void AllMapsTheCallerToRootInside()
        {
            Requirements.Root();

            RunResult result = Nsbox("run", "--all", "--", "sh", "-c", "id -u; hostname inside && hostname");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("0\ninside\n", result.Stdout);
        }

        [SkippableFact]
        public void ExecIntoARootlessSandboxBecomesRootThereAsNsenterDoes()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/setpriv");
            Requirements.Program("/usr/bin/nsenter");
            string nsbox = Path.Combine(_dir, "nsbox");
            File.Copy(Published.Nsbox, nsbox);
            File.SetUnixFileMode(_dir, (UnixFileMode)0x1FF);
            File.SetUnixFileMode(nsbox, (UnixFileMode)0x1ED);
            string fifo = Path.Combine(_dir, "ready");
            Assert.Equal(0, Run.Program("/usr/bin/mkfifo", "-m", "0666", fifo).ExitCode);

            using var sandbox = System.Diagnostics.Process.Start("/usr/bin/setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups", nsbox, "run", "-r", "--uts", "--",
                "sh", "-c", $"echo $$ > {fifo}; exec sleep 60"])!;
            try
            {
                string pid = File.ReadAllText(fifo).Trim();
                RunResult ours = Nsbox("exec", "--target", pid, "--all", "--", "id", "-u");
                RunResult nsenter = Run.Program("/usr/bin/nsenter", "-a", "-t", pid, "id", "-u");

                Assert.True(ours.ExitCode == 0, ours.ToString());
                Assert.Equal(nsenter.Stdout, ours.Stdout);
                Assert.Equal("0\n", ours.Stdout);
            }
            finally
            {
                sandbox.Kill(entireProcessTree: true);
                sandbox.WaitForExit();
            }
        }

        [SkippableFact]
        public void TheInitIsFoundWhateverTheExecutablesName()
        {
            Requirements.Root();
            string renamed = Path.Combine(_dir, "mybox");
            File.Copy(Published.Nsbox, renamed);
            File.SetUnixFileMode(renamed, (UnixFileMode)0x1ED);

            RunResult result = Run.Program(renamed, "run", "--pid", "--", "sh", "-c", "echo $$");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.NotEqual("1\n", result.Stdout); // the init is PID 1, the command comes after it
        }

        [SkippableFact]
        public void AFailedStartLeavesNoKeptNamespaceFile()
        {
            Requirements.Root();
            string file = Path.Combine(_dir, "uts");

            RunResult result = Nsbox("run", "--uts=" + file, "--", "/no/such/program");

            Assert.True(result.ExitCode == 127, result.ToString());
            AssertOneCleanLine(result);
            Assert.False(File.Exists(file), "the namespace file was left behind");
        }

        [SkippableFact]
        public void ATooLongPathIsENAMETOOLONG()
        {
            Requirements.Root();

            RunResult result = Nsbox("run", "--uts", "--chdir", "/" + new string('d', 5000), "--", "true");

            Assert.True(result.ExitCode == 125, result.ToString());
            AssertOneCleanLine(result);
            Assert.Contains("File name too long (ENAMETOOLONG)", result.Stderr);
        }

        [SkippableFact]
        public void RootMapAndRangesCombine()
        {
            Requirements.Root();

            RunResult combined = Nsbox("run", "-r", "--map-users", "1:100000:10", "--", "cat", "/proc/self/uid_map");
            RunResult overlapping = Nsbox("run", "-r", "--map-users", "0:100000:10", "--", "true");

            Assert.True(combined.ExitCode == 0, combined.ToString());
            Assert.Equal(["0 0 1", "1 100000 10"], combined.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
            Assert.True(overlapping.ExitCode == 125, overlapping.ToString());
            AssertOneCleanLine(overlapping);
            Assert.Contains("overlaps", overlapping.Stderr);
        }

        /// <summary>Without /proc the bytes come from the initial stack: nsbox in a chroot holding only itself and a static busybox.</summary>
        [SkippableFact]
        public void BytesPassAlsoWithoutProc()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            string root = Directory.CreateDirectory(Path.Combine(_dir, "chroot")).FullName;
            File.Copy(Published.Nsbox, Path.Combine(root, "nsbox"));
            File.Copy("/usr/bin/busybox", Path.Combine(root, "busybox"));
            File.SetUnixFileMode(Path.Combine(root, "busybox"), (UnixFileMode)0x1ED);

            RunResult result = Shell($"X=\"$(printf '\\200\\377')\" /usr/sbin/chroot {root} /nsbox run --uts --setenv Y=\"$(printf 'y\\376')\" -- /busybox sh -c 'printf %s \"$1$X$Y\"' sh \"$(printf '\\201')\" | od -An -tx1");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("81 80 ff 79 fe", result.Stdout.Trim());
            Assert.False(Directory.Exists(Path.Combine(root, "proc")), "the test needs a root without /proc");
        }

        /// <summary>An absolute link inside the new root points into the root, as the command will see it, never onto the host.</summary>
        [SkippableFact]
        public void ALinkInsideTheRootCannotLeadAMountPointOntoTheHost()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            string outside = Directory.CreateDirectory(Path.Combine(_dir, "outside")).FullName;
            string root = Directory.CreateDirectory(Path.Combine(_dir, "root", "bin")).Parent!.FullName;
            File.Copy("/usr/bin/busybox", Path.Combine(root, "bin", "busybox"));
            File.CreateSymbolicLink(Path.Combine(root, "escape"), outside);

            RunResult result = Nsbox("run", "--root", root, "--tmpfs", "/escape/new", "--", "/bin/busybox", "test", "-d", "/escape/new");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.False(Directory.Exists(Path.Combine(outside, "new")), "a mount point was created on the host through a link in the root");
            Assert.True(Directory.Exists(root + outside + "/new"), "the mount point belongs inside the root");
        }

        /// <summary>A .NET program of its own, with no nsbox anywhere, gets a working init by calling SandboxInit.RunIfRequested first in Main.</summary>
        [SkippableFact]
        public void AnyProgramIsItsOwnInitWithOneCallInMain()
        {
            Requirements.Root();

            RunResult result = Run.Program(Published.InitSample, ["sh", "-c", "echo $$; trap 'exit 3' TERM; kill -TERM $$; sleep 5"], environment: new System.Collections.Generic.Dictionary<string, string> { ["NSBOX_INIT"] = "" });

            Assert.True(result.ExitCode == 3, result.ToString()); // the trap decided: a shell that is not PID 1 gets its TERM
            Assert.NotEqual("1", result.Stdout.Split('\n')[0]);
        }
    }
}
