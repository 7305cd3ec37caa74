using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci.Engines
{
    /// <summary>
    /// podman driving nsbox as its OCI runtime (through conmon, as users run it), every case run
    /// under runc too, the reference, and compared: statuses, output, and what the container sees.
    /// </summary>
    [Collection(PodmanCollection.Name)]
    public sealed class PodmanTests
    {
        private static readonly string[] s_runtimes = ["runc", "nsbox"];
        private readonly PodmanFixture _podman;

        public PodmanTests(PodmanFixture podman) => _podman = podman;

        private PodmanEngine Engine => _podman.Engine;

        /// <summary>Runs the same container under runc and nsbox.</summary>
        private Dictionary<string, RunResult> UnderBoth(string[] options, params string[] command) =>
            s_runtimes.ToDictionary(runtime => runtime, runtime => Engine.RunContainer(runtime, options, command));

        [SkippableTheory]
        [InlineData(0, "true")]
        [InlineData(3, "sh", "-c", "exit 3")]
        [InlineData(126, "/etc")]
        [InlineData(127, "no-such-command")]
        public void ExitStatusIsRuncs(int expected, params string[] command)
        {
            Dictionary<string, RunResult> results = UnderBoth([], command);
            Assert.Equal(expected, results["runc"].ExitCode);
            Assert.True(results["nsbox"].ExitCode == expected, "nsbox: " + results["nsbox"]);
        }

        [SkippableFact]
        public void StdoutAndStderrPassThroughAsUnderRunc()
        {
            Dictionary<string, RunResult> results = UnderBoth([], "sh", "-c", "echo to-stdout; echo to-stderr >&2; printf 'no newline'");
            Assert.True(results["runc"].Stdout == "to-stdout\nno newline", "runc: " + results["runc"]);
            Assert.Equal(results["runc"].Stdout, results["nsbox"].Stdout);
            Assert.Contains("to-stderr", results["nsbox"].Stderr, StringComparison.Ordinal);
            Assert.Equal(0, results["nsbox"].ExitCode);
        }

        [SkippableFact]
        public void InteractiveStdinReachesTheCommand()
        {
            const string input = "line one\nline two\n";
            foreach (string runtime in s_runtimes)
            {
                RunResult result = Engine.WithInput(runtime, input, ["run", "--rm", "-i", .. PodmanEngine.ContainerDefaults, PodmanEngine.Image, "sh", "-c", "cat; echo end"]);
                Assert.True(result.ExitCode == 0, runtime + ": " + result);
                Assert.Equal(input + "end\n", result.Stdout);
            }
        }

        [SkippableFact]
        public void WhatTheContainerSeesIsWhatRuncGives()
        {
            // Capabilities, the user, the masked paths (empty, or a tmpfs), the read-only ones, the
            // namespaces' own view: everything but ids and inode numbers, which differ per container.
            const string probe = """
                grep -E '^(Cap|NoNewPrivs|Seccomp:)' /proc/self/status
                id
                umask
                for f in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug; do printf '%s ' $f; wc -c < $f; done
                ls /proc/acpi /sys/firmware /proc/scsi 2>&1
                for d in /proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger; do touch $d/nsbox-probe 2>&1 | sed 's/^touch: //'; done
                awk '$5 == "/" || $5 == "/proc" || $5 == "/dev" || $5 == "/sys" || $5 == "/dev/pts" || $5 == "/dev/shm" || $5 == "/dev/mqueue" { print $5, $6, $9 }' /proc/self/mountinfo | sort
                echo $PATH; echo $HOME; pwd
                """;
            Dictionary<string, RunResult> results = UnderBoth([], "sh", "-c", probe);
            Assert.True(results["runc"].ExitCode == 0, "runc: " + results["runc"]);
            Assert.True(results["nsbox"].ExitCode == 0, "nsbox: " + results["nsbox"]);
            Assert.Equal(Lines(results["runc"].Stdout), Lines(results["nsbox"].Stdout));
        }

        /// <summary>
        /// podman's default seccomp profile (an allow-list, ENOSYS for the rest), and
        /// seccomp=unconfined, as the probe sees them from inside: swapon and mount refused,
        /// personality allowed for PER_LINUX and refused for another value, an unknown number
        /// ENOSYS; the same results and the same Seccomp: line as under runc.
        /// </summary>
        [SkippableTheory]
        [InlineData(false)]
        [InlineData(true)]
        public void TheSeccompProfileGivesWhatRuncGives(bool unconfined)
        {
            string[] options = unconfined ? ["--security-opt", "seccomp=unconfined"] : [];
            Skip.IfNot(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64, "the probe's syscall numbers are x86_64's");
            // swapon 167, mount 165, personality 135 (0: PER_LINUX; 0x0d: another), 999: no system call.
            const string probe = "grep Seccomp: /proc/self/status; for c in '167 0 0' '165 0 0 0 0 0' '135 0xffffffff' '135 0x0d' '999'; do /probe $c; done";
            Dictionary<string, RunResult> results = UnderBoth(["-v", Runtime.Seccomp.SyscallProbe.Path + ":/probe:ro", .. options], "sh", "-c", probe);
            Assert.True(results["runc"].ExitCode == 0, "runc: " + results["runc"]);
            Assert.True(results["nsbox"].ExitCode == 0, "nsbox: " + results["nsbox"]);
            Assert.Equal(results["runc"].Stdout, results["nsbox"].Stdout);
            Assert.Contains(unconfined ? "Seccomp:\t0" : "Seccomp:\t2", results["nsbox"].Stdout);
        }

        [SkippableFact]
        public void TheHostnameIsTheShortIdAsUnderRunc()
        {
            foreach (string runtime in s_runtimes)
            {
                RunResult created = Engine.With(runtime, ["run", "-d", .. PodmanEngine.ContainerDefaults, PodmanEngine.Image, "sh", "-c", "hostname; cat /etc/hostname"]);
                Assert.True(created.ExitCode == 0, runtime + ": " + created);
                string id = created.Stdout.Trim();
                Assert.Equal("0", Engine.With(runtime, "wait", id).Stdout.Trim());
                RunResult logs = Engine.With(runtime, "logs", id);
                Engine.With(runtime, "rm", id);
                // podman logs leaves out the last newline.
                Assert.Equal(id[..12] + "\n" + id[..12], logs.Stdout.TrimEnd('\n'));
            }
        }

        /// <summary>A detached container: listed, entered with exec (env, workdir), signalled, stopped after the grace time, removed.</summary>
        [SkippableFact]
        public void ADetachedContainerIsListedEnteredSignalledStoppedAndRemoved()
        {
            var seen = new Dictionary<string, List<string>>();
            foreach (string runtime in s_runtimes)
            {
                string name = "nsbox-lifecycle-" + runtime;
                var steps = new List<string>();
                seen[runtime] = steps;
                RunResult created = Engine.With(runtime, ["run", "-d", "--name", name, .. PodmanEngine.ContainerDefaults, PodmanEngine.Image,
                    "sh", "-c", "trap 'echo usr1 > /tmp/usr1' USR1; while :; do sleep 0.05; done"]);
                Assert.True(created.ExitCode == 0, runtime + ": " + created);
                try
                {
                    RunResult listed = Engine.With(runtime, "ps", "--filter", "name=" + name, "--format", "{{.Names}} {{.Status}}");
                    steps.Add("ps " + Regex.Replace(listed.Stdout.Trim().Replace(name, "NAME", StringComparison.Ordinal), @"Up .*", "Up"));
                    RunResult exec = Engine.With(runtime, "exec", "-e", "GREETING=hello", "-w", "/tmp", name, "sh", "-c", "echo $GREETING; pwd; exit 4");
                    steps.Add($"exec {exec.ExitCode} {exec.Stdout.Trim()}");
                    RunResult killed = Engine.With(runtime, "kill", "-s", "USR1", name);
                    steps.Add("kill " + killed.ExitCode);
                    // The trap writes its file: wait for it inside the container (no sleep for readiness here).
                    RunResult trapped = Engine.With(runtime, "exec", name, "sh", "-c", "while [ ! -e /tmp/usr1 ]; do sleep 0.05; done; cat /tmp/usr1");
                    steps.Add("trap " + trapped.Stdout.Trim());
                    // sh as PID 1 has no TERM handler: the kernel drops TERM, so stop kills after the 2 s grace.
                    RunResult stopped = Engine.With(runtime, "stop", "-t", "2", name);
                    steps.Add("stop " + stopped.ExitCode);
                    RunResult status = Engine.With(runtime, "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name);
                    steps.Add("inspect " + status.Stdout.Trim());
                }
                finally
                {
                    RunResult removed = Engine.With(runtime, "rm", "--force", name);
                    steps.Add("rm " + removed.ExitCode);
                }
            }

            Assert.Equal(seen["runc"], seen["nsbox"]);
            Assert.Equal("exec 4 hello\n/tmp".Replace("\n", " "), seen["runc"][1].Replace("\n", " "));
            Assert.Equal("inspect exited 137", seen["runc"][5]);
        }

        [SkippableFact]
        public void AKilledContainerEndsWith137()
        {
            foreach (string runtime in s_runtimes)
            {
                RunResult created = Engine.With(runtime, ["run", "-d", .. PodmanEngine.ContainerDefaults, PodmanEngine.Image, "sleep", "1000"]);
                Assert.True(created.ExitCode == 0, runtime + ": " + created);
                string id = created.Stdout.Trim();
                Assert.Equal(0, Engine.With(runtime, "kill", "-s", "KILL", id).ExitCode);
                RunResult waited = Engine.With(runtime, "wait", id);
                Engine.With(runtime, "rm", id);
                Assert.True(waited.Stdout.Trim() == "137", runtime + ": " + waited);
            }
        }

        [SkippableFact]
        public void ATerminalWithDashItIsTheContainersOwn()
        {
            Requirements.Program(OnATerminal.Script);
            var seen = new Dictionary<string, string>();
            foreach (string runtime in s_runtimes)
            {
                // The engine's configuration through env(1): script runs the command through a shell of its own.
                string command = "env " + string.Join(' ', Engine.Environment.Select(e => e.Key + "=" + e.Value)) + " " + string.Join(' ', Engine.CommandLine(runtime, ["run", "--rm", "-it", .. PodmanEngine.ContainerDefaults, PodmanEngine.Image,
                    "sh", "-c", "'tty; test -t 0 && echo stdin-is-a-tty; stty size; exit 5'"]));
                RunResult result = OnATerminal.Run(command, TimeSpan.FromSeconds(120));
                seen[runtime] = $"{result.ExitCode} {OnATerminal.Output(result.Stdout)}";
            }

            Assert.StartsWith("5 /dev/pts/0\nstdin-is-a-tty\n", seen["runc"], StringComparison.Ordinal);
            Assert.Equal(seen["runc"], seen["nsbox"]);
        }

        private static string[] Lines(string text) => text.Split('\n');
    }
}
