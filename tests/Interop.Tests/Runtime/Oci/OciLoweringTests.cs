using System;
using System.Collections.Generic;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Interop.Runtime.Spawning;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>
    /// What a config's plan lowers to, against a fake host (no root, nothing touched): the new
    /// mount steps keep the lowering's rules: mount points are created only inside the root or
    /// below a tmpfs of the plan, masked and read-only paths create none, binds are remounted
    /// with their flags, the root's read-only remount comes after every mount, before pivot_root.
    /// </summary>
    public sealed unsafe class OciLoweringTests
    {
        private sealed class FakeHost(string[] directories, string[] files) : IHostFiles
        {
            private readonly HashSet<string> _directories = new(directories, StringComparer.Ordinal);
            private readonly HashSet<string> _files = new(files, StringComparer.Ordinal);

            public HostFileKind Kind(string path, out Errno errno)
            {
                errno = _directories.Contains(path) || _files.Contains(path) ? Errno.None : Errno.ENOENT;
                return _directories.Contains(path) ? HostFileKind.Directory : _files.Contains(path) ? HostFileKind.Other : HostFileKind.Missing;
            }

            public string? SymbolicLinkTarget(string path) => null;

            public FileDescriptor OpenNamespace(string path) => throw new ErrnoException("open", Errno.EACCES, path);

            public string WorkingDirectory() => "/work";
        }

        private static List<string> Lower(string json, FakeHost host, out List<string> createdInRoot)
        {
            SandboxPlan plan = OciBundle.FromJson("/b", json).ToPlan();
            using var arena = new NativeArena();
            var lowering = new PlanLowering(arena, plan, host);
            ChildPlan* native = lowering.Lower("/bin/sh", ["sh"], -1);
            var words = new List<string>();
            for (int i = 0; i < native->OperationCount; i++)
            {
                words.Add(native->Operations[i].Step + ": " + PlanLowering.Describe(native, i, plan));
            }

            createdInRoot = lowering.CreatedInRoot;
            return words;
        }

        [Fact]
        public void AConfigsMountsLowerInOrderBetweenMakingRootPrivateAndPivotRoot()
        {
            string json = """
                { "ociVersion": "1.0.2", "root": { "path": "rootfs", "readonly": true }, "process": { "args": ["sh"], "cwd": "/" },
                  "mounts": [
                    { "destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"] },
                    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "mode=755"] },
                    { "destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["newinstance", "gid=5"] },
                    { "destination": "/etc/hostname", "type": "bind", "source": "/h/hostname", "options": ["bind", "rprivate", "ro", "nosuid"] },
                    { "destination": "/data", "type": "bind", "source": "/h/data", "options": ["rbind", "rslave"] }
                  ],
                  "linux": { "namespaces": [ { "type": "mount" } ], "maskedPaths": ["/proc/kcore"], "readonlyPaths": ["/proc/sys"] } }
                """;
            var host = new FakeHost(["/", "/b/rootfs", "/b/rootfs/proc", "/b/rootfs/dev", "/b/rootfs/etc", "/h/data"], ["/h/hostname"]);

            List<string> ops = Lower(json, host, out List<string> created);

            Assert.Equal(
            [
                "MakeRootPrivate: mount --make-rprivate /",
                "Mount: bind /b/rootfs on /b/rootfs (root /b/rootfs)",
                "Mount: mount proc on /b/rootfs/proc (mount -t proc -o nosuid,nodev,noexec proc /proc)",
                "Mount: mount tmpfs on /b/rootfs/dev (mount -t tmpfs -o nosuid,mode=755 tmpfs /dev)",
                "MakeDirectory: mkdir /b/rootfs/dev/pts (mount -t devpts -o newinstance,gid=5 devpts /dev/pts)",
                "Mount: mount devpts on /b/rootfs/dev/pts (mount -t devpts -o newinstance,gid=5 devpts /dev/pts)",
                "CreateFile: create /b/rootfs/etc/hostname (mount -o bind,ro,nosuid /h/hostname /etc/hostname)",
                "Mount: bind /h/hostname on /b/rootfs/etc/hostname (mount -o bind,ro,nosuid /h/hostname /etc/hostname)",
                "Mount: mount -o remount /b/rootfs/etc/hostname (mount -o bind,ro,nosuid /h/hostname /etc/hostname)",
                "MakeDirectory: mkdir /b/rootfs/data (mount -o rbind,rslave /h/data /data)",
                "Mount: bind /h/data on /b/rootfs/data (mount -o rbind,rslave /h/data /data)",
                "Mount: mount --make-rslave /b/rootfs/data (mount -o rbind,rslave /h/data /data)",
                "MakeDevice: mknod /b/rootfs/dev/null (mknod /dev/null c 1:3 mode 666 owner 0:0)",
                "MakeDevice: mknod /b/rootfs/dev/zero (mknod /dev/zero c 1:5 mode 666 owner 0:0)",
                "MakeDevice: mknod /b/rootfs/dev/full (mknod /dev/full c 1:7 mode 666 owner 0:0)",
                "MakeDevice: mknod /b/rootfs/dev/tty (mknod /dev/tty c 5:0 mode 666 owner 0:0)",
                "MakeDevice: mknod /b/rootfs/dev/urandom (mknod /dev/urandom c 1:9 mode 666 owner 0:0)",
                "MakeDevice: mknod /b/rootfs/dev/random (mknod /dev/random c 1:8 mode 666 owner 0:0)",
                "Symlink: symlink /b/rootfs/dev/ptmx -> pts/ptmx (device links in /dev)",
                "Symlink: symlink /b/rootfs/dev/fd -> /proc/self/fd (device links in /dev)",
                "Symlink: symlink /b/rootfs/dev/stdin -> /proc/self/fd/0 (device links in /dev)",
                "Symlink: symlink /b/rootfs/dev/stdout -> /proc/self/fd/1 (device links in /dev)",
                "Symlink: symlink /b/rootfs/dev/stderr -> /proc/self/fd/2 (device links in /dev)",
                "MaskPath: mask /b/rootfs/proc/kcore (mask /proc/kcore)",
                "ReadOnlyPath: mount read-only /b/rootfs/proc/sys (read-only /proc/sys)",
                "Mount: mount -o remount /b/rootfs (mount -o remount,bind,ro /)",
                "PivotRoot: pivot_root /b/rootfs (root /b/rootfs)",
                "ChangeDirectory: chdir /",
                "CloseInheritedFds: close_range",
                "SetUmask: umask",
                "DropBoundingSet: prctl PR_CAPBSET_DROP",
                "KeepCapabilitiesAcrossSetuid: prctl PR_SET_KEEPCAPS",
                "SetGroups: setgroups",
                "SetGroupId: setresgid 0",
                "SetUserId: setresuid 0",
                "ChangeDirectory: chdir /",
                "KeepCapabilitiesAcrossSetuid: prctl PR_SET_KEEPCAPS",
                "SetCapabilities: capset",
            ], ops);

            // Below the tmpfs nothing is created on the host; in the root only what was missing; for masked paths nothing.
            Assert.Equal(["/b/rootfs/etc/hostname", "/b/rootfs/data"], created);
        }

        [Fact]
        public void AGenericMountWithoutARootCreatesNoMountPointOnTheHost()
        {
            SandboxPlan plan = new SandboxBuilder("true").Mount("tmpfs", "tmpfs", "/no/such/dir").Build();
            using var arena = new NativeArena();
            var lowering = new PlanLowering(arena, plan, new FakeHost(["/"], []));

            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => lowering.Lower("/bin/true", ["true"], -1));

            Assert.Equal(Errno.ENOENT, e.Errno);
            Assert.StartsWith("mount -t tmpfs tmpfs /no/such/dir: No such file or directory (ENOENT): /no/such/dir does not exist, and nsbox creates no mount point on the host", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void TheBuilderRefusesARemountOfAFileSystemWhichWouldChangeItOnTheHost()
        {
            SandboxUsageException e = Assert.Throws<SandboxUsageException>(() => new SandboxBuilder("true").Mount("ext4", "/dev/sda1", "/", MountFlags.Remount | MountFlags.ReadOnly));

            Assert.Equal("mount /: Operation not permitted (EPERM): only a bind mount is remounted (MountFlags.Remount | MountFlags.Bind): remounting the file system would change it on the host", e.Message);
        }
    }
}
