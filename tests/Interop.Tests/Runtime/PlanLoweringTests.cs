using System;
using System.Collections.Generic;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Spawning;
using Interop.Runtime.Text;
using Xunit;

namespace Interop.Tests.Runtime
{
    /// <summary>
    /// The plan without root and without a spawn: builder calls → ordered steps → lowered
    /// operations, against a fake host that records every question asked of it (as youki tests its
    /// rootfs logic with a recording syscall mock). Nothing here touches the real file system.
    /// </summary>
    public sealed unsafe class PlanLoweringTests
    {
        /// <summary>A host whose files are a fixed set of paths; it records every path asked about.</summary>
        private sealed class FakeHost(params string[] directories) : IHostFiles
        {
            private readonly HashSet<string> _directories = new(directories, StringComparer.Ordinal);

            public HashSet<string> Files { get; } = new(StringComparer.Ordinal);

            public Dictionary<string, string> Links { get; } = new(StringComparer.Ordinal);

            public List<string> Asked { get; } = [];

            public HostFileKind Kind(string path, out Errno errno)
            {
                Asked.Add(path);
                errno = Errno.ENOENT;
                if (_directories.Contains(path))
                {
                    errno = Errno.None;
                    return HostFileKind.Directory;
                }

                if (Files.Contains(path))
                {
                    errno = Errno.None;
                    return HostFileKind.Other;
                }

                return HostFileKind.Missing;
            }

            public string? SymbolicLinkTarget(string path) => Links.TryGetValue(path, out string? target) ? target : null;

            public FileDescriptor OpenNamespace(string path) => throw new ErrnoException("open", Errno.EACCES, path);

            public string WorkingDirectory() => "/work";
        }

        /// <summary>The lowered operations in words, as a failure would name them.</summary>
        private static List<string> Lower(SandboxBuilder builder, FakeHost host)
        {
            SandboxPlan plan = builder.Build();
            using var arena = new NativeArena();
            var lowering = new PlanLowering(arena, plan, host);
            ChildPlan* native = lowering.Lower("/bin/true", ["true"], -1);
            var words = new List<string>();
            for (int i = 0; i < native->OperationCount; i++)
            {
                words.Add(native->Operations[i].Step + ": " + PlanLowering.Describe(native, i, plan));
            }

            return words;
        }

        [Fact]
        public void JoiningACgroupWritesTasksInAV1DirectoryAndCgroupProcsInAV2OneFirstOfAll()
        {
            // A v1 directory has a tasks file, a v2 one none: "0" to tasks moves the one-thread child
            // without the threadgroup lock's grace period (docs/cgroups.md).
            var host = new FakeHost("/sys/fs/cgroup/pids/c", "/sys/fs/cgroup/unified/c", "/mnt");
            host.Files.Add("/sys/fs/cgroup/pids/c/tasks");
            SandboxBuilder builder = new SandboxBuilder("true").JoinCgroup("/sys/fs/cgroup/pids/c/").JoinCgroup("/sys/fs/cgroup/unified/c").Tmpfs("/mnt");

            List<string> words = Lower(builder, host);

            Assert.Equal(["JoinCgroup: write /sys/fs/cgroup/pids/c/tasks", "JoinCgroup: write /sys/fs/cgroup/unified/c/cgroup.procs"], words.Take(2));
            Assert.Contains("/sys/fs/cgroup/pids/c/tasks", host.Asked);
        }

        [Fact]
        public void BuilderKeepsCallOrderAcrossStepKinds()
        {
            SandboxBuilder builder = new SandboxBuilder("true").Tmpfs("/mnt").Bind("/src", "/mnt/x").Proc("/proc").ReadOnlyBind("/usr");

            Assert.Equal(["tmpfs on /mnt", "bind /src on /mnt/x", "proc on /proc", "ro-bind /usr on /usr"], builder.Steps.Select(s => s.Describe()));
            Assert.Equal(CloneFlags.NewMount, builder.Namespaces);
        }

        [Fact]
        public void MountsAreLoweredInTheCallersOrderBetweenTheKernelsPhases()
        {
            var host = new FakeHost("/", "/mnt", "/src", "/proc", "/usr");
            List<string> ops = Lower(new SandboxBuilder("true").Hostname("box").Tmpfs("/mnt").Bind("/src", "/mnt/x").Proc("/proc").ReadOnlyBind("/usr"), host);

            Assert.Equal(
            [
                "MakeRootPrivate: mount --make-rprivate /",
                "Mount: mount tmpfs on /mnt (tmpfs on /mnt)",
                "MakeDirectory: mkdir /mnt/x (bind /src on /mnt/x)",
                "Mount: bind /src on /mnt/x",
                "Mount: mount proc on /proc (proc on /proc)",
                "Mount: bind /usr on /usr (ro-bind /usr on /usr)",
                "MakeReadOnly: mount_setattr MOUNT_ATTR_RDONLY /usr (ro-bind /usr on /usr)",
                "SetHostname: sethostname box",
                "CloseInheritedFds: close_range",
            ], ops);
        }

