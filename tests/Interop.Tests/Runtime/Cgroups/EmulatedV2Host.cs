using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Cgroups
{
    /// <summary>
    /// A pure cgroup v2 host, emulated on this hybrid one: <see cref="Nsbox"/> is a script that
    /// enters a private mount namespace (unshare --mount --propagation private), unmounts
    /// /sys/fs/cgroup with every hierarchy on it (or, <c>overMount</c>, leaves them covered),
    /// mounts cgroup2 there (the same unified hierarchy the host has at /sys/fs/cgroup/unified) and
    /// executes the published nsbox: /proc/self/mountinfo then shows one cgroup2 mount at
    /// /sys/fs/cgroup. Optionally it first moves itself into a cgroup of that tree and drops to
    /// uid/gid 65534 (setpriv), as a service with Delegate= starts. Nothing of it reaches the host:
    /// the namespace ends with its last process, and every nsbox it ran leaves its PID in
    /// <see cref="Pids"/> so a test can look for that nsbox's nsbox-PID-N cgroups.
    /// </summary>
    internal sealed class EmulatedV2Host : IDisposable
    {
        /// <summary>The unified hierarchy as the host (and the test) sees it; the emulated host sees it at /sys/fs/cgroup.</summary>
        public const string HostView = "/sys/fs/cgroup/unified";

        /// <summary>The unprivileged user the rootless tests run as.</summary>
        public const int Nobody = 65534;

        private readonly string _directory;
        private readonly string _pids;

        /// <param name="overMount">Mount cgroup2 over the tmpfs instead of unmounting it first (the v1 mounts stay in mountinfo, covered).</param>
        /// <param name="cgroup">A cgroup of the v2 tree ("/v2test-x/leaf") the script moves itself into, as root, before anything else.</param>
        /// <param name="asNobody">Drop to uid and gid 65534 without supplementary groups before executing nsbox.</param>
        /// <param name="newPidNamespace">Run nsbox in a PID namespace of its own (unshare --pid --fork --mount-proc), where the host's processes are out of sight.</param>
        public EmulatedV2Host(bool overMount = false, string? cgroup = null, bool asNobody = false, bool newPidNamespace = false)
        {
            _directory = Directory.CreateTempSubdirectory("nsbox-v2host-").FullName;
            File.SetUnixFileMode(_directory, (UnixFileMode)0x1ED);
            string nsbox = Path.Combine(_directory, "nsbox");
            File.Copy(Published.Nsbox, nsbox);
            File.SetUnixFileMode(nsbox, (UnixFileMode)0x1ED);
            _pids = Path.Combine(_directory, "pids");
            File.WriteAllText(_pids, "");

            // Inside single quotes: $$ and "$@" are the inner shell's, which becomes nsbox (exec keeps the PID).
            string script = "#!/bin/sh\n"
                + "# nsbox on an emulated pure cgroup v2 host (tests/Interop.Tests/Runtime/Cgroups/EmulatedV2Host.cs)\n"
                + "exec /usr/bin/unshare --mount --propagation private -- /bin/sh -c '"
                + (overMount ? "" : "umount -R /sys/fs/cgroup || exit 99\n")
                + "mount -t cgroup2 none /sys/fs/cgroup || exit 99\n"
                + (cgroup is null ? "" : "echo $$ > /sys/fs/cgroup" + cgroup + "/cgroup.procs || exit 99\n")
                + "echo $$ >> " + _pids + "\n"
                + "exec " + (newPidNamespace ? "/usr/bin/unshare --pid --fork --mount-proc -- " : "")
                + (asNobody ? $"/usr/bin/setpriv --reuid={Nobody} --regid={Nobody} --clear-groups " : "") + nsbox + " \"$@\"' sh \"$@\"\n";
            Nsbox = Path.Combine(_directory, "nsbox-v2");
            File.WriteAllText(Nsbox, script);
            File.SetUnixFileMode(Nsbox, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        /// <summary>The script: give it nsbox's arguments. Status 99: the emulation itself failed.</summary>
        public string Nsbox { get; }

        /// <summary>The PIDs of the nsbox processes the script started so far.</summary>
        public int[] Pids => File.ReadAllLines(_pids).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();

        /// <summary>
        /// Fails (or skips, outside CI) unless this is the host the emulation is written for: root,
        /// unshare and setpriv, and a cgroup2 hierarchy at /sys/fs/cgroup/unified whose root offers
        /// hugetlb (the one controller this project's hybrid machines have in v2) and no memory or pids.
        /// </summary>
        public static void Require()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/unshare");
            Requirements.Program("/usr/bin/setpriv");
            string controllers = File.Exists(HostView + "/cgroup.controllers") ? File.ReadAllText(HostView + "/cgroup.controllers") : "";
            string[] offered = controllers.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (!offered.Contains("hugetlb") || offered.Contains("memory") || offered.Contains("pids"))
            {
                Assert.Fail("the v2 emulation is written for this project's hybrid hosts: cgroup2 at " + HostView + " offering hugetlb and neither memory nor pids; it offers '" + controllers.Trim() + "'");
            }
        }

        /// <summary>The host's directory of a /proc/PID/cgroup "0::/path" line (the emulated host's /sys/fs/cgroup/path).</summary>
        public static string HostDirectoryOf(string procCgroup)
        {
            string line = procCgroup.Split('\n').Single(l => l.StartsWith("0::", StringComparison.Ordinal));
            return line[3..] == "/" ? HostView : HostView + line[3..];
        }

        /// <summary>
        /// Where a relative cgroup of a process started by this one goes, as the host sees it: this
        /// process's own v2 cgroup when that is the root, else its parent (runc's fs2 rule; a v2
        /// cgroup with processes cannot enable controllers for its children).
        /// </summary>
        public static string RelativeBase()
        {
            string own = HostDirectoryOf(File.ReadAllText("/proc/self/cgroup"));
            return own == HostView ? HostView : own[..own.LastIndexOf('/')];
        }

        /// <summary>Every nsbox-PID-N cgroup below <paramref name="hostDirectory"/> whose PID is one of the script's nsbox processes.</summary>
        public string[] SandboxCgroupsBelow(string hostDirectory)
        {
            int[] pids = Pids;
            return Directory.EnumerateDirectories(hostDirectory, "nsbox-*", SearchOption.AllDirectories)
                .Where(d => pids.Any(p => Path.GetFileName(d).StartsWith("nsbox-" + p.ToString(CultureInfo.InvariantCulture) + "-", StringComparison.Ordinal)))
                .ToArray();
        }

        /// <summary>Runs the script with these arguments, output through pipes.</summary>
        public RunResult Run(params string[] args) => Support.Run.Program(Nsbox, args, TimeSpan.FromSeconds(60));

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        /// <summary>chown uid:gid of a path (chown(1), as the tests that set up files for nobody do).</summary>
        public static void Chown(string path, bool recursive = false)
        {
            string[] args = recursive ? ["-R", $"{Nobody}:{Nobody}", path] : [$"{Nobody}:{Nobody}", path];
            RunResult chown = Support.Run.Program("/bin/chown", args);
            Assert.True(chown.ExitCode == 0, chown.ToString());
        }

        /// <summary>The value of <paramref name="key"/> in a "key value" file (cgroup.events).</summary>
        public static string? KeyValue(string file, string key) => File.ReadAllLines(file)
            .Select(l => l.Split(' ', 2)).Where(w => w.Length == 2 && w[0] == key).Select(w => w[1]).FirstOrDefault();

        /// <summary>
        /// Ends whatever is left in <paramref name="hostDirectory"/> and below it (cgroup.kill, then
        /// until cgroup.events says "populated 0", polled through POLLPRI as the kernel signals its
        /// changes) and removes the directories innermost first. For a test's finally.
        /// </summary>
        public static unsafe void KillAndRemove(string hostDirectory)
        {
            if (!Directory.Exists(hostDirectory))
            {
                return;
            }

            string events = hostDirectory + "/cgroup.events";
            if (KeyValue(events, "populated") != "0")
            {
                File.WriteAllText(hostDirectory + "/cgroup.kill", "1");
                DateTime until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
                while (KeyValue(events, "populated") != "0" && DateTime.UtcNow < until)
                {
                    using FileDescriptor fd = Sys.Open(events, Native.O_RDONLY | Native.O_CLOEXEC, 0);
                    Sys.Read(fd.Value, new byte[256]);
                    PollFd poll = default;
                    poll.fd = fd.Value;
                    poll.events = Native.POLLPRI;
                    Native.poll(&poll, 1, 100);
                }
            }

            foreach (string child in Directory.GetDirectories(hostDirectory, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            {
                Directory.Delete(child);
            }

            Directory.Delete(hostDirectory);
        }

        /// <summary>
        /// A delegated subtree, as systemd's Delegate= makes one: a directory of the v2 tree owned by
        /// nobody with its cgroup.procs, cgroup.subtree_control and cgroup.threads, and below it the
        /// leaf the delegatee's processes live in (a v2 cgroup with processes cannot pass a
        /// controller on, so a delegatee moves itself into a leaf; here root made it, owned by
        /// nobody as if nobody had). hugetlb is enabled in the root's cgroup.subtree_control on the
        /// way, as systemd enables a delegated unit's controllers, and turned off again at Dispose
        /// if it was off.
        /// </summary>
        internal sealed class Delegation : IDisposable
        {
            private readonly bool _hugetlbWasOn;

            public Delegation()
            {
                Name = "v2test-" + Guid.NewGuid().ToString("N")[..8];
                HostDirectory = HostView + "/" + Name;
                _hugetlbWasOn = HugetlbOn();
                if (!_hugetlbWasOn)
                {
                    File.WriteAllText(HostView + "/cgroup.subtree_control", "+hugetlb");
                }

                Directory.CreateDirectory(HostDirectory);
                foreach (string path in new[] { HostDirectory, HostDirectory + "/cgroup.procs", HostDirectory + "/cgroup.subtree_control", HostDirectory + "/cgroup.threads" })
                {
                    Chown(path);
                }

                Directory.CreateDirectory(HostDirectory + "/leaf");
                Chown(HostDirectory + "/leaf", recursive: true);
            }

            /// <summary>Its name below the root ("v2test-1a2b3c4d").</summary>
            public string Name { get; }

            /// <summary>Where the host sees it.</summary>
            public string HostDirectory { get; }

            /// <summary>The leaf as the emulated host names it ("/v2test-1a2b3c4d/leaf"), for <see cref="EmulatedV2Host"/>'s cgroup.</summary>
            public string Leaf => "/" + Name + "/leaf";

            /// <summary>The cgroups below the delegated directory but the leaf.</summary>
            public string[] Others() => Directory.GetDirectories(HostDirectory).Where(d => Path.GetFileName(d) != "leaf").ToArray();

            public void Dispose()
            {
                try
                {
                    KillAndRemove(HostDirectory);
                }
                finally
                {
                    if (!_hugetlbWasOn && HugetlbOn())
                    {
                        File.WriteAllText(HostView + "/cgroup.subtree_control", "-hugetlb");
                    }
                }
            }

            private static bool HugetlbOn() => File.ReadAllText(HostView + "/cgroup.subtree_control").Split(' ', '\n').Contains("hugetlb");
        }

        /// <summary>Every directory the list names that exists.</summary>
        public static string[] Existing(IEnumerable<string> directories) => directories.Where(Directory.Exists).ToArray();
    }
}
