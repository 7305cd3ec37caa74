using System;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Interop.Runtime.Spawning;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>
    /// process.json (exec --process) through the converter of config.json's process, root-free:
    /// the same fields carried out, the same refusals told about the file, and a terminal lowered
    /// to the child step that opens the pty inside and sends its master over the console socket.
    /// </summary>
    public sealed unsafe class OciProcessFileTests
    {
        [Fact]
        public void AProcessObjectBecomesTheSameSettingsAsConfigJsonsProcess()
        {
            OciProcess process = OciProcessFile.Parse("""
                { "terminal": true, "consoleSize": { "height": 24, "width": 80 }, "args": ["sh", "-c", "true"], "cwd": "/work",
                  "env": ["PATH=/bin", "A=1"], "noNewPrivileges": true,
                  "capabilities": { "bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"] }, "unknownField": 1 }
                """);
            SandboxPlan plan = OciProcessFile.ToBuilder(process).Build();

            Assert.Equal("sh", plan.FileName);
            Assert.Equal(["-c", "true"], plan.Arguments);
            Assert.Equal(["PATH=/bin", "A=1"], plan.Environment!);
            Assert.Equal("/work", plan.WorkingDirectory);
            Assert.True(plan.NoNewPrivileges);
            ulong kill = 1UL << Capabilities.Parse("CAP_KILL");
            Assert.Equal(new CapabilitySets(kill, kill, kill, 0, 0), plan.Capabilities);
            Assert.True(plan.Terminal);
            Assert.Equal(((ushort)24, (ushort)80), plan.TerminalSize);
            Assert.Empty(plan.Steps);
        }

        [Theory]
        [InlineData("""{ "args": ["true"], "cwd": "/", "apparmorProfile": "p" }""", "p.json: process.apparmorProfile p: Operation not supported (EOPNOTSUPP): AppArmor is not implemented yet")]
        [InlineData("""{ "args": ["true"], "cwd": "/", "rlimits": [ { "type": "RLIMIT_BOGUS", "soft": 1, "hard": 1 } ] }""", "p.json: process.rlimits[0].type 'RLIMIT_BOGUS': Invalid argument (EINVAL): one of the spec's RLIMIT_CPU, RLIMIT_FSIZE, ... RLIMIT_RTTIME")]
        [InlineData("""{ "args": ["true"], "cwd": "tmp" }""", "p.json: process.cwd 'tmp': Invalid argument (EINVAL): the working directory is an absolute path inside the container")]
        [InlineData("""{ "args": [], "cwd": "/" }""", "p.json: process.args: Invalid argument (EINVAL): at least the program to run")]
        [InlineData("""{ "args": ["true"], "cwd": "/", "terminal": true, "consoleSize": { "height": -1 } }""", "p.json: process.consoleSize.height -1: Invalid argument (EINVAL): a number of character cells, 0 to 65535")]
        public void WhatConfigJsonRefusesIsRefusedNamingTheFile(string json, string message)
        {
            OciProcess process = OciProcessFile.Parse(json, "p.json");
            Assert.Equal(message, Assert.Throws<SandboxUsageException>(() => OciProcessFile.ToBuilder(process, "p.json")).Message);
        }

        [Fact]
        public void NotAProcessObjectIsOneLineNamingTheFile()
        {
            string message = Assert.Throws<SandboxUsageException>(() => OciProcessFile.Parse("[1]", "p.json")).Message;
            Assert.StartsWith("p.json: Invalid argument (EINVAL): ", message);
            Assert.DoesNotContain("\n", message);
        }

        [Fact]
        public void ATerminalLowersToOneChildStepAfterTheRootWithConsoleAndCgroupsFirst()
        {
            SandboxPlan plan = new SandboxBuilder("sh").Root("/").Terminal(24, 80).ConsoleSocket(9).JoinCgroup("/sys/fs/cgroup/unified/c1").NewSession().Build();
            using var arena = new NativeArena();
            var lowering = new PlanLowering(arena, plan);
            ChildPlan* native = lowering.Lower("/bin/sh", ["sh"], -1);
            var steps = Enumerable.Range(0, native->OperationCount).Select(i => native->Operations[i].Step).ToList();

            Assert.Equal(ChildStep.JoinCgroup, steps[0]);
            Assert.Equal("write /sys/fs/cgroup/unified/c1/cgroup.procs", PlanLowering.Describe(native, 0, plan));
            int attach = steps.IndexOf(ChildStep.AttachTerminal);
            Assert.True(attach > steps.IndexOf(ChildStep.PivotRoot), string.Join(", ", steps));
            Assert.True(attach > steps.IndexOf(ChildStep.NewSession), string.Join(", ", steps));
            ChildOperation* op = &native->Operations[attach];
            Assert.Equal(9, op->Fd);
            Assert.Equal(1, op->Argument);
            Assert.Equal("/dev/console", System.Text.Encoding.UTF8.GetString(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated(op->Source)));
            ChildTerminal* terminal = (ChildTerminal*)op->Data;
            Assert.Equal(24, terminal->Size.ws_row);
            Assert.Equal(80, terminal->Size.ws_col);
            Assert.Equal(20UL, ((CmsgHdr*)terminal->Master.Control)->cmsg_len);
            Assert.Equal(Native.SCM_RIGHTS, ((CmsgHdr*)terminal->Master.Control)->cmsg_type);
            Assert.Equal("/dev/ptmx", System.Text.Encoding.UTF8.GetString((byte*)terminal->Master.Name.iov_base, (int)terminal->Master.Name.iov_len));
        }

        [Fact]
        public void ATerminalWithoutAConsoleSocketIsRefusedBeforeAnythingRuns()
        {
            SandboxPlan plan = new SandboxBuilder("sh").Terminal().Build();
            using var arena = new NativeArena();
            var lowering = new PlanLowering(arena, plan);
            Assert.StartsWith("terminal: Bad file descriptor (EBADF)", Assert.Throws<SandboxUsageException>(() => lowering.Lower("/bin/sh", ["sh"], -1)).Message);
        }
    }
}