        [Fact]
        public void AMountPointMissingOnTheHostIsRefusedAndNothingIsPlannedThere()
        {
            var host = new FakeHost("/", "/src");
            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => Lower(new SandboxBuilder("true").Bind("/src", "/some/new/dir"), host));

            Assert.Equal(Errno.ENOENT, e.Errno);
            Assert.Equal("bind /src on /some/new/dir: No such file or directory (ENOENT): /some/new/dir does not exist, and nsbox creates no mount point"
                + " on the host: mount a tmpfs on a parent first (--tmpfs), or use a new root (--root)", e.Message);
        }

        [Fact]
        public void InheritedIgnoredSignalsReachTheChildAsAMaskAndResetIsTheDefault()
        {
            var host = new FakeHost("/");
            using var arena = new NativeArena();
            ChildPlan* byDefault = new PlanLowering(arena, new SandboxBuilder("true").Build(), host).Lower("/bin/true", ["true"], -1);
            Assert.Equal(0UL, byDefault->KeepIgnored);

            SandboxPlan plan = new SandboxBuilder("true").InheritedIgnoredSignals(Native.SIGPIPE).Build();
            Assert.Equal([Native.SIGPIPE], plan.InheritedIgnored);
            ChildPlan* kept = new PlanLowering(arena, plan, host).Lower("/bin/true", ["true"], -1);
            Assert.Equal(1UL << (Native.SIGPIPE - 1), kept->KeepIgnored);

            Assert.Throws<SandboxUsageException>(() => new SandboxBuilder("true").InheritedIgnoredSignals(Native.SIGKILL));
            Assert.Throws<SandboxUsageException>(() => new SandboxBuilder("true").InheritedIgnoredSignals(0));
        }

        [Fact]
        public void MissingMountPointsInsideTheRootAreCreatedAndRemembered()
        {
            var host = new FakeHost("/", "/srv/root", "/srv/root/usr", "/src");
            SandboxPlan plan = new SandboxBuilder("true").Root("/srv/root").Bind("/src", "/opt/a").Build();
            using var arena = new NativeArena();
            var lowering = new PlanLowering(arena, plan, host);
            ChildPlan* native = lowering.Lower("/bin/true", ["true"], -1);

            Assert.Equal(["/srv/root/opt", "/srv/root/opt/a"], lowering.CreatedInRoot);
            Assert.Equal(ChildStep.PivotRoot, native->Operations[native->OperationCount - 2].Step);
        }

        [Theory]
        [InlineData("/run", "/srv/root/run/nsbox")]
        [InlineData("../../../../run", "/srv/root/run/nsbox")]
        [InlineData("../run", "/srv/root/run/nsbox")]
        public void LinksInsideTheRootAreFollowedAsTheCommandSeesThemNeverOntoTheHost(string link, string expected)
        {
            var host = new FakeHost("/", "/srv/root", "/srv/root/var", "/srv/root/run", "/run");
            host.Links["/srv/root/var/run"] = link;
            SandboxPlan plan = new SandboxBuilder("true").Root("/srv/root").Tmpfs("/var/run/nsbox").Build();
            using var arena = new NativeArena();
            var lowering = new PlanLowering(arena, plan, host);
            lowering.Lower("/bin/true", ["true"], -1);

            Assert.Equal([expected], lowering.CreatedInRoot);
            Assert.DoesNotContain(host.Asked, p => p.StartsWith("/run/", StringComparison.Ordinal));
        }

