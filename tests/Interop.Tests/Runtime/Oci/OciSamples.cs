namespace Interop.Tests.Runtime.Oci
{
    /// <summary>
    /// config.json texts in the shapes real callers write: runc's `runc spec` (libcontainer's
    /// example spec, cgroup v1 host: no cgroup namespace) and what podman 4 writes for
    /// `podman run --rm busybox sh -c ...` on a Debian 12 host, shortened to one capability list
    /// and a few masked paths.
    /// </summary>
    internal static class OciSamples
    {
        public const string RuncSpec = """
            {
                "ociVersion": "1.0.2-dev",
                "process": {
                    "terminal": true,
                    "user": { "uid": 0, "gid": 0 },
                    "args": [ "sh" ],
                    "env": [ "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm" ],
                    "cwd": "/",
                    "capabilities": {
                        "bounding": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
                        "effective": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
                        "permitted": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ]
                    },
                    "rlimits": [ { "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 } ],
                    "noNewPrivileges": true
                },
                "root": { "path": "rootfs", "readonly": true },
                "hostname": "runc",
                "mounts": [
                    { "destination": "/proc", "type": "proc", "source": "proc" },
                    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "strictatime", "mode=755", "size=65536k" ] },
                    { "destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": [ "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5" ] },
                    { "destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": [ "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" ] },
                    { "destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": [ "nosuid", "noexec", "nodev" ] },
                    { "destination": "/sys", "type": "sysfs", "source": "sysfs", "options": [ "nosuid", "noexec", "nodev", "ro" ] },
                    { "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup", "options": [ "nosuid", "noexec", "nodev", "relatime", "ro" ] }
                ],
                "linux": {
                    "resources": { "devices": [ { "allow": false, "access": "rwm" } ] },
                    "namespaces": [ { "type": "pid" }, { "type": "network" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" } ],
                    "maskedPaths": [ "/proc/acpi", "/proc/kcore", "/sys/firmware" ],
                    "readonlyPaths": [ "/proc/bus", "/proc/sys", "/proc/sysrq-trigger" ]
                }
            }
            """;

        /// <summary>The steps every config whose /dev is not bound gets after its mounts: runc's default nodes and the /dev links.</summary>
        public static readonly string[] DefaultDevices =
        [
            "mknod /dev/null c 1:3 mode 666 owner 0:0",
            "mknod /dev/zero c 1:5 mode 666 owner 0:0",
            "mknod /dev/full c 1:7 mode 666 owner 0:0",
            "mknod /dev/tty c 5:0 mode 666 owner 0:0",
            "mknod /dev/urandom c 1:9 mode 666 owner 0:0",
            "mknod /dev/random c 1:8 mode 666 owner 0:0",
            "device links in /dev",
        ];

        public const string PodmanRun = """
            {
              "ociVersion": "1.0.2-dev",
              "process": {
                "user": { "uid": 0, "gid": 0, "umask": 18, "additionalGids": [ 0, 1, 2, 3, 4, 6, 10 ] },
                "args": [ "sh", "-c", "hostname" ],
                "env": [ "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", "container=podman", "HOSTNAME=4f0c5e2b1a9d", "HOME=/root" ],
                "cwd": "/",
                "capabilities": {
                  "bounding": [ "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT" ],
                  "effective": [ "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT" ],
                  "permitted": [ "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT" ]
                },
                "rlimits": [ { "type": "RLIMIT_NOFILE", "hard": 524288, "soft": 524288 }, { "type": "RLIMIT_NPROC", "hard": 63420, "soft": 63420 } ],
                "oomScoreAdj": 0
              },
              "root": { "path": "/var/lib/containers/storage/overlay/6b1f/merged" },
              "hostname": "4f0c5e2b1a9d",
              "mounts": [
                { "destination": "/proc", "type": "proc", "source": "proc", "options": [ "nosuid", "noexec", "nodev" ] },
                { "destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "strictatime", "mode=755", "size=65536k" ] },
                { "destination": "/sys", "type": "sysfs", "source": "sysfs", "options": [ "nosuid", "noexec", "nodev", "ro" ] },
                { "destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": [ "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5" ] },
                { "destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": [ "nosuid", "noexec", "nodev" ] },
                { "destination": "/etc/hostname", "type": "bind", "source": "/run/containers/storage/overlay-containers/4f0c/userdata/hostname", "options": [ "bind", "rprivate" ] },
                { "destination": "/etc/resolv.conf", "type": "bind", "source": "/run/containers/storage/overlay-containers/4f0c/userdata/resolv.conf", "options": [ "bind", "rprivate" ] },
                { "destination": "/dev/shm", "type": "bind", "source": "/var/lib/containers/storage/overlay-containers/4f0c/userdata/shm", "options": [ "bind", "rprivate", "nosuid", "noexec", "nodev" ] },
                { "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup", "options": [ "rprivate", "nosuid", "noexec", "nodev", "relatime", "ro" ] }
              ],
              "annotations": { "io.container.manager": "libpod", "org.opencontainers.image.stopSignal": "15" },
              "linux": {
                "sysctl": { "net.ipv4.ping_group_range": "0 0" },
                "resources": { "pids": { "limit": 2048 } },
                "cgroupsPath": "machine.slice:libpod:4f0c5e2b1a9d",
                "namespaces": [ { "type": "pid" }, { "type": "network", "path": "/run/netns/netns-5e2b" }, { "type": "ipc" }, { "type": "uts" }, { "type": "mount" } ],
                "seccomp": { "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "architectures": [ "SCMP_ARCH_X86_64" ], "syscalls": [ { "names": [ "read", "write" ], "action": "SCMP_ACT_ALLOW" } ] },
                "maskedPaths": [ "/proc/acpi", "/proc/kcore", "/sys/firmware" ],
                "readonlyPaths": [ "/proc/asound", "/proc/bus", "/proc/sys" ]
              }
            }
            """;
    }
}
