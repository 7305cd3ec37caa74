using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Cgroups;
using Interop.Runtime.Oci;
using Nsbox.Oci;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// What <c>nsbox create</c> and <c>nsbox run</c> share: the bundle's plan started set up and
    /// waiting on the start FIFO, its state recorded, the pid file written. The process is PID 1 of
    /// a new PID namespace itself, as under runc (no nsbox init: the waiter executes the command in
    /// its own place), and it outlives nsbox (no parent-death signal).
    /// </summary>
    internal static class ContainerCreator
    {
        public static ChildProcess Create(ContainerStore store, OciLog log, string? id, string? bundleDirectory, string? pidFile, string verb)
        {
            ContainerStore.CheckId(id, verb);
            OciBundle bundle = OciBundle.Load(bundleDirectory ?? Environment.CurrentDirectory);
            SandboxPlan plan = bundle.ToBuilder().ParentDeathSignal(0).WaitForStart(store.FifoOf(id!)).Build();
            CgroupSettings cgroupSettings = bundle.CgroupSettings();

            using FileStream lockFile = store.Lock(id!, create: true);
            if (store.Exists(id!))
            {
                throw new OciException(verb + " " + id, Errno.EEXIST, "a container with this id exists");
            }

            ChildProcess? process = null;
            Cgroup? cgroup = null;
            try
            {
                cgroup = ContainerCgroups.Create(cgroupSettings, id!, log);
                ContainerProcess.MakeFifo(store.FifoOf(id!));
                process = plan.Start();

                // It waits on the start FIFO now (set up, not yet executing the command): placed
                // before the command runs, as runc places its init before it lets it go on.
                cgroup.AddProcess(process.Pid);
                log.Debug("container " + id + ": process " + process.Pid.ToString(CultureInfo.InvariantCulture) + " waits for start");
                ProcessStat stat = ProcessStat.Read(process.Pid) ?? throw new OciException(verb + " " + id, Errno.ESRCH, "the container's process ended while it was set up");
                store.Save(new ContainerState
                {
                    OciVersion = OciBundle.SpecVersion,
                    Id = id!,
                    Pid = process.Pid,
                    Bundle = bundle.Directory,
                    Rootfs = Path.GetFullPath(Path.Combine(bundle.Directory, bundle.Config.Root?.Path ?? "rootfs")),
                    // RFC 3339 as Go's RFC3339Nano writes it (runc's): fractional digits without trailing zeros.
                    Created = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
                    Owner = "",
                    Annotations = bundle.Config.Annotations is { Count: > 0 } a ? new(a) : null,
                    ProcessStartTime = stat.StartTime,
                    CgroupPaths = cgroup.Directories.Select(d => d.Path).ToArray(),
                    CgroupsCreated = cgroup.Created.ToArray(),
                    NewPidNamespace = bundle.Config.Linux?.Namespaces?.Any(n => n.Type == "pid" && string.IsNullOrEmpty(n.Path)) == true,
                });

                if (pidFile is not null)
                {
                    // As runc: the number without a newline, written whole (a reader never sees half of it).
                    string full = Path.GetFullPath(pidFile);
                    File.WriteAllText(full + ".tmp", process.Pid.ToString(CultureInfo.InvariantCulture));
                    File.Move(full + ".tmp", full, overwrite: true);
                }

                return process;
            }
            catch
            {
                // Nothing is left behind: the waiting process, then the state directory.
                if (process is not null)
                {
                    process.Kill();
                    process.WaitForExit();
                    process.Dispose();
                }

                cgroup?.Remove(killRemaining: true);
                store.Remove(id!);
                throw;
            }
        }
    }
}
