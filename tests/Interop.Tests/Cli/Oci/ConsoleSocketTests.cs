using System;
using System.IO;
using System.Text.Json.Nodes;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>
    /// process.terminal with --console-socket, beside runc: the pty master arrives over the socket
    /// (SCM_RIGHTS, named as runc names it), the container's process has the slave as its
    /// controlling terminal and stdio (and /dev/console bound to it), and what the terminal shows
    /// is runc's byte for byte; the refusals when socket and terminal do not go together are runc's.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class ConsoleSocketTests
    {
        private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

        // Reads a line typed into the terminal (so the line discipline's echo comes first, at the
        // write, whatever the timing), then says which terminal it has, whether /dev/console is it,
        // whether it leads its session, and ends with a status of its own.
        private const string Script = "read x; tty; test -t 0 -a -t 1 -a -t 2 && echo stdio; test /dev/console -ef \"$(tty)\" && echo console; " +
            "echo \"$x\" $((6*7)) $(cut -d' ' -f6 /proc/self/stat) $$; exit 5";

        private static void Require()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            Requirements.Program("/usr/sbin/runc");
        }

        /// <summary>A busybox bundle with a /dev tmpfs and a private devpts (as runc spec has them), its process asking for a terminal or not.</summary>
        internal static BusyboxBundle TerminalBundle(string[] args, bool terminal)
        {
            var bundle = new BusyboxBundle("true");
            foreach (string applet in new[] { "tty", "cut" })
            {
                File.CreateSymbolicLink(Path.Combine(bundle.Directory, "rootfs", "bin", applet), "busybox");
            }

            bundle.WriteConfig(args);
            string file = Path.Combine(bundle.Directory, "config.json");
            JsonNode config = JsonNode.Parse(File.ReadAllText(file))!;
            config["process"]!["terminal"] = terminal;
            JsonArray mounts = config["mounts"]!.AsArray();
            mounts.Insert(1, new JsonObject { ["destination"] = "/dev", ["type"] = "tmpfs", ["source"] = "tmpfs", ["options"] = new JsonArray("nosuid", "strictatime", "mode=755", "size=65536k") });
            mounts.Insert(2, new JsonObject { ["destination"] = "/dev/pts", ["type"] = "devpts", ["source"] = "devpts", ["options"] = new JsonArray("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620") });
            File.WriteAllText(file, config.ToJsonString());
            return bundle;
        }

        [SkippableFact]
        public void CreateSendsThePtyMasterAndTheTerminalShowsWhatRuncsShows()
        {
            Require();
            var seen = new string[2][];
            foreach (bool useRunc in new[] { true, false })
            {
                using BusyboxBundle bundle = TerminalBundle(["sh", "-c", Script], terminal: true);
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                using var console = new ConsoleReceiver();
                RunResult created = runtime.Detached(bundle.Directory, "create", "--console-socket", console.Path, "t1");
                Assert.True(created.ExitCode == 0, created.ToString());
                string name = console.Receive(s_limit);
                int pid = ContainerProbe.State(runtime.Verb("state", "t1").Stdout).GetProperty("pid").GetInt32();
                Assert.Equal(0, runtime.Verb("start", "t1").ExitCode);
                console.Write("typed\n");
                string shown = console.ReadToEnd(s_limit);
                Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
                Assert.Equal(0, runtime.Verb("delete", "t1").ExitCode);
                seen[useRunc ? 0 : 1] = [name, shown];
            }

            Assert.Equal("/dev/ptmx", seen[0][0]);
            // PID 1 of its namespace, leading its own session.
            Assert.Contains("/dev/pts/0\r\nstdio\r\nconsole\r\ntyped 42 1 1\r\n", seen[0][1]);
            Assert.Equal(seen[0], seen[1]);
        }

        [SkippableFact]
        public void ExecWithTtySendsThePtyMasterAsRuncDoes()
        {
            Require();
            var seen = new string[2][];
            foreach (bool useRunc in new[] { true, false })
            {
                using BusyboxBundle bundle = TerminalBundle(["sleep", "1000"], terminal: false);
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                using var console = new ConsoleReceiver();
                Assert.Equal(0, runtime.Detached(bundle.Directory, "run", "--bundle", bundle.Directory, "--detach", "e1").ExitCode);
                RunResult exec = runtime.Detached(bundle.Directory, "exec", "--tty", "--console-socket", console.Path, "--detach", "e1", "sh", "-c", Script);
                Assert.True(exec.ExitCode == 0, exec.ToString());
                string name = console.Receive(s_limit);
                console.Write("typed\n");
                string shown = console.ReadToEnd(s_limit);
                Assert.Equal(0, runtime.Verb("delete", "--force", "e1").ExitCode);
                // The exec'd shell's pid differs between runs: only its session and its pid being equal count.
                string[] lines = shown.Split("\r\n");
                string last = Array.FindLast(lines, l => l.StartsWith("typed 42 ", StringComparison.Ordinal)) ?? "";
                string[] words = last.Split(' ');
                Assert.True(words.Length == 4 && words[2] == words[3], shown);
                seen[useRunc ? 0 : 1] = [name, shown.Replace(last, "typed 42 SID PID", StringComparison.Ordinal)];
            }

            Assert.Equal("/dev/ptmx", seen[0][0]);
            Assert.Equal(seen[0], seen[1]);
        }

        [SkippableFact]
        public void InTheForegroundWithoutASocketTheRuntimeRelaysTheTerminalAsRuncDoes()
        {
            Require();
            Requirements.Program(OnATerminal.Script);
            const string Command = "read x; tty; echo \"$x\" 42; exit 3";
            var seen = new string[2][];
            foreach (bool useRunc in new[] { true, false })
            {
                using BusyboxBundle bundle = TerminalBundle(["sh", "-c", Command], terminal: true);
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                string program = useRunc ? "/usr/sbin/runc" : Published.Nsbox;
                // script(1) gives the runtime a terminal of its own; what is typed into it reaches the container's.
                string run = $"exec {program} --root {runtime.Root} run --bundle {bundle.Directory} f1";
                RunResult ran = Run.Program("/bin/sh", ["-c", "printf 'typed\\n' | " + OnATerminal.Script + " -qec \"$1\" /dev/null", "sh", run], s_limit);
                using BusyboxBundle sleeping = TerminalBundle(["sleep", "1000"], terminal: false);
                Assert.Equal(0, runtime.Detached(sleeping.Directory, "run", "--bundle", sleeping.Directory, "--detach", "f2").ExitCode);
                string exec = $"exec {program} --root {runtime.Root} exec --tty f2 sh -c '{Command}'";
                RunResult execd = Run.Program("/bin/sh", ["-c", "printf 'typed\\n' | " + OnATerminal.Script + " -qec \"$1\" /dev/null", "sh", exec], s_limit);
                Assert.Equal(0, runtime.Verb("delete", "--force", "f2").ExitCode);
                seen[useRunc ? 0 : 1] = [ran.ExitCode + " " + ran.Stdout, execd.ExitCode + " " + execd.Stdout];
            }

            Assert.Contains("/dev/pts/0\r\ntyped 42\r\n", seen[0][0]);
            Assert.StartsWith("3 ", seen[0][0]);
            Assert.StartsWith("3 ", seen[0][1]);
            Assert.Equal(seen[0], seen[1]);
        }

        [SkippableFact]
        public void SocketAndTerminalThatDoNotGoTogetherAreRefusedAsRuncRefusesThem()
        {
            Require();
            foreach (bool useRunc in new[] { true, false })
            {
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                using var console = new ConsoleReceiver();
                using (BusyboxBundle withTerminal = TerminalBundle(["sh"], terminal: true))
                {
                    RunResult noSocket = runtime.Detached(withTerminal.Directory, "create", "n1");
                    Assert.True(noSocket.ExitCode == 1, noSocket.ToString());
                    RunResult missing = runtime.Detached(withTerminal.Directory, "create", "--console-socket", console.Path + ".missing", "n2");
                    Assert.True(missing.ExitCode == 1, missing.ToString());
                    if (!useRunc)
                    {
                        Assert.Equal("nsbox: create n1: process.terminal: Invalid argument (EINVAL): cannot allocate tty if runc will detach without setting console socket\n", noSocket.Stderr);
                        Assert.Equal("nsbox: connect to the console socket " + console.Path + ".missing: No such file or directory (ENOENT)\n", missing.Stderr);
                    }
                }

                using BusyboxBundle withoutTerminal = TerminalBundle(["sleep", "1000"], terminal: false);
                RunResult socketOnly = runtime.Detached(withoutTerminal.Directory, "create", "--console-socket", console.Path, "n3");
                Assert.True(socketOnly.ExitCode == 1, socketOnly.ToString());
                Assert.Equal(0, runtime.Detached(withoutTerminal.Directory, "run", "--bundle", withoutTerminal.Directory, "--detach", "n4").ExitCode);
                RunResult execSocketOnly = runtime.Verb("exec", "--console-socket", console.Path, "n4", "true");
                Assert.True(execSocketOnly.ExitCode == 255, execSocketOnly.ToString());
                RunResult detachedTty = runtime.Verb("exec", "--tty", "--detach", "n4", "true");
                Assert.True(detachedTty.ExitCode == 255, detachedTty.ToString());
                if (!useRunc)
                {
                    Assert.Equal("nsbox: create n3: --console-socket: Invalid argument (EINVAL): cannot use console socket if runc will not detach or allocate tty\n", socketOnly.Stderr);
                    Assert.Equal("nsbox: exec n4: --console-socket: Invalid argument (EINVAL): cannot use console socket if runc will not detach or allocate tty\n", execSocketOnly.Stderr);
                }

                Assert.Equal(0, runtime.Verb("delete", "--force", "n4").ExitCode);
                // Nothing of the refused containers is left.
                Assert.Empty(Directory.GetDirectories(runtime.Root));
            }
        }
    }
}
