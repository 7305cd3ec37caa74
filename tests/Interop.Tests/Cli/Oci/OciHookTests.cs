using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Interop.Runtime.Oci.Hooks;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>
    /// config.json's hooks: the runner on its own (argv, environment, stdin, timeout, failures:
    /// root-free), the converter's checks, and the verbs beside runc on the same busybox bundle: the
    /// order, each hook's stdin state, argv, environment, working directory and namespaces, and what a
    /// failing or slow hook does to the verb.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class OciHookTests
    {
        private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

        // What every recording hook writes, into /out inside the container, or the host directory
        // HOOK_OUT outside it: what it saw (argv, cwd, environment but what a shell sets itself (busybox sets a PATH), namespaces, whether it runs in the
        // container's root), its stdin, and its name appended to the order.
        private const string Recorder = """
            d=/out; [ -d /out/. ] || d="$HOOK_OUT"
            view=host; [ -d /out/. ] && view=container-root
            { echo "args=$*"; echo "cwd=$(pwd)"; echo "env=$(env | grep -v '^PWD=' | grep -v '^SHLVL=' | grep -v '^_=' | grep -v '^HOOK_OUT=' | grep -v '^PATH=' | sort | tr '\n' ' ')";
              echo "mnt=$(readlink /proc/self/ns/mnt)"; echo "pid=$(readlink /proc/self/ns/pid)"; echo "uts=$(readlink /proc/self/ns/uts)"; echo "view=$view"; } > "$d/$1.seen"
            cat > "$d/$1.stdin"
            echo "$1" >> "$d/order"
            """;

        private static readonly string[] s_phases = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"];

        private static void Require()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            Requirements.Program("/usr/sbin/runc");
        }

        private static OciState State(string status = OciState.Creating, int pid = 0) =>
            new() { Id = "h1", Status = status, Pid = pid, Bundle = "/srv/b", Annotations = new() { ["k"] = "v" } };

        [Fact]
        public void TheRunnerGivesArgvZeroTheEnvironmentAndTheStateOnStdin()
        {
            string dir = Directory.CreateTempSubdirectory("nsbox-hook-").FullName;
            try
            {
                string seen = Path.Combine(dir, "seen");
                var hook = new OciHook
                {
                    Path = "/bin/sh",
                    Args = ["my-argv0", "-c", "tr '\\0' ' ' < /proc/$$/cmdline > \"$1\"; echo >> \"$1\"; env | sort >> \"$1\"; pwd >> \"$1\"; cat >> \"$1\"", "x", seen],
                    Env = ["A=1", "B=two words"],
                };
                OciHookRunner.Run("createRuntime", [hook], State(pid: 42), workingDirectory: dir);

                string[] lines = File.ReadAllLines(seen);
                Assert.StartsWith("my-argv0 -c ", lines[0]);
                Assert.Equal(["A=1", "B=two words", "PWD=" + dir], lines.Skip(1).Take(3).Order(StringComparer.Ordinal));
                Assert.Equal(dir, lines[4]);
                Assert.Equal("""{"ociVersion":"1.2.0","id":"h1","status":"creating","pid":42,"bundle":"/srv/b","annotations":{"k":"v"}}""", lines[5]);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public void WithoutEnvAHookHasThisProcesssEnvironmentAndAStoppedStateHasNoPid()
        {
            string dir = Directory.CreateTempSubdirectory("nsbox-hook-").FullName;
            try
            {
                string seen = Path.Combine(dir, "seen");
                Environment.SetEnvironmentVariable("NSBOX_HOOK_TEST", "inherited");
                OciHookRunner.Run("poststop", [new OciHook { Path = "/bin/sh", Args = ["sh", "-c", "echo \"$NSBOX_HOOK_TEST\" > \"$0\"; cat >> \"$0\"", seen] }], State(OciState.Stopped));
                Assert.Equal(["inherited", """{"ociVersion":"1.2.0","id":"h1","status":"stopped","bundle":"/srv/b","annotations":{"k":"v"}}"""], File.ReadAllLines(seen));
            }
            finally
            {
                Environment.SetEnvironmentVariable("NSBOX_HOOK_TEST", null);
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public void AStateLargerThanAPipeReachesTheHookWhole()
        {
            string dir = Directory.CreateTempSubdirectory("nsbox-hook-").FullName;
            try
            {
                string seen = Path.Combine(dir, "seen");
                OciState state = new() { Id = "big", Bundle = "/b", Annotations = new() { ["big"] = new string('x', 300_000) } };
                OciHookRunner.Run("prestart", [new OciHook { Path = "/bin/sh", Args = ["sh", "-c", "wc -c > \"$0\"", seen] }], state);
                Assert.Equal(state.ToJson().Length, int.Parse(File.ReadAllText(seen).Trim(), System.Globalization.CultureInfo.InvariantCulture));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public void AFailingHookStopsTheListWithItsNameStatusAndOutput()
        {
            string dir = Directory.CreateTempSubdirectory("nsbox-hook-").FullName;
            try
            {
                string after = Path.Combine(dir, "after");
                OciHook[] hooks =
                [
                    new() { Path = "/bin/true" },
                    new() { Path = "/bin/sh", Args = ["sh", "-c", "echo said; echo complained >&2; exit 3"] },
                    new() { Path = "/bin/touch", Args = ["touch", after] },
                ];
                OciHookException e = Assert.Throws<OciHookException>(() => OciHookRunner.Run("createContainer", hooks, State()));
                Assert.Equal("hooks.createContainer[1] /bin/sh: Operation canceled (ECANCELED): the hook exited with 3, stdout: said, stderr: complained", e.Message);
                Assert.False(File.Exists(after));

                OciHookException missing = Assert.Throws<OciHookException>(() => OciHookRunner.Run("prestart", [new OciHook { Path = "/no/such/hook" }], State()));
                Assert.Equal(Errno.ENOENT, missing.Errno);
                Assert.StartsWith("hooks.prestart[0] /no/such/hook: No such file or directory (ENOENT)", missing.Message);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public void AHookPastItsTimeoutIsKilledAndNamed()
        {
            var clock = Stopwatch.StartNew();
            OciHookException e = Assert.Throws<OciHookException>(() =>
                OciHookRunner.Run("createRuntime", [new OciHook { Path = "/bin/sh", Args = ["sh", "-c", "echo started; exec sleep 60"], Timeout = 1 }], State()));
            clock.Stop();

            Assert.Equal(Errno.ETIMEDOUT, e.Errno);
            Assert.Equal("hooks.createRuntime[0] /bin/sh: Connection timed out (ETIMEDOUT): the hook ran past its timeout of 1s and was killed, stdout: started, stderr: ", e.Message);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
        }

        [Theory]
        [InlineData("""{ "createRuntime": [ { "path": "hook" } ] }""", "config.json: hooks.createRuntime[0].path 'hook': Invalid argument (EINVAL): a hook's path is absolute")]
        [InlineData("""{ "poststop": [ { "path": "/bin/true" }, { "args": ["x"] } ] }""", "config.json: hooks.poststop[1].path '': Invalid argument (EINVAL): a hook's path is absolute")]
        [InlineData("""{ "prestart": [ { "path": "/bin/true", "timeout": 0 } ] }""", "config.json: hooks.prestart[0].timeout: Invalid argument (EINVAL): a hook's timeout is greater than zero")]
        public void TheConverterChecksEachHook(string hooks, string message)
        {
            string json = """{ "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" }, "linux": { "namespaces": [ { "type": "mount" } ] }, "hooks": """ + hooks + "}";
            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => OciBundle.FromJson("/srv/bundle", json).ToPlan());
            Assert.Equal(message, e.Message);
        }

        [Fact]
        public void EveryHookIsAcceptedByTheConverter()
        {
            string all = string.Join(", ", s_phases.Select(p => "\"" + p + "\": [ { \"path\": \"/bin/true\", \"timeout\": 5 } ]"));
            string json = """{ "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" }, "linux": { "namespaces": [ { "type": "mount" } ] }, "hooks": { """ + all + "} }";
            OciBundle bundle = OciBundle.FromJson("/srv/bundle", json);
            Assert.Equal(["root /srv/bundle/rootfs", .. Interop.Tests.Runtime.Oci.OciSamples.DefaultDevices], bundle.ToPlan().Steps.Select(s => s.Describe()));
            Assert.Equal(5, bundle.Config.Hooks!.StartContainer![0].Timeout);
        }

        /// <summary>What one runtime's hooks recorded over create, start, the command's end and delete.</summary>
        private sealed record Recorded(string[] AfterCreate, string[] Order, Dictionary<string, Dictionary<string, string>> Seen, Dictionary<string, JsonElement> Stdin,
            int ContainerPid, string ContainerMnt, string ContainerPidNs);

        private static Recorded RecordLifecycle(bool useRunc)
        {
            using var bundle = new BusyboxBundle("echo ran > /out/ran; read x < /out/go");
            string go = bundle.MakeFifo("go");
            string root = Path.Combine(bundle.Directory, "rootfs");
            foreach (string applet in new[] { "readlink", "env", "grep", "sort", "tr", "pwd" })
            {
                File.CreateSymbolicLink(Path.Combine(root, "bin", applet), "busybox");
            }

            // /bin/sh is the host's dash outside, busybox inside: the same path runs in either view.
            JsonObject hooks = new();
            foreach (string phase in s_phases)
            {
                hooks[phase] = new JsonArray(new JsonObject
                {
                    ["path"] = "/bin/sh",
                    ["args"] = new JsonArray("sh", "-c", Recorder, "hook", phase),
                    ["env"] = new JsonArray("HOOK_PHASE=" + phase, "HOOK_OUT=" + bundle.Out),
                });
            }

            string configFile = Path.Combine(bundle.Directory, "config.json");
            JsonNode config = JsonNode.Parse(File.ReadAllText(configFile))!;
            config["hooks"] = hooks;
            File.WriteAllText(configFile, config.ToJsonString());

            using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
            string order = Path.Combine(bundle.Out, "order");
            RunResult create = runtime.Detached(bundle.Directory, "create", "hk1");
            Assert.True(create.ExitCode == 0, create.ToString());
            string[] afterCreate = File.ReadAllLines(order);
            int pid = ContainerProbe.State(runtime.Verb("state", "hk1").Stdout).GetProperty("pid").GetInt32();
            string mnt = new FileInfo($"/proc/{pid}/ns/mnt").LinkTarget!;
            string pidNs = new FileInfo($"/proc/{pid}/ns/pid").LinkTarget!;

            RunResult start = runtime.Detached(bundle.Directory, "start", "hk1");
            Assert.True(start.ExitCode == 0, start.ToString());
            ContainerProbe.Write(go, "go", s_limit);
            Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
            RunResult delete = runtime.Detached(bundle.Directory, "delete", "hk1");
            Assert.True(delete.ExitCode == 0, delete.ToString());
            Assert.Empty(Directory.GetDirectories(runtime.Root));

            var seen = new Dictionary<string, Dictionary<string, string>>();
            var stdin = new Dictionary<string, JsonElement>();
            foreach (string phase in s_phases)
            {
                seen[phase] = File.ReadAllLines(Path.Combine(bundle.Out, phase + ".seen")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim());
                stdin[phase] = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle.Out, phase + ".stdin"))).RootElement.Clone();
            }

            // The bundle's path in the records is the runtime's own temporary one: made comparable.
            foreach (Dictionary<string, string> s in seen.Values)
            {
                s["cwd"] = s["cwd"].Replace(bundle.Directory, "BUNDLE", StringComparison.Ordinal);
            }

            Assert.Equal(bundle.Directory, stdin["prestart"].GetProperty("bundle").GetString());
            return new Recorded(afterCreate, File.ReadAllLines(order), seen, stdin, pid, mnt, pidNs);
        }

        [SkippableFact]
        public void HooksRunWhereAndWhenRuncRunsThemWithTheSameState()
        {
            Require();
            Recorded runc = RecordLifecycle(useRunc: true);
            Recorded nsbox = RecordLifecycle(useRunc: false);
            string host = new FileInfo("/proc/self/ns/mnt").LinkTarget!;
            string hostPid = new FileInfo("/proc/self/ns/pid").LinkTarget!;

            // The order, but poststart: runc 1.1.5 runs it at the end of create (status created), the
            // spec and nsbox after start (status running).
            Assert.Equal(["prestart", "createRuntime", "createContainer", "poststart"], runc.AfterCreate);
            Assert.Equal(["prestart", "createRuntime", "createContainer"], nsbox.AfterCreate);
            Assert.Equal(["prestart", "createRuntime", "createContainer", "poststart", "startContainer", "poststop"], runc.Order);
            Assert.Equal(["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"], nsbox.Order);

            foreach (Recorded r in new[] { runc, nsbox })
            {
                // Each hook's state: the spec's fields, the pid as the hook's PID namespace sees the container's process.
                var expected = new Dictionary<string, (string Status, int? Pid)>
                {
                    ["prestart"] = ("creating", r.ContainerPid), ["createRuntime"] = ("creating", r.ContainerPid), ["createContainer"] = ("creating", 1),
                    ["startContainer"] = ("created", 1), ["poststart"] = (r == runc ? "created" : "running", r.ContainerPid), ["poststop"] = ("stopped", null),
                };
                foreach (string phase in s_phases)
                {
                    JsonElement state = r.Stdin[phase];
                    Assert.Equal(expected[phase].Pid is null ? ["ociVersion", "id", "status", "bundle", "annotations"] : ["ociVersion", "id", "status", "pid", "bundle", "annotations"],
                        state.EnumerateObject().Select(p => p.Name));
                    Assert.Equal(expected[phase].Status, state.GetProperty("status").GetString());
                    Assert.Equal("hk1", state.GetProperty("id").GetString());
                    Assert.Equal("lifecycle", state.GetProperty("annotations").GetProperty("org.example.test").GetString());
                    if (expected[phase].Pid is { } pid)
                    {
                        Assert.Equal(pid, state.GetProperty("pid").GetInt32());
                    }

                    Assert.Equal(phase, r.Seen[phase]["args"]);
                    Assert.Equal("HOOK_PHASE=" + phase, r.Seen[phase]["env"]);
                }

                // Outside the container: the host's namespaces, in the bundle (create's hooks) or where the verb ran.
                foreach (string phase in new[] { "prestart", "createRuntime", "poststart", "poststop" })
                {
                    Assert.Equal(host, r.Seen[phase]["mnt"]);
                    Assert.Equal(hostPid, r.Seen[phase]["pid"]);
                    Assert.Equal("host", r.Seen[phase]["view"]);
                    Assert.Equal("BUNDLE", r.Seen[phase]["cwd"]);
                }

                // Inside: the container's mount and PID namespaces.
                foreach (string phase in new[] { "createContainer", "startContainer" })
                {
                    Assert.Equal(r.ContainerMnt, r.Seen[phase]["mnt"]);
                    Assert.Equal(r.ContainerPidNs, r.Seen[phase]["pid"]);
                }

                Assert.Equal("container-root", r.Seen["startContainer"]["view"]);
                Assert.Equal("/", r.Seen["startContainer"]["cwd"]);
            }

            // The one place nsbox differs (docs/oci.md): runc runs createContainer before pivot_root,
            // in the host's view of the new mount namespace, from the root file system's directory;
            // nsbox enters the namespaces of the waiting process, after pivot_root.
            Assert.Equal(("host", "BUNDLE/rootfs"), (runc.Seen["createContainer"]["view"], runc.Seen["createContainer"]["cwd"]));
            Assert.Equal(("container-root", "/"), (nsbox.Seen["createContainer"]["view"], nsbox.Seen["createContainer"]["cwd"]));
        }

        /// <summary>
        /// With no hook before the command (only poststart and poststop), run starts the process
        /// at once, without the start waiter: the command runs, then poststart, then poststop.
        /// </summary>
        [SkippableFact]
        public void RunWithOnlyLaterHooksStartsAtOnceAndRunsThemInOrder()
        {
            Require();
            using BusyboxBundle bundle = BundleWithHooks("echo ran >> /out/order", """
                { "poststart": [ { "path": "/bin/sh", "args": ["sh", "-c", "echo poststart >> OUT/order"] } ],
                  "poststop": [ { "path": "/bin/sh", "args": ["sh", "-c", "echo poststop >> OUT/order"] } ] }
                """);
            using OciRuntime nsbox = OciRuntime.Nsbox();
            RunResult run = nsbox.Verb("run", "--bundle", bundle.Directory, "hl1");
            Assert.True(run.ExitCode == 0, run.ToString());
            string[] order = File.ReadAllLines(Path.Combine(bundle.Out, "order"));
            Assert.Equal("poststop", order[^1]);
            Assert.Equal(["poststart", "poststop", "ran"], order.Order(StringComparer.Ordinal).ToArray());
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
        }

        private static BusyboxBundle BundleWithHooks(string script, string hooksJson)
        {
            var bundle = new BusyboxBundle(script);
            string configFile = Path.Combine(bundle.Directory, "config.json");
            JsonNode config = JsonNode.Parse(File.ReadAllText(configFile))!;
            config["hooks"] = JsonNode.Parse(hooksJson.Replace("OUT", bundle.Out, StringComparison.Ordinal));
            File.WriteAllText(configFile, config.ToJsonString());
            return bundle;
        }

        [SkippableTheory]
        [InlineData("createRuntime", """[ { "path": "/bin/sh", "args": ["sh", "-c", "echo no >&2; exit 2"] } ]""", "Operation canceled (ECANCELED): the hook exited with 2, stdout: , stderr: no")]
        [InlineData("prestart", """[ { "path": "/bin/sh", "args": ["sh", "-c", "exec sleep 60"], "timeout": 1 } ]""", "Connection timed out (ETIMEDOUT): the hook ran past its timeout of 1s and was killed, stdout: , stderr: ")]
        [InlineData("createContainer", """[ { "path": "/bin/sh", "args": ["sh", "-c", "exit 1"] } ]""", "Operation canceled (ECANCELED): the hook exited with 1, stdout: , stderr: ")]
        public void AFailingCreateHookFailsCreateAsRuncsAndLeavesNothing(string phase, string hook, string why)
        {
            Require();
            foreach (bool useRunc in new[] { true, false })
            {
                using BusyboxBundle bundle = BundleWithHooks("true", "{ \"" + phase + "\": " + hook + """, "poststop": [ { "path": "/bin/sh", "args": ["sh", "-c", "cat > OUT/poststop"] } ] }""");
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                string pidFile = Path.Combine(bundle.Out, "pid");
                var clock = Stopwatch.StartNew();
                RunResult create = runtime.Detached(bundle.Directory, "create", "--pid-file", pidFile, "hf1");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "create took " + clock.Elapsed);

                Assert.Equal(1, create.ExitCode);
                Assert.Empty(Directory.GetDirectories(runtime.Root));
                // As runc destroys a container that failed: poststop runs, with the stopped state.
                Assert.Equal("stopped", JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle.Out, "poststop"))).RootElement.GetProperty("status").GetString());
                if (!useRunc)
                {
                    Assert.Equal("nsbox: hooks." + phase + "[0] /bin/sh: " + why + "\n", create.Stderr);
                    Assert.False(File.Exists(pidFile) && !ContainerProbe.HasEnded(int.Parse(File.ReadAllText(pidFile), System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }

        [SkippableFact]
        public void AFailingStartContainerHookFailsStartAndDestroysTheContainer()
        {
            Require();
            using BusyboxBundle bundle = BundleWithHooks("echo ran > /out/ran", """
                { "startContainer": [ { "path": "/bin/sh", "args": ["sh", "-c", "echo refused >&2; exit 4"] } ],
                  "poststop": [ { "path": "/bin/sh", "args": ["sh", "-c", "cat > OUT/poststop"] } ] }
                """);
            using OciRuntime nsbox = OciRuntime.Nsbox();
            Assert.Equal(0, nsbox.Detached(bundle.Directory, "create", "hs1").ExitCode);
            int pid = ContainerProbe.State(nsbox.Verb("state", "hs1").Stdout).GetProperty("pid").GetInt32();

            RunResult start = nsbox.Verb("start", "hs1");
            Assert.Equal(1, start.ExitCode);
            Assert.Equal("nsbox: hooks.startContainer[0] /bin/sh: Operation canceled (ECANCELED): the hook exited with 4, stdout: , stderr: refused\n", start.Stderr);
            Assert.True(ContainerProbe.WaitForExit(pid, s_limit));
            Assert.False(File.Exists(Path.Combine(bundle.Out, "ran")));
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
            Assert.Equal("stopped", JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle.Out, "poststop"))).RootElement.GetProperty("status").GetString());
        }

        [SkippableFact]
        public void PoststartAndPoststopFailuresAreWarningsAsRuncsPoststop()
        {
            Require();
            using BusyboxBundle bundle = BundleWithHooks("echo ran > /out/ran; read x < /out/go", """
                { "poststart": [ { "path": "/bin/false" } ], "poststop": [ { "path": "/bin/sh", "args": ["sh", "-c", "exit 5"] } ] }
                """);
            string go = bundle.MakeFifo("go");
            using OciRuntime nsbox = OciRuntime.Nsbox();
            Assert.Equal(0, nsbox.Detached(bundle.Directory, "create", "hw1").ExitCode);
            int pid = ContainerProbe.State(nsbox.Verb("state", "hw1").Stdout).GetProperty("pid").GetInt32();

            RunResult start = nsbox.Detached(bundle.Directory, "start", "hw1");
            Assert.Equal(0, start.ExitCode);
            Assert.Equal("nsbox: warning: hooks.poststart[0] /bin/false: Operation canceled (ECANCELED): the hook exited with 1, stdout: , stderr: \n", start.Stderr);
            Assert.Equal("running", ContainerProbe.State(nsbox.Verb("state", "hw1").Stdout).GetProperty("status").GetString());
            ContainerProbe.Write(go, "go", s_limit);
            Assert.True(ContainerProbe.WaitForExit(pid, s_limit));

            RunResult delete = nsbox.Verb("delete", "hw1");
            Assert.Equal(0, delete.ExitCode);
            Assert.Equal("nsbox: warning: hooks.poststop[0] /bin/sh: Operation canceled (ECANCELED): the hook exited with 5, stdout: , stderr: \n", delete.Stderr);
            Assert.Empty(Directory.GetDirectories(nsbox.Root));

            // Beside runc: run's delete with a failing poststop logs it and succeeds, leaving nothing.
            foreach (bool useRunc in new[] { true, false })
            {
                using BusyboxBundle again = BundleWithHooks("true", """{ "poststop": [ { "path": "/bin/false" } ] }""");
                using OciRuntime runtime = useRunc ? OciRuntime.Runc() : OciRuntime.Nsbox();
                RunResult run = runtime.Verb("run", "--bundle", again.Directory, "hw2");
                Assert.True(run.ExitCode == 0, run.ToString());
                Assert.Contains(useRunc ? "error running hook #0" : "nsbox: warning: hooks.poststop[0] /bin/false", run.Stderr);
                Assert.Empty(Directory.GetDirectories(runtime.Root));
            }
        }

        [SkippableFact]
        public void RunWithHooksRunsThemAllAndLeavesNothing()
        {
            Require();
            using BusyboxBundle bundle = BundleWithHooks("echo ran > /out/ran", """
                { "createRuntime": [ { "path": "/bin/sh", "args": ["sh", "-c", "echo createRuntime >> OUT/order"] } ],
                  "startContainer": [ { "path": "/bin/sh", "args": ["sh", "-c", "echo startContainer >> /out/order"] } ],
                  "poststart": [ { "path": "/bin/sh", "args": ["sh", "-c", "echo poststart >> OUT/order"] } ],
                  "poststop": [ { "path": "/bin/sh", "args": ["sh", "-c", "echo poststop >> OUT/order"] } ] }
                """);
            using OciRuntime nsbox = OciRuntime.Nsbox();
            RunResult run = nsbox.Verb("run", "--bundle", bundle.Directory, "hr1");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("ran\n", File.ReadAllText(Path.Combine(bundle.Out, "ran")));
            string[] order = File.ReadAllLines(Path.Combine(bundle.Out, "order"));
            Assert.Equal(["createRuntime", "startContainer", "poststart", "poststop"], order);
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
        }
    }
}
