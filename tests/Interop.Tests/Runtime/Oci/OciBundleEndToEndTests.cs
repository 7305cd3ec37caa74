using System;
using System.IO;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>
    /// A real bundle, started: a busybox root file system and a config.json → the plan → a
    /// running container whose own view of itself (hostname, pid, mounts, capabilities,
    /// environment) is what the config asked for.
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed class OciBundleEndToEndTests : IDisposable
    {
        private const string Busybox = "/usr/bin/busybox";

        private readonly string _bundle = Directory.CreateTempSubdirectory("nsbox-oci-").FullName;

        public void Dispose() => Directory.Delete(_bundle, recursive: true);

        /// <summary>The applets the script runs, each a link to busybox (listed here rather than asked of busybox: no process is started beside the container).</summary>
        private static readonly string[] s_applets = ["sh", "hostname", "cat", "pwd", "wc", "ls", "grep", "cut", "touch"];

        /// <summary>rootfs/bin holding busybox and a link per applet, out/ for the result.</summary>
        private void MakeBusyboxRoot()
        {
            string bin = Path.Combine(_bundle, "rootfs", "bin");
            Directory.CreateDirectory(bin);
            File.Copy(Busybox, Path.Combine(bin, "busybox"));
            foreach (string applet in s_applets)
            {
                File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
            }

            Directory.CreateDirectory(Path.Combine(_bundle, "out"));
        }

        [SkippableFact]
        public void ABusyboxBundleRunsAsItsConfigSays()
        {
            Requirements.Root();
            Requirements.Program(Busybox);
            MakeBusyboxRoot();
            const string Script = "exec > /out/result 2>&1; hostname; echo $$; cat /proc/1/comm; pwd; echo \"$GREETING\"; "
                + "wc -c < /proc/timer_list; ls /proc/bus | wc -l; grep -E '^(CapBnd|CapEff|NoNewPrivs)' /proc/self/status; "
                + "for m in / /proc/sys /out; do grep \" $m \" /proc/self/mounts | cut -d' ' -f4 | cut -d, -f1; done; touch /tmp/x && echo tmp-written";
            string config = $$"""
                {
                  "ociVersion": "1.0.2-dev",
                  "root": { "path": "rootfs", "readonly": true },
                  "process": {
                    "user": { "uid": 0, "gid": 0 },
                    "args": [ "/bin/sh", "-c", {{System.Text.Json.JsonSerializer.Serialize(Script)}} ],
                    "env": [ "PATH=/bin", "GREETING=hi there" ],
                    "cwd": "/tmp",
                    "capabilities": { "bounding": [ "CAP_CHOWN", "CAP_KILL" ], "effective": [ "CAP_CHOWN", "CAP_KILL" ], "permitted": [ "CAP_CHOWN", "CAP_KILL" ] },
                    "noNewPrivileges": true
                  },
                  "hostname": "oci-box",
                  "mounts": [
                    { "destination": "/proc", "type": "proc", "source": "proc", "options": [ "nosuid", "noexec", "nodev" ] },
                    { "destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "nodev", "mode=1777" ] },
                    { "destination": "/out", "type": "bind", "source": "out", "options": [ "rbind", "rprivate" ] }
                  ],
                  "linux": {
                    "namespaces": [ { "type": "pid" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" } ],
                    "maskedPaths": [ "/proc/timer_list", "/proc/bus", "/proc/no-such-entry" ],
                    "readonlyPaths": [ "/proc/sys" ]
                  }
                }
                """;
            File.WriteAllText(Path.Combine(_bundle, OciBundle.ConfigFileName), config);

            using ChildProcess container = OciBundle.Load(_bundle).ToBuilder().InitProgram(Published.Nsbox).Start();
            ExitStatus status = container.WaitForExit();

            string resultFile = Path.Combine(_bundle, "out", "result");
            string output = File.Exists(resultFile) ? File.ReadAllText(resultFile) : "(no output)";
            Assert.True(status.ToShellStatus() == 0, $"{status}: {output}");
            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length > 2 && int.TryParse(lines[1], out int pid) && pid > 1, output);   // the command, under the init
            Assert.Equal(
            [
                "oci-box",
                lines[1],
                "nsbox",                        // PID 1: the init
                "/tmp",
                "hi there",
                "0",                            // /proc/timer_list is /dev/null now (unmasked it lists the timers)
                "0",                            // /proc/bus is an empty tmpfs
                "CapEff:\t0000000000000021",    // CAP_CHOWN (0) and CAP_KILL (5)
                "CapBnd:\t0000000000000021",
                "NoNewPrivs:\t1",
                "ro",                           // the root
                "ro",                           // /proc/sys
                "rw",                           // the bind of out/, on the read-only root
                "tmp-written",
            ], lines);
            Assert.False(File.Exists(Path.Combine(_bundle, "rootfs", "tmp", "x")), "the file went to the container's tmpfs, not to the root file system");
        }

        /// <summary>A program name in args[0] is looked up in process.env's PATH (execvp's semantics, as runc), not in nsbox's own.</summary>
        [SkippableFact]
        public void TheCommandIsLookedUpInTheConfigsPath()
        {
            Requirements.Root();
            Requirements.Program(Busybox);
            MakeBusyboxRoot();
            string tools = Directory.CreateDirectory(Path.Combine(_bundle, "rootfs", "opt", "tools")).FullName;
            File.WriteAllText(Path.Combine(tools, "only-here"), "#!/bin/sh\necho found in $PATH > /out/result\n");
            File.SetUnixFileMode(Path.Combine(tools, "only-here"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
            Assert.DoesNotContain("/opt/tools", Environment.GetEnvironmentVariable("PATH") ?? "", StringComparison.Ordinal);
            string config = """
                {
                  "ociVersion": "1.0.2",
                  "root": { "path": "rootfs" },
                  "process": { "user": { "uid": 0, "gid": 0 }, "args": [ "only-here" ], "env": [ "PATH=/opt/tools:/bin" ], "cwd": "/" },
                  "mounts": [ { "destination": "/out", "type": "bind", "source": "out", "options": [ "rbind" ] } ],
                  "linux": { "namespaces": [ { "type": "mount" } ] }
                }
                """;
            File.WriteAllText(Path.Combine(_bundle, OciBundle.ConfigFileName), config);

            using ChildProcess container = OciBundle.Load(_bundle).ToPlan().Start();
            Assert.Equal(0, container.WaitForExit().ToShellStatus());
            Assert.Equal("found in /opt/tools:/bin\n", File.ReadAllText(Path.Combine(_bundle, "out", "result")));
        }
    }
}
