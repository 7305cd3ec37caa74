using System;
using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime
{
    /// <summary>What the command starts with besides namespaces: no_new_privs, session, directory, environment; and net isolation.</summary>
    [Collection(SpawningCollection.Name)]
    public sealed class ProcessSettingsTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("nsbox-settings-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string Output(SandboxBuilder builder, string name = "out")
        {
            using ChildProcess child = builder.Start();
            Assert.Equal(0, child.WaitForExit().ToShellStatus());
            return File.ReadAllText(Path.Combine(_dir, name)).Trim();
        }

        [Fact]
        public void NoNewPrivilegesSessionDirectoryAndEnvironmentAreAsAsked()
        {
            string text = Output(new SandboxBuilder("/bin/sh", "-c",
                    $"grep NoNewPrivs /proc/self/status | tr -d '\\t' > {_dir}/out; echo $(cut -d' ' -f6 /proc/self/stat) $$ >> {_dir}/out; pwd >> {_dir}/out; env | sort >> {_dir}/out")
                .NoNewPrivileges()
                .NewSession()
                .WorkingDirectory("/usr")
                .ClearEnvironment()
                .SetEnvironment("ONLY", "this"));

            string[] lines = text.Split('\n');
            Assert.Equal("NoNewPrivs:1", lines[0]);
            string[] session = lines[1].Split(' ');
            Assert.Equal(session[1], session[0]); // the command leads its own session
            Assert.Equal("/usr", lines[2]);
            Assert.Equal(["ONLY=this", "PWD=/usr"], lines[3..]); // sh adds PWD, nothing else came through
        }

        [Fact]
        public void UnsetEnvironmentRemovesJustThatVariable()
        {
            Environment.SetEnvironmentVariable("NSBOX_TEST_GONE", "x");
            Environment.SetEnvironmentVariable("NSBOX_TEST_KEPT", "y");
            string text = Output(new SandboxBuilder("/bin/sh", "-c", $"env > {_dir}/out").UnsetEnvironment("NSBOX_TEST_GONE"));
            Assert.Contains("NSBOX_TEST_KEPT=y", text.Split('\n'));
            Assert.DoesNotContain(text.Split('\n'), l => l.StartsWith("NSBOX_TEST_GONE=", StringComparison.Ordinal));
        }

        /// <summary>Two sandboxes with their own network namespaces each listen on the same port at the same time.</summary>
        [SkippableFact]
        public void TwoSandboxesCanBindTheSamePort()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            string script(string name) => $"busybox nc -l -p 7777 & sleep 0.5; busybox netstat -ltn | grep -c ':7777 ' > {_dir}/{name}; kill $!";
            using ChildProcess first = new SandboxBuilder("/bin/sh", "-c", script("a")).Isolate(CloneFlags.NewNet).Start();
            using ChildProcess second = new SandboxBuilder("/bin/sh", "-c", script("b")).Isolate(CloneFlags.NewNet).Start();

            first.WaitForExit();
            second.WaitForExit();

            Assert.Equal("1", File.ReadAllText(Path.Combine(_dir, "a")).Trim());
            Assert.Equal("1", File.ReadAllText(Path.Combine(_dir, "b")).Trim());
        }
    }
}
