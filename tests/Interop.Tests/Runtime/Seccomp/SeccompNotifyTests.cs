using System;
using System.IO;
using System.Net.Sockets;
using System.Text.Json;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci.Hooks;
using Interop.Runtime.Seccomp;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Seccomp
{
    /// <summary>
    /// SCMP_ACT_NOTIFY: the filter's listener reaches the parent (never the command), a notified
    /// call waits for the supervisor, and the spec's hand-over sends the listener with the container
    /// process state to listenerPath.
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed class SeccompNotifyTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("nsbox-notify-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private SeccompProfile Notifying() => new()
        {
            DefaultAction = SeccompAction.Allow,
            Rules = [new SeccompRule(["sched_yield"], new SeccompAction(SeccompActionKind.Notify))],
            ListenerPath = Path.Combine(_dir, "agent.sock"),
            ListenerMetadata = "probe=1",
        };

        [SkippableFact]
        public unsafe void ANotifiedCallWaitsForTheListenerAndFailsWhenItCloses()
        {
            Skip.IfNot(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64, "the probe's syscall number is x86_64's");
            string output = Path.Combine(_dir, "out");
            using ChildProcess child = new SandboxBuilder("/bin/sh", "-c", $"ls /proc/self/fd > {output}.fds; {SyscallProbe.Path} 24 > {output}")
                .Seccomp(Notifying())
                .NoNewPrivileges()
                .Start();

            FileDescriptor listener = Assert.IsType<FileDescriptor>(child.SeccompListener);
            // A notification pending makes the listener readable: the probe is in sched_yield, held.
            PollFd poll = default;
            poll.fd = (int)listener.DangerousGetHandle();
            poll.events = Native.POLLIN;
            Assert.Equal(1, Native.poll(&poll, 1, 30_000));
            Assert.Null(child.ExitStatus);

            // With no supervisor left, the kernel fails the held call (ENOSYS).
            listener.Dispose();
            Assert.Equal(0, child.WaitForExit().ToShellStatus());
            Assert.Equal($"errno {(int)Errno.ENOSYS}", File.ReadAllText(output).Trim());
            // The command held 0, 1, 2 and the directory ls read: not the listener.
            Assert.Equal(["0", "1", "2", "3"], File.ReadAllLines(output + ".fds"));
        }

        [Fact]
        public void ANotifyingProfileWithTsyncLoads()
        {
            // The kernel refuses TSYNC together with NEW_LISTENER (EINVAL); runc's profiles may ask for both.
            SeccompProgram program = SeccompProgram.Compile(Notifying() with { Flags = SeccompFilterFlags.ThreadSync });
            Assert.Equal(0u, program.Flags & Native.SECCOMP_FILTER_FLAG_TSYNC);
            Assert.Equal(SeccompFilterFlags.None, program.SkippedFlags);

            using ChildProcess child = new SandboxBuilder("/bin/true").Seccomp(program).NoNewPrivileges().Start();
            Assert.NotNull(child.SeccompListener);
            child.SeccompListener!.Dispose();
            Assert.Equal(0, child.WaitForExit().ToShellStatus());
        }

        [Fact]
        public void TheFeaturesListTheFlagsThisKernelHas()
        {
            // Linux 4.17 has TSYNC, LOG and SPEC_ALLOW; every machine nsbox supports is newer.
            string[] supported = SeccompProfile.FlagNamesOf(SeccompProgram.SupportedFlags);
            Assert.Contains("SECCOMP_FILTER_FLAG_TSYNC", supported);
            Assert.Contains("SECCOMP_FILTER_FLAG_LOG", supported);
            Assert.Contains("SECCOMP_FILTER_FLAG_SPEC_ALLOW", supported);
            Assert.Equal(4, SeccompProfile.FlagNames.Split(", ").Length);
        }

        [Fact]
        public unsafe void TheListenerGoesToListenerPathWithTheContainerProcessState()
        {
            SeccompProfile profile = Notifying();
            using var agent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            agent.Bind(new UnixDomainSocketEndPoint(profile.ListenerPath!));
            agent.Listen(1);

            int* pipe = stackalloc int[2];
            Assert.Equal(0, Native.pipe2(pipe, Native.O_CLOEXEC));
            using var sent = new FileDescriptor(pipe[0]);
            using var writeEnd = new FileDescriptor(pipe[1]);
            SeccompListener.Send(profile, sent, new OciState { Id = "c1", Status = OciState.Creating, Pid = 42, Bundle = "/srv/b" });

            using Socket accepted = agent.Accept();
            using var socket = new FileDescriptor((int)accepted.Handle, ownsHandle: false);
            byte[] data = new byte[4096];
            using FileDescriptor received = UnixSocket.ReceiveDescriptor(socket, data, out int length);
            using JsonDocument state = JsonDocument.Parse(data.AsMemory(0, length));
            Assert.Equal("seccompFd", state.RootElement.GetProperty("fds")[0].GetString());
            Assert.Equal(42, state.RootElement.GetProperty("pid").GetInt32());
            Assert.Equal("probe=1", state.RootElement.GetProperty("metadata").GetString());
            Assert.Equal("c1", state.RootElement.GetProperty("state").GetProperty("id").GetString());
            Assert.Equal("creating", state.RootElement.GetProperty("state").GetProperty("status").GetString());
            // The descriptor that came is the one sent: the same pipe.
            Assert.Equal(File.ReadAllText($"/proc/self/fdinfo/{pipe[0]}").Split('\n')[3], File.ReadAllText($"/proc/self/fdinfo/{(int)received.DangerousGetHandle()}").Split('\n')[3]);
        }
    }
}
