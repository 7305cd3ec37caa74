using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Cgroups;

namespace Nsbox.Oci
{
    /// <summary>
    /// A container's cgroup as the verbs use it: made by create (config.json's cgroupsPath, or
    /// runc's default: a cgroup named after the id below nsbox's own, in every hierarchy), with all
    /// of linux.resources (<see cref="Cgroup.Apply"/>) and the device rules; taken up again from
    /// state.json by the later verbs (update applies more, events reads the usage).
    /// </summary>
    internal static class ContainerCgroups
    {
        private static CgroupHost? s_host;

        /// <summary>
        /// nsbox's view of the cgroup mounts, read once per process: an nsbox process runs one verb,
        /// and run both makes and removes the cgroup (each read is /proc/self/mountinfo and
        /// /proc/self/cgroup, about 0.2 ms here).
        /// </summary>
        private static CgroupHost Host => s_host ??= CgroupHost.Detect();

        /// <summary>
        /// Makes the container's cgroup, without limits yet (<see cref="Limit"/>): create places its
        /// process in it first and limits it once the process waits, as runc sets its limits after it
        /// placed its init; run without a waiter limits it before the process starts.
        /// </summary>
        /// <returns>
        /// The cgroup; null only where runc goes on without one: not root, no cgroupsPath, no
        /// limit and no device rule, and the cgroup may not be made here (EACCES, EPERM, EROFS:
        /// neither root nor a delegated subtree). With a limit, that refusal says what it takes.
        /// </returns>
        public static Cgroup? Make(CgroupSettings settings, string id, OciLog log)
        {
            CgroupPath path = CgroupPath.Parse(settings.CgroupsPath, id);
            CgroupHost host = Host;
            if (settings.DeviceRules.Count > 0 && host.V1("devices") is null)
            {
                throw new SandboxUsageException("config.json: linux.resources.devices", Errno.EOPNOTSUPP, null,
                    "device rules on a cgroup v2 host need a BPF device program, which nsbox does not load yet");
            }

            // On v2 a relative path starts beside nsbox's own cgroup (runc's fs2), so "leaf" from
            // /d/leaf is nsbox's own: not a container's (delete would remove it, kill --all signal nsbox's caller).
            if (host.DirectoriesFor(path).FirstOrDefault(d => d.Path == d.Hierarchy.OwnDirectory) is { } own)
            {
                throw new SandboxUsageException("config.json: linux.cgroupsPath", Errno.EINVAL, "'" + settings.CgroupsPath + "'",
                    "names the caller's own cgroup (" + own.Path + "), not one of the container's own: name another");
            }

            Cgroup cgroup;
            try
            {
                cgroup = Cgroup.Create(host, path);
            }
            catch (ErrnoException e) when (RefusedRootless(e))
            {
                // runc's rootless rule (fs and fs2 Apply): no cgroupsPath and nothing to limit is no
                // reason to fail; the container stays in nsbox's own cgroups. Anything else is refused.
                if (string.IsNullOrEmpty(settings.CgroupsPath) && settings.DeviceRules.Count == 0 && !settings.Resources.SetsAny)
                {
                    log.Debug("container " + id + ": no cgroup of its own (" + e.Message + "; not root and nothing to limit, as runc)");
                    return null;
                }

                throw NeedsRootOrDelegation(e);
            }

            if (cgroup.Created.Count == 0 || cgroup.Pids().Count > 0)
            {
                // runc 1.1 joins such a cgroup too (with a warning); nsbox never removes what it did not make.
                log.Debug("container " + id + ": its cgroup " + cgroup.Directories[0].Path + " exists already; joined, it stays after delete");
            }

            return cgroup;
        }

        /// <summary>
        /// Applies the container's limits: every one of linux.resources, as runc's cgroup managers
        /// write them, and the device rules, to the v1 devices controller: the config's, then what
        /// runc allows every container (runc's list is appended only when the config has rules of
        /// its own, where it changes nothing otherwise: a new cgroup allows all). The caller removes
        /// the cgroup when this fails.
        /// </summary>
        public static void Limit(Cgroup cgroup, CgroupSettings settings)
        {
            try
            {
                cgroup.Apply(settings.Resources);
                if (settings.DeviceRules.Count > 0)
                {
                    cgroup.SetDeviceRules([.. settings.DeviceRules, .. CgroupDeviceRule.RuncDefaults]);
                }
            }
            catch (ErrnoException e) when (RefusedRootless(e))
            {
                // Made, but not limited: a subtree not delegated all the way (a parent's cgroup.subtree_control is root's).
                throw NeedsRootOrDelegation(e);
            }
        }

        /// <summary>A refused permission without root: what root or a delegated subtree would allow.</summary>
        private static bool RefusedRootless(ErrnoException e) => Native.geteuid() != 0 && Cgroup.IsPermissionRefusal(e.Errno);

        private static OciException NeedsRootOrDelegation(ErrnoException e) =>
            new(e.Argument is null ? e.Call : e.Call + " " + e.Argument, e.Errno, Cgroup.PermissionHint);

        /// <summary>The container's cgroup as create recorded it, or null when it has none.</summary>
        public static Cgroup? Of(ContainerState state) =>
            state.CgroupPaths is { Length: > 0 } paths ? Cgroup.Open(Host, paths, state.CgroupsCreated ?? []) : null;

        /// <summary>Whether the container's cgroup is frozen.</summary>
        public static bool IsFrozen(ContainerState state) => Of(state) is { } cgroup && cgroup.Directories.Count > 0 && cgroup.IsFrozen;

        /// <summary>
        /// Removes the container's cgroup (and what create made on the way). What is still in it is
        /// killed only when the container has no PID namespace of its own (as runc): with one, its
        /// processes ended with its PID 1, and any left are someone else's (another runtime's
        /// container of the same id, which joined it); then the directories stay for whoever's
        /// processes they are (runc removes its cgroup when it deletes its container).
        /// </summary>
        public static void Remove(ContainerState state)
        {
            if (Of(state) is not { } cgroup)
            {
                return;
            }

            // A frozen cgroup's processes cannot die; thaw it first (delete --force of a paused container).
            if (cgroup.IsFrozen)
            {
                cgroup.Thaw();
            }

            try
            {
                cgroup.Remove(killRemaining: !state.NewPidNamespace);
            }
            catch (ErrnoException e) when (e.Errno == Errno.EBUSY && state.NewPidNamespace && cgroup.Pids().Count > 0)
            {
                // Someone else's processes are in it: theirs to remove.
            }
        }

        /// <summary>The pids in the container's cgroup; without one, the process alone while it lives.</summary>
        public static int[] Pids(ContainerState state, ContainerStatus status) =>
            Of(state) is { } cgroup ? cgroup.Pids().ToArray() : status == ContainerStatus.Stopped ? [] : [state.Pid];
    }
}
