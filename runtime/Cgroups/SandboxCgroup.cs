using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Interop.Linux;
using Interop.Runtime.Spawning;

namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// A sandbox's own cgroup (<see cref="SandboxPlan.Resources"/>): nsbox-PID-N below this
    /// process's cgroup in every hierarchy, made and limited before clone, the child placed by its
    /// first step (the plan's <see cref="SandboxPlan.Cgroups"/>), removed again when the start
    /// fails or the <see cref="ChildProcess"/> is waited for; stale ones (their maker killed) swept
    /// at the next start. docs/cgroups.md.
    /// </summary>
    internal static class SandboxCgroup
    {
        private const string Prefix = "nsbox-";

        private static int s_count;

        /// <summary>Makes the cgroup, applies <paramref name="resources"/>, starts the plan in it.</summary>
        /// <exception cref="SpawnException">The cgroup could not be made or limited (<see cref="SpawnException.CgroupController"/> says which), or the start failed; nothing is left.</exception>
        /// <exception cref="SandboxUsageException">The host cannot carry a limit out (no such controller, a v1-only setting on v2).</exception>
        public static ChildProcess Spawn(SandboxPlan plan, CgroupResources resources)
        {
            CgroupHost host = CgroupHost.Detect();
            if (host.Mode == CgroupMode.None || host.Hierarchies.Count == 0)
            {
                throw new SpawnException(ChildStep.None, "cgroup", Errno.ENOENT, null, "no cgroup file system is mounted here") { CgroupController = "" };
            }

            Sweep(host);
            string name = Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Interlocked.Increment(ref s_count).ToString(CultureInfo.InvariantCulture);
            Cgroup cgroup;
            try
            {
                cgroup = Cgroup.Create(host, new CgroupPath(name, IsAbsolute: false));
            }
            catch (ErrnoException e)
            {
                throw new SpawnException(ChildStep.None, e.Call, e.Errno, e.Argument) { CgroupController = "" };
            }

            try
            {
                try
                {
                    cgroup.Apply(resources);
                }
                catch (ErrnoException e)
                {
                    throw new SpawnException(ChildStep.None, e.Call, e.Errno, e.Argument) { CgroupController = ControllerOf(e.Call) };
                }
                catch (SandboxUsageException e)
                {
                    // CgroupMapping's refusals start with the controller's name ("memory swap", "pids.max", "cpu quota").
                    string what = e.Message[..e.Message.IndexOf(": ", StringComparison.Ordinal)];
                    if (e.Argument is { } argument && what.EndsWith(" " + argument, StringComparison.Ordinal))
                    {
                        what = what[..^(argument.Length + 1)];
                    }

                    throw new SpawnException(ChildStep.None, what, e.Errno, e.Argument, e.Hint) { CgroupController = what.Split(' ', '.')[0] };
                }

                ChildProcess child = Spawner.Spawn(cgroup.JoinedBy(plan) with { Resources = null });
                child.AttachCgroup(cgroup);
                return child;
            }
            catch
            {
                RemoveQuietly(cgroup, killRemaining: true);
                throw;
            }
        }

        /// <summary>
        /// The one directory of <paramref name="directories"/> in the cgroup v2 hierarchy, which clone3
        /// can start a child in, or null when there is none or more than one (the child's write of a
        /// later one would move it out again).
        /// </summary>
        internal static string? OnlyUnified(IReadOnlyList<string> directories, CgroupHost host)
        {
            string? found = null;
            foreach (string directory in directories)
            {
                if (host.HierarchyOf(directory)?.Version == 2)
                {
                    if (found is not null)
                    {
                        return null;
                    }

                    found = directory;
                }
            }

            return found;
        }

        /// <summary>Removes the cgroup; one still busy is left for the next start's sweep.</summary>
        public static void RemoveQuietly(Cgroup cgroup, bool killRemaining)
        {
            try
            {
                cgroup.Remove(killRemaining);
            }
            catch (ErrnoException)
            {
                // Busy: the sweep of a later start takes it once its processes are gone.
            }
        }

        /// <summary>
        /// Removes the nsbox-PID-N cgroups where this process makes its own (<see cref="CgroupHierarchy.RelativeBase"/>) in every hierarchy whose PID is
        /// no process any more (their nsbox was killed before it could remove them): what is left
        /// in them is killed first. A live PID's, this process's own included, are left alone.
        /// </summary>
        public static void Sweep(CgroupHost host)
        {
            var stale = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (CgroupHierarchy hierarchy in host.Hierarchies)
            {
                string[] children;
                try
                {
                    children = Directory.GetDirectories(hierarchy.RelativeBase, Prefix + "*");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                foreach (string directory in children)
                {
                    string name = Path.GetFileName(directory);
                    if (PidOf(name) is int pid && pid != Environment.ProcessId && !Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture)))
                    {
                        if (!stale.TryGetValue(name, out List<string>? list))
                        {
                            stale[name] = list = [];
                        }

                        list.Add(directory);
                    }
                }
            }

            foreach (List<string> directories in stale.Values)
            {
                Cgroup cgroup = Cgroup.Open(host, directories, directories);
                if (cgroup.HoldsHiddenProcesses())
                {
                    // Its nsbox runs in another PID namespace (the PID is not gone, only out of sight).
                    continue;
                }

                if (cgroup.IsFrozen)
                {
                    try
                    {
                        cgroup.Thaw();
                    }
                    catch (ErrnoException)
                    {
                    }
                }

                RemoveQuietly(cgroup, killRemaining: true);
            }
        }

        /// <summary>The PID in "nsbox-PID-N", or null for another name.</summary>
        internal static int? PidOf(string name)
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return null;
            }

            string[] parts = name[Prefix.Length..].Split('-');
            return parts.Length == 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit))
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 ? pid : null;
        }

        /// <summary>"write /sys/fs/cgroup/memory/.../memory.limit_in_bytes" → "memory".</summary>
        private static string ControllerOf(string operation)
        {
            string file = operation[(operation.LastIndexOf('/') + 1)..];
            int dot = file.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 ? file[..dot] : "";
        }
    }
}
