using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Nsbox.Oci;
using Nsbox.Options;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// runc's exec: <c>nsbox [--root DIR] exec [--process FILE] [--pid-file F] [--detach]
    /// [--console-socket S] [--tty] [--cwd DIR] [--env K=V]... [--user=UID[:GID]] [--cap CAP]...
    /// [--no-new-privs] ID [COMMAND ARGS...]</c>, as conmon and containerd's shim call it. The new
    /// process joins every namespace of the container's process that differs from nsbox's own
    /// (user first; one setns on a pidfd), its cgroups (before anything else), and runs the
    /// process: process.json's, or the container's own config.json process with COMMAND and the
    /// options applied as runc applies them. Both go through the converter of config.json's
    /// process. Without --detach nsbox waits, forwarding its signals, and exits with the process's
    /// status; an error of nsbox's own is one line and runc's exec status, 255.
    /// </summary>
    internal static class OciExecCommand
    {
        /// <summary>runc's exec exits 255 for every error of its own (its other verbs: 1).</summary>
        public const int ErrorStatus = 255;

        public static int Execute(ExecOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            // A target belongs to nsenter's exec: here the container says what to enter.
            foreach (OptionOccurrence option in options.Occurrences)
            {
                if (option.Name is "target" or "all" or "ns-file" or "uts" or "ipc" or "pid" or "net" or "mount" or "cgroup" or "time" or "preserve-credentials" or "chdir"
                    || (option.Name == "user" && option.Value is null))
                {
                    throw new OciException("exec: --" + option.Name, Errno.EINVAL, "an OCI exec (a container id, --process, --env, ...) joins the container's namespaces; nsenter's options do not go with it");
                }
            }

            string[] operands = options.Command.ToArray();
            string? id = operands.FirstOrDefault();
            ContainerStore.CheckId(id, "exec");
            ContainerState state = store.Load(id!);
            if (store.StatusOf(state) == ContainerStatus.Stopped)
            {
                throw new OciException("exec " + id, Errno.ESRCH, "cannot exec in a stopped container");
            }

            (OciProcess process, string file) = Process(options, state, operands);
            if (options.ConsoleSocket is not null && !process.Terminal)
            {
                throw new OciException("exec " + id + ": --console-socket", Errno.EINVAL, ConsoleSocket.WithoutTerminal);
            }

            if (process.Terminal && options.ConsoleSocket is null && options.Detach)
            {
                throw new OciException("exec " + id + ": process.terminal", Errno.EINVAL, ConsoleSocket.WithoutSocket);
            }

            SandboxBuilder builder = OciProcessFile.ToBuilder(process, file);
            if (state.Seccomp is { } seccomp)
            {
                // The container's filter, as runc exec applies it (with process.json's no_new_privs).
                builder.Seccomp(seccomp.ToProfile());
            }
            int pid = state.Pid;
            CloneFlags types = ExecCommand.Differing(pid);
            if (types != CloneFlags.None)
            {
                builder.Enter(pid, types);
            }

            foreach (string cgroup in ProcessCgroups.Of(pid))
            {
                builder.JoinCgroup(cgroup);
            }

            builder.Executable(Resolve(process, pid));
            // Detached, the process outlives nsbox (an engine's subreaper adopts it, as runc's); in the foreground it ends with nsbox.
            builder.ParentDeathSignal(options.Detach ? 0 : Native.SIGKILL);
            for (int fd = 3; fd < 3 + (options.PreserveFds ?? 0); fd++)
            {
                builder.InheritFd(fd);
            }

            // A terminal and no socket (in the foreground): nsbox is the console socket itself and relays the terminal, as runc exec does.
            FileDescriptor? relayEnd = null;
            FileDescriptor? console = options.ConsoleSocket is { } path ? ConsoleSocket.Connect(path) : null;
            if (console is null && process.Terminal)
            {
                (relayEnd, console) = TerminalRelay.SocketPair();
            }

            using FileDescriptor? relayed = relayEnd;
            using FileDescriptor? connected = console;
            if (console is not null)
            {
                builder.ConsoleSocket((int)console.DangerousGetHandle());
            }

            if (SandboxRunner.Signals?.TakeEndingSignal() is int early)
            {
                return ExitStatus.FromSignal(early).ToShellStatus();
            }

            using ChildProcess child = builder.Start();
            using FileDescriptor? master = relayEnd is null ? null : TerminalRelay.ReceiveMaster(relayEnd);
            log.Debug("exec in container " + id + ": process " + child.Pid.ToString(CultureInfo.InvariantCulture));
            if (options.PidFile is not null)
            {
                PidFile.Write(options.PidFile, child.Pid);
            }

            if (options.Detach)
            {
                return 0;
            }

            Func<ExitStatus> wait = () => SandboxRunner.Signals is { } signals ? child.WaitForExit(signals) : child.WaitForExit();
            return (master is null ? wait() : TerminalRelay.Relay(master, wait)).ToShellStatus();
        }, ErrorStatus);

        /// <summary>
        /// The process to run and the file its mistakes are told in: process.json as it is (runc
        /// then ignores the other process options), or the container's config.json process with
        /// COMMAND as its args and the options applied, as runc's exec applies them.
        /// </summary>
        private static (OciProcess Process, string File) Process(ExecOptions o, ContainerState state, string[] operands)
        {
            if (o.Process is { } path)
            {
                return (OciProcessFile.Load(path), Path.GetFileName(path));
            }

            OciProcess own = OciBundle.Load(state.Bundle).Config.Process ?? new OciProcess();
            if (operands.Length < 2)
            {
                throw new OciException("exec " + state.Id, Errno.EINVAL, "process args cannot be empty");
            }

            OciUser? user = own.User;
            if (o.Occurrences.FirstOrDefault(x => x.Name == "user" && x.Value is not null).Value is { } spec)
            {
                user = ParseUser(spec, user);
            }

            uint[] gids = o.AdditionalGids.Select(g => uint.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out uint n) ? n
                : throw new OciException("exec: --additional-gids '" + g + "'", Errno.EINVAL, "a group id is a number")).ToArray();
            if (gids.Length > 0)
            {
                user = new OciUser { Uid = user?.Uid ?? 0, Gid = user?.Gid ?? 0, Umask = user?.Umask, AdditionalGids = [.. user?.AdditionalGids ?? [], .. gids] };
            }

            string[] caps = o.Cap.ToArray();
            OciCapabilities? capabilities = own.Capabilities;
            if (caps.Length > 0)
            {
                // As runc 1.1.5: added to bounding, effective and permitted (ambient only beside an inheritable set).
                OciCapabilities c = capabilities ?? new OciCapabilities();
                capabilities = new OciCapabilities
                {
                    Bounding = [.. c.Bounding ?? [], .. caps],
                    Effective = [.. c.Effective ?? [], .. caps],
                    Permitted = [.. c.Permitted ?? [], .. caps],
                    Inheritable = c.Inheritable,
                    Ambient = c.Inheritable is null ? c.Ambient : [.. c.Ambient ?? [], .. caps],
                };
            }

            var process = new OciProcess
            {
                Terminal = o.Tty,
                ConsoleSize = own.ConsoleSize,
                User = user,
                Args = operands[1..],
                Env = [.. own.Env ?? [], .. o.Env],
                Cwd = o.Cwd ?? own.Cwd,
                Capabilities = capabilities,
                Rlimits = own.Rlimits,
                NoNewPrivileges = o.NoNewPrivs || own.NoNewPrivileges,
                OomScoreAdj = own.OomScoreAdj,
                ApparmorProfile = o.Apparmor ?? own.ApparmorProfile,
                SelinuxLabel = o.ProcessLabel ?? own.SelinuxLabel,
                IoPriority = own.IoPriority,
                Scheduler = own.Scheduler,
                ExecCpuAffinity = own.ExecCpuAffinity,
            };
            return (process, OciBundle.ConfigFileName);
        }

        private static bool Executable(string path)
        {
            try
            {
                Sys.Access(path, Native.X_OK);
                return true;
            }
            catch (ErrnoException)
            {
                return false;
            }
        }

        /// <summary>"UID" or "UID:GID", as runc's --user takes it.</summary>
        private static OciUser ParseUser(string spec, OciUser? own)
        {
            string[] parts = spec.Split(':', 2);
            if (!uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid))
            {
                throw new OciException("exec: --user '" + spec + "'", Errno.EINVAL, "parsing " + parts[0] + " as int for uid failed");
            }

            uint gid = own?.Gid ?? 0;
            if (parts.Length > 1 && !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out gid))
            {
                throw new OciException("exec: --user '" + spec + "'", Errno.EINVAL, "parsing " + parts[1] + " as int for gid failed");
            }

            return new OciUser { Uid = uid, Gid = gid, Umask = own?.Umask, AdditionalGids = own?.AdditionalGids };
        }

        /// <summary>
        /// The program as the container sees it: a name without '/' is looked up in the PATH of the
        /// process's own environment, in the container's root (through /proc/PID/root), as runc
        /// looks it up inside the container.
        /// </summary>
        private static string Resolve(OciProcess process, int pid)
        {
            string name = process.Args![0];
            if (name.Contains('/'))
            {
                return name;
            }

            string root = "/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/root";
            string path = (process.Env ?? []).LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..]
                ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
            foreach (string directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string inside = directory.TrimEnd('/') + "/" + name;
                if (File.Exists(root + inside) && Executable(root + inside))
                {
                    return inside;
                }
            }

            throw new OciException("exec \"" + name + "\"", Errno.ENOENT, "executable file not found in $PATH");
        }
    }
}
