using System;
using System.Globalization;
using System.Collections.Generic;
using System.Linq;
using Interop.Linux;
using Interop.Runtime.Init;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// User maps the child cannot write itself: several ranges, or ids other than the caller's own.
    /// Those must be written from outside the new user namespace while nothing runs in it yet, which
    /// a VFORK parent cannot do (it is suspended in clone). So, in three phases:
    /// 1. a holder (nsbox __nsbox-hold) is started in a new, unmapped user namespace and waits;
    /// 2. the maps are written for it: by newuidmap/newgidmap (setuid helpers that check /etc/subuid
    ///    and /etc/subgid), or directly when the caller is root;
    /// 3. the sandbox is spawned entering that user namespace and creating its other namespaces with
    ///    unshare, so they belong to it; then the holder is killed (the sandbox keeps the namespace).
    /// </summary>
    internal static class UserMaps
    {
        /// <summary>True when the child cannot write the maps itself.</summary>
        public static bool NeedPreparedNamespace(SandboxPlan plan)
        {
            int at = plan.Steps.IndexOf<SandboxStep.MapIds>();
            if ((plan.Namespaces & CloneFlags.NewUser) == 0 || at < 0)
            {
                return false;
            }

            var maps = (SandboxStep.MapIds)plan.Steps[at];
            return !ChildCanWrite(maps.Users, Native.geteuid()) || !ChildCanWrite(maps.Groups, Native.getegid());
        }

        public static ChildProcess SpawnInPreparedNamespace(SandboxPlan plan)
        {
            var maps = (SandboxStep.MapIds)plan.Steps[plan.Steps.IndexOf<SandboxStep.MapIds>()];
            string helper = plan.InitPath ?? InitLocator.Find() ?? throw new SpawnException(ChildStep.None, "find the helper", Errno.ENOENT, InitLocator.ProgramName,
                "maps of several ranges need the init program (SandboxInit.RunIfRequested in Main, or NSBOX_INIT) to hold the user namespace while they are written");
            using ChildProcess holder = Spawner.Spawn(new SandboxPlan
            {
                FileName = InitLocator.ProgramName,
                ExecutablePath = helper,
                Arguments = [InitProcess.HoldVerb],
                Namespaces = CloneFlags.NewUser,
                ParentDeathSignal = Native.SIGKILL,
                Environment = [],
            });
            try
            {
                Write(holder.Pid, maps.Users, "uid_map", "newuidmap", ChildStep.WriteUidMap);
                Write(holder.Pid, maps.Groups, "gid_map", "newgidmap", ChildStep.WriteGidMap);
                var steps = new List<SandboxStep> { new SandboxStep.Join(new NamespaceJoin(CloneFlags.NewUser, Pid: holder.Pid)) };
                steps.AddRange(plan.Steps.Where(s => s is not SandboxStep.MapIds));
                return Spawner.Spawn(plan with
                {
                    Namespaces = plan.Namespaces & ~CloneFlags.NewUser,
                    CreateByUnshare = true,
                    BecomeRootOfPreparedNamespace = plan.RootInMappedUserNamespace && !Maps(maps.Users, Native.geteuid(), outside: true) && Maps(maps.Users, 0, outside: false) && Maps(maps.Groups, 0, outside: false),
                    Steps = steps,
                });
            }
            finally
            {
                holder.Kill();
                holder.WaitForExit();
            }
        }

        /// <summary>True when one of the ranges holds <paramref name="id"/> on that side.</summary>
        private static bool Maps(IdMapping[] maps, uint id, bool outside) =>
            maps.Any(m => (outside ? m.Outside : m.Inside) <= id && id - (outside ? m.Outside : m.Inside) < m.Count);

        private static bool ChildCanWrite(IdMapping[] maps, uint ownId) =>
            maps.Length == 0 || (maps.Length == 1 && maps[0].Count == 1 && maps[0].Outside == ownId);

        private static void Write(int pid, IdMapping[] maps, string file, string helper, ChildStep step)
        {
            if (maps.Length == 0)
            {
                return;
            }

            if (Native.geteuid() == 0)
            {
                // Root outside has CAP_SETUID and CAP_SETGID over the new namespace: no helper needed.
                string path = $"/proc/{pid}/{file}";
                try
                {
                    WriteAll(path, System.Text.Encoding.ASCII.GetBytes(string.Concat(maps.Select(m => m.ToString()))));
                }
                catch (ErrnoException e)
                {
                    throw new SpawnException(step, "write", e.Errno, path);
                }

                return;
            }

            string[] arguments = [pid.ToString(CultureInfo.InvariantCulture), .. maps.SelectMany(m => new[] { m.Inside, m.Outside, m.Count }).Select(n => n.ToString(CultureInfo.InvariantCulture))];
            ExitStatus status;
            string said;
            using (var stderr = new PipeCapture())
            {
                try
                {
                    using ChildProcess run = Spawner.Spawn(new SandboxPlan { FileName = helper, Arguments = arguments, StandardErrorFd = stderr.WriteFd });
                    status = run.WaitForExit();
                }
                catch (SpawnException e) when (e.IsCommandNotFound)
                {
                    throw new SpawnException(step, helper, Errno.ENOENT, null, "maps of several ranges need newuidmap and newgidmap (Debian: apt install uidmap)");
                }

                said = stderr.ReadAll();
            }

            if (status.ToShellStatus() != 0)
            {
                // The helper's own words (e.g. "uid range [0-1000) -> [300000-301000) not allowed") go into our one line.
                string reason = said.Length > 0 ? said : $"it {status}";
                throw new SpawnException(step, helper + " " + string.Join(' ', arguments), Errno.EPERM, null,
                    $"{reason}; check the ranges of your user in /etc/sub{file[..3]}");
            }
        }
    

        /// <summary>One write of the whole text, as /proc's map files require.</summary>
        private static void WriteAll(string path, byte[] text)
        {
            using FileDescriptor fd = Sys.Open(path, Native.O_WRONLY | Native.O_CLOEXEC, 0);
            Sys.Write(fd.Value, text);
        }
    }
}
