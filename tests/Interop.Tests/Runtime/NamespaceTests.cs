using System;
using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime
{
    /// <summary>Each namespace type with something observable inside that the host does not see (and the reverse).</summary>
    [Collection(SpawningCollection.Name)]
    public sealed class NamespaceTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("nsbox-ns-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        /// <summary>Runs a shell script in the sandbox and returns what it wrote to $OUT.</summary>
        private string Sh(SandboxBuilder builder, string script)
        {
            string output = Path.Combine(_dir, "out");
            File.WriteAllText(output, "");
            using ChildProcess child = builder.SetEnvironment("OUT", output).Start();
            ExitStatus status = child.WaitForExit();
            string text = File.ReadAllText(output);
            Assert.True(status.ToShellStatus() == 0, $"{status}; output: {text}");
            return text.Trim();
        }

        private static SandboxBuilder Shell(string script) => new("sh", "-c", script);

        [SkippableFact]
        public void UtsHostnameAndDomainnameStayInside()
        {
            Requirements.Root();
            string hostDomain = File.ReadAllText("/proc/sys/kernel/domainname").Trim();

            string inside = Sh(Shell("echo $(hostname) $(cat /proc/sys/kernel/domainname) > $OUT").Hostname("box").Domainname("example.test"), "");

            Assert.Equal("box example.test", inside);
            Assert.Equal(hostDomain, File.ReadAllText("/proc/sys/kernel/domainname").Trim());
        }

        [SkippableFact]
        public void IpcObjectsAreInvisibleAcrossTheBoundary()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/ipcmk");
            static int HostQueues() => Run.Program("/usr/bin/ipcs", "-q").Stdout.Split('\n').Count(l => l.StartsWith("0x", StringComparison.Ordinal));
            int before = HostQueues();
            string hostId = Run.Program("/usr/bin/ipcmk", "-Q").Stdout.Trim().Split(':').Last().Trim();
            try
            {
                string inside = Sh(Shell("ipcmk -Q >/dev/null; ipcs -q | grep -c '^0x' > $OUT").Isolate(CloneFlags.NewIpc), "");

                Assert.Equal("1", inside); // only the queue made inside: the host's is not there
                Assert.Equal(before + 1, HostQueues()); // only the host's: the one made inside is not here
            }
            finally
            {
                Run.Program("/usr/bin/ipcrm", "-q", hostId);
            }
        }

        [SkippableFact]
        public void PidNamespaceWithFreshProcShowsOnlyTheSandbox()
        {
            Requirements.Root();

            string inside = Sh(Shell("echo $$ $(ls /proc | grep -c '^[0-9]') > $OUT").Isolate(CloneFlags.NewPid).WithoutInit().Proc("/proc"), "");

            string[] parts = inside.Split(' ');
            Assert.Equal("1", parts[0]);
            // sh, the subshell of $(...), ls and grep: no host process.
            Assert.InRange(int.Parse(parts[1]), 1, 4);
            Assert.True(Directory.GetDirectories("/proc").Count(d => int.TryParse(Path.GetFileName(d), out _)) > 3, "the host's /proc is untouched");
        }

        [SkippableFact]
        public void NetworkNamespaceHasOnlyLoopbackAndItIsUp()
        {
            Requirements.Root();
            Requirements.Program("/usr/sbin/ip");

            string inside = Sh(Shell("ip -o link show > $OUT").Isolate(CloneFlags.NewNet), "");

            string[] links = inside.Split('\n');
            string lo = Assert.Single(links);
            Assert.Contains(": lo:", lo);
            Assert.Contains("UP", lo.Split('<', '>')[1].Split(','));
        }

        [SkippableFact]
        public void MountsInsideDoNotReachTheHost()
        {
            Requirements.Root();
            string hostMounts = File.ReadAllText("/proc/self/mountinfo");
            string target = Directory.CreateDirectory(Path.Combine(_dir, "mountpoint")).FullName;

            string inside = Sh(Shell("grep -c nsbox-ns- /proc/self/mountinfo > $OUT")
                .Tmpfs(target)
                .Bind(_dir, target + "/bound")
                .Dev(target + "/dev"), "");

            Assert.True(int.Parse(inside) >= 3, "the mounts exist inside: " + inside);
            Assert.Equal(hostMounts, File.ReadAllText("/proc/self/mountinfo"));
            Assert.Empty(Directory.GetFileSystemEntries(target));
        }

        [SkippableFact]
        public void BindReadOnlyBindTmpfsAndDevWork()
        {
            Requirements.Root();
            string bound = Path.Combine(_dir, "bound");
            Directory.CreateDirectory(bound);
            File.WriteAllText(Path.Combine(bound, "file"), "from host");
            string output = Path.Combine(_dir, "result");
            Directory.CreateDirectory(output);
            bool hadMountPoints = Directory.Exists("/mnt/ro"); // left by an older nsbox: then this run cannot tell

            string inside = Sh(Shell(
                    "cat /mnt/ro/file > $OUT.1; (echo x > /mnt/ro/file) 2>/dev/null && echo writable > $OUT.2 || echo read-only > $OUT.2;" +
                    "echo y > /mnt/rw/file2; touch /mnt/scratch/t && echo tmpfs > $OUT.3; ls /dev | tr '\\n' ' ' > $OUT.4;" +
                    "[ -c /dev/null ] && [ -c /dev/urandom ] && head -c 4 /dev/zero | wc -c > $OUT.5; echo done > $OUT")
                .Tmpfs("/mnt")
                .ReadOnlyBind(bound, "/mnt/ro")
                .Bind(bound, "/mnt/rw")
                .Tmpfs("/mnt/scratch")
                .Dev("/dev"), "");

            Assert.Equal("done", inside);
            string Out(int n) => File.ReadAllText(Path.Combine(_dir, "out." + n)).Trim();
            Assert.Equal("from host", Out(1));
            Assert.Equal("read-only", Out(2));
            Assert.Equal("y\n", File.ReadAllText(Path.Combine(bound, "file2")));
            Assert.Equal("tmpfs", Out(3));
            Assert.Equal("4", Out(5)); // real device nodes, although the tmpfs went on the host's own /dev
            Assert.True(hadMountPoints || !Directory.Exists("/mnt/ro"), "a mount point was created on the host");
            string[] dev = Out(4).Split(' ');
            foreach (string node in new[] { "null", "zero", "full", "random", "urandom", "tty", "pts", "ptmx", "shm", "fd", "stdin", "stdout", "stderr" })
            {
                Assert.Contains(node, dev);
            }
        }

        [SkippableFact]
        public void PivotRootLeavesTheOldRootUnreachable()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            string root = BusyboxRoot();
            string results = Directory.CreateDirectory(Path.Combine(_dir, "results")).FullName;

            var builder = new SandboxBuilder("/bin/sh", "-c",
                    "ls / | tr '\\n' ' ' > /out/listing; /bin/escape > /out/escape 2>&1; cat /proc/self/mountinfo > /out/mounts")
                .Root(root).Proc("/proc").Bind(results, "/out").Isolate(CloneFlags.NewPid)
                .InitProgram(Published.Nsbox) // PID 1 is nsbox's init, executed by descriptor after pivot_root
                .ClearEnvironment().SetEnvironment("PATH", "/bin");
            using ChildProcess child = builder.Start();
            ExitStatus status = child.WaitForExit();

            string Read(string name) => File.Exists(Path.Combine(results, name)) ? File.ReadAllText(Path.Combine(results, name)) : "(missing)";
            Assert.True(status.ToShellStatus() == 0, $"{status}: listing {Read("listing")} escape {Read("escape")} mounts {Read("mounts")}");
            string listing = Read("listing");
            Assert.Contains("bin", listing.Split(' '));
            Assert.DoesNotContain("usr", listing.Split(' '));
            Assert.DoesNotContain("home", listing.Split(' '));
            // After the escape, "/" is still the sandbox's root: no host directory is there.
            string[] escaped = Read("escape").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("bin", escaped);
            Assert.DoesNotContain("usr", escaped);
            Assert.DoesNotContain("etc", escaped);
            // Only the sandbox's own mounts remain: the new root, /proc, /out. The old root is detached.
            Assert.True(Read("mounts").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3, Read("mounts"));
        }

        [SkippableFact]
        public void UserNamespaceMapsRootOrTheCurrentUser()
        {
            Requirements.Root();

            Assert.Equal("0 0", Sh(Shell("echo $(id -u) $(id -g) > $OUT").MapRootUser(), ""));
            Assert.Equal("deny", Sh(Shell("cat /proc/self/setgroups > $OUT").MapRootUser(), ""));
            Assert.Equal("0 0 1", Sh(Shell("cat /proc/self/uid_map > $OUT").MapRootUser(), "").Split(' ', StringSplitOptions.RemoveEmptyEntries) is var m ? string.Join(' ', m) : "");
        }

        [SkippableFact]
        public void CgroupNamespaceShowsItsOwnCgroupAsRoot()
        {
            Requirements.Root();

            string inside = Sh(Shell("cat /proc/self/cgroup > $OUT").Isolate(CloneFlags.NewCgroup), "");

            Assert.All(inside.Split('\n'), line => Assert.EndsWith(":/", line));
        }

        [SkippableFact]
        public void TimeNamespaceShiftsMonotonicAndBoottime()
        {
            Requirements.Root();
            double hostUptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

            string inside = Sh(Shell("cut -d' ' -f1 /proc/uptime > $OUT").ClockOffsets(TimeSpan.FromDays(2), TimeSpan.FromDays(2)), "");

            double uptime = double.Parse(inside, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(uptime - hostUptime, 2 * 86400 - 60, 2 * 86400 + 60);
        }

        /// <summary>A root directory holding busybox and its applets, for pivot_root tests.</summary>
        private string BusyboxRoot()
        {
            string root = Path.Combine(_dir, "rootfs");
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            File.Copy("/usr/bin/busybox", Path.Combine(root, "bin", "busybox"));
            foreach (string applet in new[] { "sh", "ls", "cat", "mkdir", "grep", "tr" })
            {
                File.CreateSymbolicLink(Path.Combine(root, "bin", applet), "busybox");
            }

            // The classic chroot escape, as a static program: chroot into a subdirectory without
            // entering it, climb with "..", chroot there, and list "/". It must still see the sandbox.
            string source = Path.Combine(_dir, "escape.c");
            File.WriteAllText(source, """
                #include <dirent.h>
                #include <stdio.h>
                #include <sys/stat.h>
                #include <unistd.h>
                int main(void) {
                    mkdir("/escape-dir", 0755);
                    if (chroot("/escape-dir") != 0) { perror("chroot"); return 1; }
                    for (int i = 0; i < 64; i++) chdir("..");
                    chroot(".");
                    DIR *d = opendir("/");
                    for (struct dirent *e; d && (e = readdir(d));) if (e->d_name[0] != '.') puts(e->d_name);
                    return 0;
                }
                """);
            RunResult gcc = Run.Program("gcc", "-static", "-O1", "-o", Path.Combine(root, "bin", "escape"), source);
            Assert.True(gcc.ExitCode == 0, gcc.ToString());
            return root;
        }
    }
}