        [Fact]
        public void LinksThatPointAtEachOtherAreELOOP()
        {
            var host = new FakeHost("/", "/srv/root");
            host.Links["/srv/root/a"] = "b";
            host.Links["/srv/root/b"] = "a";

            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => Lower(new SandboxBuilder("true").Root("/srv/root").Tmpfs("/a/x"), host));
            Assert.Equal(Errno.ELOOP, e.Errno);
        }

        [Fact]
        public void DevCopiesTheHostNodesBeforeItsTmpfsHidesThem()
        {
            var host = new FakeHost("/", "/dev");
            List<string> ops = Lower(new SandboxBuilder("true").Dev("/dev"), host);

            int tmpfs = ops.IndexOf("Mount: mount tmpfs on /dev (dev on /dev)");
            int copy = ops.IndexOf("CloneMount: open_tree /dev/null (dev on /dev)");
            int attach = ops.IndexOf("AttachMount: move_mount /dev/null (dev on /dev)");
            Assert.True(copy >= 0 && tmpfs > copy && attach > tmpfs, string.Join("\n", ops));
        }

        [Fact]
        public void UserMapsComeBeforeMountsWhateverTheCallOrder()
        {
            var host = new FakeHost("/", "/tmp");
            List<string> ops = Lower(new SandboxBuilder("true").Tmpfs("/tmp").MapRootUser(), host);

            Assert.True(ops.FindIndex(o => o.StartsWith("WriteUidMap", StringComparison.Ordinal)) < ops.FindIndex(o => o.StartsWith("Mount", StringComparison.Ordinal)));
        }

        [Fact]
        public void RootAndRangeMapsCombineAndOverlapsAreRefused()
        {
            SandboxBuilder builder = new SandboxBuilder("true").MapRootUser().MapUsers(1, 100000, 10);
            var map = Assert.Single(builder.Steps.OfType<SandboxStep.MapIds>());
            Assert.Equal([new IdMapping(0, Native.getuid(), 1), new IdMapping(1, 100000, 10)], map.Users);

            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => new SandboxBuilder("true").MapRootUser().MapUsers(0, 100000, 10));
            Assert.Equal(Errno.EINVAL, e.Errno);
            Assert.Contains("overlaps", e.Message);
        }

        [Theory]
        [InlineData("relative/path", "tmpfs 'relative/path': Invalid argument (EINVAL): a mount target is an absolute path (as the command sees it)")]
        [InlineData("", "tmpfs '': Invalid argument (EINVAL): a mount target is an absolute path (as the command sees it)")]
        [InlineData("/a\0b", "tmpfs /a@b: Invalid argument (EINVAL): C strings cannot hold a NUL byte")]
        public void StepsAreCheckedWhenAdded(string target, string message)
        {
            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => new SandboxBuilder("true").Tmpfs(target));
            Assert.Equal(message, e.Message);
        }

        [Fact]
        public void TooLongPathsAreENAMETOOLONG()
        {
            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => new SandboxBuilder("true").Tmpfs("/" + new string('a', 5000)));
            Assert.Equal(Errno.ENAMETOOLONG, e.Errno);
            Assert.Contains("File name too long (ENAMETOOLONG)", e.Message);
        }

        [Fact]
        public void EnvironmentChangesApplyInCallOrder()
        {
            SandboxPlan plan = new SandboxBuilder("true").ClearEnvironment().SetEnvironment("A", "1").UnsetEnvironment("A").SetEnvironment("B", "2").UnsetEnvironment("C").SetEnvironment("C", "3").Build();

            Assert.Equal(["B=2", "C=3"], plan.Environment);
        }

        [Fact]
        public void BytesThatAreNotUtf8SurviveTheLowering()
        {
            byte[] raw = [(byte)'/', (byte)'x', 0x80, 0xFF, 0xC3];
            string path = FileSystemEncoding.Decode(raw);
            var host = new FakeHost("/", path);
            SandboxPlan plan = new SandboxBuilder("true").Tmpfs(path).Build();
            using var arena = new NativeArena();
            ChildPlan* native = new PlanLowering(arena, plan, host).Lower("/bin/true", ["true", path], -1);

            ChildOperation tmpfs = native->Operations[1];
            Assert.Equal(raw, System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated(tmpfs.Path).ToArray());
            Assert.Equal(raw, System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated(native->Argv[1]).ToArray());
        }

        [Theory]
        [InlineData(new byte[] { 0x61, 0x62 })]
        [InlineData(new byte[] { 0xC3, 0xA9, 0x80, 0xFF, 0xF0, 0x9F, 0x98, 0x80, 0xED, 0xB2, 0x80 })]
        [InlineData(new byte[] { 0xE2, 0x82 })]
        public void FileSystemEncodingRoundTripsEveryByte(byte[] bytes)
        {
            string text = FileSystemEncoding.Decode(bytes);
            byte[] back = new byte[FileSystemEncoding.GetByteCount(text)];
            FileSystemEncoding.Encode(text, back);
            Assert.Equal(bytes, back);
        }

        [Fact]
        public void EveryByteValueRoundTrips()
        {
            byte[] all = Enumerable.Range(1, 255).Select(b => (byte)b).ToArray();
            string text = FileSystemEncoding.Decode(all);
            byte[] back = new byte[FileSystemEncoding.GetByteCount(text)];
            FileSystemEncoding.Encode(text, back);
            Assert.Equal(all, back);
        }
    }
}
