using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Interop.Linux;

namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// A container's cgroup: one directory in every hierarchy of the host (every v1 one and the
    /// unified one on a hybrid host), the directories it made itself (<see cref="Created"/>: only
    /// those are removed again), and what a runtime does with it: place a process, set the pids
    /// limit and device rules, freeze and thaw, list and signal its processes, remove it.
    /// <see cref="Open"/> takes it up again from the paths a runtime kept (nsbox keeps them in its
    /// state.json), so a later call removes exactly what <see cref="Create"/> made.
    /// </summary>
    public sealed partial class Cgroup
    {
        /// <summary>How long a freeze may take before it is given up (runc tries for about as long).</summary>
        private static readonly TimeSpan s_freezeLimit = TimeSpan.FromSeconds(10);

        /// <summary>How long removing waits for killed processes to leave the cgroup.</summary>
        private static readonly TimeSpan s_emptyLimit = TimeSpan.FromSeconds(10);

        /// <summary>
        /// What a refused permission on a cgroup (<see cref="IsPermissionRefusal"/>) takes, in the
        /// words nsbox run and the OCI verbs both give.
        /// </summary>
        public const string PermissionHint = "limits need root or a delegated cgroup v2 subtree";

        private readonly List<string> _created;

        /// <summary>
        /// Whether a cgroup operation failed for want of permission (EACCES, EPERM, EROFS), which root or
        /// a delegated subtree would allow; not a controller the host lacks (EOPNOTSUPP) or a value the
        /// kernel refuses, which neither helps.
        /// </summary>
        public static bool IsPermissionRefusal(Errno errno) => errno is Errno.EACCES or Errno.EPERM or Errno.EROFS;

        private Cgroup(CgroupHost host, IReadOnlyList<CgroupDirectory> directories, List<string> created)
        {
            Host = host;
            Directories = directories;
            _created = created;
        }

        /// <summary>The host's layout the directories belong to.</summary>
        public CgroupHost Host { get; }

        /// <summary>One directory per hierarchy, in the host's mount order.</summary>
        public IReadOnlyList<CgroupDirectory> Directories { get; }

        /// <summary>The directories this cgroup made (a path's missing components too), in the order made: removed in reverse.</summary>
        public IReadOnlyList<string> Created => _created;

        /// <summary>
        /// Makes the cgroup <paramref name="path"/> names in every hierarchy, with the components
        /// that are missing (mkdir -p). In the v1 cpuset hierarchy a new directory's cpuset.cpus and
        /// cpuset.mems are copied from its parent first: they start empty, and a process cannot
        /// join a cpuset without CPUs. A directory that exists already is joined, never removed.
        /// When one step fails, what was made is removed again.
        /// </summary>
        /// <exception cref="SandboxUsageException">No cgroup file system is mounted.</exception>
        /// <exception cref="ErrnoException">A mkdir or a cpuset write failed.</exception>
        public static Cgroup Create(CgroupHost host, CgroupPath path)
        {
            if (host.Mode == CgroupMode.None || host.Hierarchies.Count == 0)
            {
                throw new SandboxUsageException("cgroups", Errno.ENOENT, null, "no cgroup file system is mounted here");
            }

            var cgroup = new Cgroup(host, host.DirectoriesFor(path), []);
            try
            {
                foreach (CgroupDirectory directory in cgroup.Directories)
                {
                    cgroup.MakeDirectories(directory);
                }
            }
            catch
            {
                cgroup.Remove(killRemaining: false);
                throw;
            }

            return cgroup;
        }

        /// <summary>
        /// The cgroup of <paramref name="directories"/> (as <see cref="Directories"/> listed them) of
        /// which this process made <paramref name="created"/> (as <see cref="Created"/> listed them).
        /// A directory outside every hierarchy of <paramref name="host"/> is left out.
        /// </summary>
        public static Cgroup Open(CgroupHost host, IEnumerable<string> directories, IEnumerable<string> created)
        {
            var found = new List<CgroupDirectory>();
            foreach (string directory in directories)
            {
                if (host.HierarchyOf(directory) is { } hierarchy)
                {
                    found.Add(new CgroupDirectory(hierarchy, directory));
                }
            }

            return new Cgroup(host, found, created.ToList());
        }

        /// <summary>
        /// <paramref name="plan"/> with its child joining this cgroup in every hierarchy, after the
        /// cgroups it joins already, before anything else it does: clone3 places it in the unified
        /// directory from its first instruction (when that is the only v2 one), its own writes in the
        /// v1 ones. The layout is this cgroup's <see cref="Host"/>: nothing is read again.
        /// </summary>
        public SandboxPlan JoinedBy(SandboxPlan plan)
        {
            string[] joined = [.. plan.Cgroups, .. Directories.Select(d => d.Path)];
            return plan with
            {
                Cgroups = joined,
                CloneIntoCgroup = SandboxCgroup.OnlyUnified(joined, Host),

                // A new cgroup namespace is unshared once the child is in this cgroup, so its root is this one (as under runc).
                UnshareCgroupNamespace = (plan.Namespaces & CloneFlags.NewCgroup) != 0,
            };
        }

        /// <summary>Moves the process <paramref name="pid"/> (with all its threads) into the cgroup in every hierarchy.</summary>
        /// <exception cref="ErrnoException">A cgroup.procs write failed (ESRCH: the process is gone).</exception>
        public void AddProcess(int pid)
        {
            string text = pid.ToString(CultureInfo.InvariantCulture);
            foreach (CgroupDirectory directory in Directories)
            {
                CgroupFiles.Write(directory.Path, "cgroup.procs", text);
            }
        }

        /// <summary>
        /// Sets pids.max: <paramref name="limit"/> tasks, or no limit ("max") when it is negative,
        /// as runc writes it (0 writes nothing: the spec's "unset"). <see cref="Apply"/> with only
        /// <see cref="CgroupResources.PidsLimit"/>.
        /// </summary>
        /// <exception cref="SandboxUsageException">The host has no pids controller.</exception>
        /// <exception cref="ErrnoException">A write failed.</exception>
        public void SetPidsLimit(long limit) => Apply(new CgroupResources { PidsLimit = limit });

        /// <summary>
        /// Sets the cpu shares as runc does: cpu.shares in the v1 cpu hierarchy, cpu.weight
        /// (converted, docs/cgroups.md) on cgroup v2. 0 writes nothing (the spec's "unset").
        /// <see cref="Apply"/> with only <see cref="CgroupResources.CpuShares"/>.
        /// </summary>
        /// <exception cref="SandboxUsageException">The host has no cpu controller.</exception>
        /// <exception cref="ErrnoException">A write failed.</exception>
        public void SetCpuShares(ulong shares) => Apply(new CgroupResources { CpuShares = shares });

        /// <summary>
        /// Writes the device rules, in order, to the v1 devices controller: a deny to devices.deny,
        /// an allow to devices.allow. A new cgroup starts as its parent is (usually "a *:* rwm", all
        /// allowed), so a list that starts by denying everything ("a *:* rwm" denied) is a list of
        /// what is allowed, as runc's.
        /// </summary>
        /// <exception cref="SandboxUsageException">The host has no v1 devices controller (cgroup v2 filters devices with a BPF program, which nsbox does not load).</exception>
        /// <exception cref="ErrnoException">A write failed.</exception>
        public void SetDeviceRules(IReadOnlyList<CgroupDeviceRule> rules)
        {
            if (rules.Count == 0)
            {
                return;
            }

            CgroupDirectory devices = Find(h => h.Version == 1 && h.Has("devices"))
                ?? throw new SandboxUsageException("devices", Errno.EOPNOTSUPP, null, "device rules need the v1 devices controller; on cgroup v2 they need a BPF device program, which nsbox does not load yet");
            foreach (CgroupDeviceRule rule in rules)
            {
                CgroupFiles.Write(devices.Path, rule.Allow ? "devices.allow" : "devices.deny", rule.ToString());
            }
        }

        /// <summary>
        /// Freezes every process in the cgroup: the v1 freezer (freezer.state FROZEN, written again
        /// until it reads FROZEN rather than FREEZING), or without one cgroup v2's cgroup.freeze
        /// (until cgroup.events says "frozen 1").
        /// </summary>
        /// <exception cref="SandboxUsageException">The host has no freezer.</exception>
        /// <exception cref="ErrnoException">It did not freeze in time (EBUSY; it is thawed again), or a write failed.</exception>
        public void Freeze()
        {
            (CgroupDirectory directory, bool v1) = Freezer();
            if (!v1)
            {
                CgroupFiles.Write(directory.Path, "cgroup.freeze", "1");
                if (!WaitForEvent(directory.Path, "frozen", "1", s_freezeLimit))
                {
                    CgroupFiles.Write(directory.Path, "cgroup.freeze", "0");
                    throw new ErrnoException("freeze", Errno.EBUSY, directory.Path);
                }

                return;
            }

            var clock = Stopwatch.StartNew();
            while (true)
            {
                // A task that cannot be frozen now keeps the state at FREEZING; writing again retries it.
                CgroupFiles.Write(directory.Path, "freezer.state", "FROZEN");
                if (CgroupFiles.Read(directory.Path, "freezer.state").Trim() == "FROZEN")
                {
                    return;
                }

                if (clock.Elapsed > s_freezeLimit)
                {
                    CgroupFiles.Write(directory.Path, "freezer.state", "THAWED");
                    throw new ErrnoException("freeze", Errno.EBUSY, directory.Path);
                }

                Thread.Sleep(1);
            }
        }

        /// <summary>Lets the frozen processes run again (freezer.state THAWED, or cgroup.freeze 0).</summary>
        /// <exception cref="SandboxUsageException">The host has no freezer.</exception>
        /// <exception cref="ErrnoException">A write failed.</exception>
        public void Thaw()
        {
            (CgroupDirectory directory, bool v1) = Freezer();
            if (v1)
            {
                CgroupFiles.Write(directory.Path, "freezer.state", "THAWED");
                return;
            }

            CgroupFiles.Write(directory.Path, "cgroup.freeze", "0");
            WaitForEvent(directory.Path, "frozen", "0", s_freezeLimit);
        }

        /// <summary>Whether the cgroup is frozen (freezer.state FROZEN, or "frozen 1" in cgroup.events); false when it cannot be read.</summary>
        public bool IsFrozen
        {
            get
            {
                try
                {
                    (CgroupDirectory directory, bool v1) = Freezer();
                    return v1
                        ? CgroupFiles.Read(directory.Path, "freezer.state").Trim() == "FROZEN"
                        : EventValue(CgroupFiles.Read(directory.Path, "cgroup.events"), "frozen") == "1";
                }
                catch (Exception e) when (e is ErrnoException or SandboxUsageException)
                {
                    return false;
                }
            }
        }

        /// <summary>
        /// The processes in the cgroup and in the cgroups below it, as cgroup.procs lists them (the
        /// kernel's order, the directory before its children): in the unified hierarchy on a v2
        /// host, otherwise in the v1 devices one (runc's choice), or the first there is. Empty when
        /// the directory is gone.
        /// </summary>
        public IReadOnlyList<int> Pids()
        {
            CgroupDirectory? directory = Host.Mode == CgroupMode.V2
                ? Find(h => h.Version == 2)
                : Find(h => h.Version == 1 && h.Has("devices")) ?? Find(h => h.Version == 1);
            var pids = new List<int>();
            if (directory is not null)
            {
                Collect(directory.Path, pids);
            }

            return pids;
        }

        /// <summary>
        /// Whether the cgroup, or one below it, holds a process of a PID namespace this process
        /// cannot see (a v2 cgroup.procs lists it as 0): such a cgroup is someone else's, whatever
        /// its name says, and nothing here can signal what is in it.
        /// </summary>
        public bool HoldsHiddenProcesses()
        {
            foreach (CgroupDirectory directory in Directories.Where(d => d.Hierarchy.Version == 2))
            {
                if (Hidden(directory.Path))
                {
                    return true;
                }
            }

            return false;

            static bool Hidden(string path)
            {
                try
                {
                    return CgroupFiles.HasHiddenProcesses(CgroupFiles.Read(path, "cgroup.procs")) || Directory.GetDirectories(path).Any(Hidden);
                }
                catch (Exception e) when (e is ErrnoException or IOException)
                {
                    return false;
                }
            }
        }

        /// <summary>
        /// Sends <paramref name="signal"/> to every process in the cgroup, frozen meanwhile so that
        /// none forks away unseen, then thawed (as runc's kill --all: a paused container is thawed
        /// too). Without a freezer they are signalled as they are.
        /// </summary>
        public void Signal(int signal)
        {
            bool frozen = TryFreeze();
            try
            {
                foreach (int pid in Pids())
                {
                    // ESRCH: it ended meanwhile.
                    Native.kill(pid, signal);
                }
            }
            finally
            {
                if (frozen)
                {
                    Thaw();
                }
            }
        }

        /// <summary>
        /// Removes every directory this cgroup made, innermost first (rmdir; one already gone is no
        /// error), and before them the cgroup's own directories that existed already (joined): as
        /// runc removes a container's cgroup whoever made it, but one still busy with someone
        /// else's processes is left to them, without an error. With <paramref name="killRemaining"/>
        /// the processes still in it are killed first (SIGKILL, until none is left), but only when
        /// this cgroup made its own directories: a joined cgroup's processes are not ours to kill.
        /// A directory the kernel reports busy right after its last process ended is tried again
        /// for a moment.
        /// </summary>
        /// <exception cref="ErrnoException">A directory this cgroup made could not be removed (EBUSY: processes are still in it).</exception>
        public void Remove(bool killRemaining)
        {
            bool ownLeaf = Directories.All(d => _created.Contains(d.Path));
            if (killRemaining && ownLeaf && Directories.Count > 0)
            {
                var clock = Stopwatch.StartNew();
                while (Pids().Count > 0 && clock.Elapsed < s_emptyLimit)
                {
                    Signal(Native.SIGKILL);
                    Thread.Sleep(1);
                }
            }

            foreach (CgroupDirectory joined in Directories.Where(d => !_created.Contains(d.Path)))
            {
                RemoveDirectory(joined.Path);
            }

            ErrnoException? failure = null;
            for (int i = _created.Count - 1; i >= 0; i--)
            {
                string path = _created[i];
                Errno errno = RemoveDirectory(path);
                if (errno is Errno.None or Errno.ENOENT)
                {
                    _created.RemoveAt(i);
                }
                else
                {
                    failure ??= new ErrnoException("rmdir", errno, path);
                }
            }

            if (failure is not null)
            {
                throw failure;
            }
        }

        /// <summary>rmdir, tried again for up to a second while the kernel says EBUSY.</summary>
        private static Errno RemoveDirectory(string path)
        {
            var clock = Stopwatch.StartNew();
            Errno errno;
            while ((errno = CgroupFiles.RemoveDirectory(path)) == Errno.EBUSY && clock.Elapsed < TimeSpan.FromSeconds(1))
            {
                Thread.Sleep(5);
            }

            return errno;
        }

        /// <summary>mkdir -p of one directory, each new component recorded; cpuset's values filled on the way.</summary>
        private void MakeDirectories(CgroupDirectory directory)
        {
            string mount = directory.Hierarchy.MountPoint.TrimEnd('/');
            string relative = directory.Path.Length > mount.Length ? directory.Path[(mount.Length + 1)..] : "";
            string current = mount;
            bool cpuset = directory.Hierarchy.Version == 1 && directory.Hierarchy.Has("cpuset");
            foreach (string part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                string parent = current;
                current = current + "/" + part;
                if (CgroupFiles.MakeDirectory(current))
                {
                    _created.Add(current);
                }

                if (cpuset)
                {
                    CopyFromParent(parent, current, "cpuset.cpus");
                    CopyFromParent(parent, current, "cpuset.mems");
                }
            }
        }

        /// <summary>A cpuset file that is empty gets its parent's value (what cpuset's clone_children would have done).</summary>
        private static void CopyFromParent(string parent, string child, string file)
        {
            if (CgroupFiles.Read(child, file).Trim().Length == 0)
            {
                CgroupFiles.Write(child, file, CgroupFiles.Read(parent, file).Trim());
            }
        }

        /// <summary>Turns on <paramref name="controller"/> in cgroup.subtree_control of each parent, from the mount point down; false when the host has none.</summary>
        private static bool EnableController(CgroupDirectory directory, string controller)
        {
            string mount = directory.Hierarchy.MountPoint.TrimEnd('/');
            if (!CgroupFiles.Read(mount, "cgroup.controllers").Split(' ', StringSplitOptions.TrimEntries).Contains(controller))
            {
                return false;
            }

            string current = mount;
            string relative = directory.Path.Length > mount.Length ? directory.Path[(mount.Length + 1)..] : "";
            foreach (string part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!CgroupFiles.Read(current, "cgroup.subtree_control").Split(' ', StringSplitOptions.TrimEntries).Contains(controller))
                {
                    CgroupFiles.Write(current, "cgroup.subtree_control", "+" + controller);
                }

                current = current + "/" + part;
            }

            return true;
        }

        private (CgroupDirectory Directory, bool V1) Freezer()
        {
            if (Find(h => h.Version == 1 && h.Has("freezer")) is { } v1)
            {
                return (v1, true);
            }

            if (Find(h => h.Version == 2) is { } unified)
            {
                return (unified, false);
            }

            throw new SandboxUsageException("freeze", Errno.EOPNOTSUPP, null, "this host has no freezer (neither a v1 freezer hierarchy nor cgroup v2)");
        }

        private bool TryFreeze()
        {
            try
            {
                Freeze();
                return true;
            }
            catch (Exception e) when (e is ErrnoException or SandboxUsageException)
            {
                return false;
            }
        }

        private CgroupDirectory? Find(Func<CgroupHierarchy, bool> which) => Directories.FirstOrDefault(d => which(d.Hierarchy));

        private static void Collect(string directory, List<int> pids)
        {
            try
            {
                pids.AddRange(CgroupFiles.ParsePids(CgroupFiles.Read(directory, "cgroup.procs")));
                foreach (string child in Directory.GetDirectories(directory))
                {
                    Collect(child, pids);
                }
            }
            catch (Exception e) when (e is ErrnoException or IOException)
            {
                // Removed meanwhile: nothing in it.
            }
        }

        /// <summary>
        /// Waits until cgroup.events says <paramref name="key"/> <paramref name="value"/>. The kernel
        /// wakes poll (POLLPRI|POLLERR) on a descriptor when the file changed after that descriptor
        /// last read it, so each round reads and polls through one descriptor.
        /// </summary>
        private static unsafe bool WaitForEvent(string directory, string key, string value, TimeSpan limit)
        {
            string path = directory + "/cgroup.events";
            var clock = Stopwatch.StartNew();
            byte[] buffer = new byte[512];
            while (true)
            {
                using FileDescriptor fd = Sys.Open(path, Native.O_RDONLY | Native.O_CLOEXEC, 0);
                int read = (int)Sys.Read(fd.Value, buffer);
                if (EventValue(System.Text.Encoding.UTF8.GetString(buffer, 0, read), key) == value)
                {
                    return true;
                }

                int left = (int)(limit - clock.Elapsed).TotalMilliseconds;
                if (left <= 0)
                {
                    return false;
                }

                PollFd poll = default;
                poll.fd = fd.Value;
                poll.events = Native.POLLPRI;
                Native.poll(&poll, 1, left);
            }
        }

        private static string? EventValue(string events, string key)
        {
            foreach (string line in events.Split('\n'))
            {
                string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 2 && words[0] == key)
                {
                    return words[1];
                }
            }

            return null;
        }
    }
}
