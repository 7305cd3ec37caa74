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
        /// <param name="consoleSocket">--console-socket: where the pty master goes when config.json asks for a terminal.</param>
        /// <param name="relayTerminal">run in the foreground: with a terminal and no socket, runc relays the terminal itself.</param>
        /// <param name="relayEnd">Set when nsbox relays the terminal: its end of the socket the child sends the master on (<see cref="TerminalRelay"/>).</param>
        /// <param name="startAtOnce">
        /// run: when nothing has to happen between create and start (no prestart, createRuntime,
        /// createContainer or startContainer hook, no seccomp agent), the process executes the
        /// command as soon as it is set up, with no start waiter (a second nsbox start inside the
        /// container); it joins its cgroups itself, first. <paramref name="started"/> says whether it did.
        /// </param>
        /// <param name="started">The process executes the command already: there is nothing to start.</param>
        public static ChildProcess Create(ContainerStore store, OciLog log, string? id, string? bundleDirectory, string? pidFile, string verb, string? consoleSocket, bool relayTerminal, out FileDescriptor? relayEnd, bool startAtOnce, out bool started)
        {
            ContainerStore.CheckId(id, verb);
            OciBundle bundle = OciBundle.Load(bundleDirectory ?? Environment.CurrentDirectory);
            started = startAtOnce && NothingBetweenCreateAndStart(bundle.Config);
            SandboxBuilder builder = bundle.ToBuilder(id).ParentDeathSignal(0);
            builder = started ? builder.WithoutInit() : builder.WaitForStart(store.FifoOf(id!));
            if (ContainerHooks.StartContainerHooksOf(bundle, id!) is { } startContainer)
            {
                // The waiter takes it out of its environment before the command runs.
                builder.SetEnvironment(Interop.Runtime.Oci.Hooks.StartContainerHooks.EnvironmentVariable, startContainer);
            }

            using FileDescriptor? console = ConsoleFor(bundle, id!, verb, consoleSocket, relayTerminal, out relayEnd);
            if (console is not null)
            {
                builder.ConsoleSocket((int)console.DangerousGetHandle());
            }

            SandboxPlan plan = builder.Build();
            var warnings = new System.Collections.Generic.List<string>();
            CgroupSettings cgroupSettings = bundle.CgroupSettings(warnings);
            warnings.ForEach(log.Warn);

            using FileStream lockFile = store.Lock(id!, create: true);
            if (store.Exists(id!))
            {
                throw new OciException(verb + " " + id, Errno.EEXIST, "a container with this id exists");
            }

            ChildProcess? process = null;
            Cgroup? cgroup = null;
            try
            {
                // The child joins the container's cgroup as its first step (docs/oci.md, "Placement, then
                // limits"). Without a waiter the limits come first: the child goes on to the command. With
                // one they follow once it waits on the start FIFO: Start returns when the waiter is up, its
                // threads started, so a pids.max below their count holds, as runc sets its limits after it
                // placed its init. A failure is undone below, the cgroup with the rest.
                cgroup = ContainerCgroups.Make(cgroupSettings, id!, log);
                if (started && cgroup is not null)
                {
                    ContainerCgroups.Limit(cgroup, cgroupSettings);
                }

                if (!started)
                {
                    ContainerProcess.MakeFifo(store.FifoOf(id!));
                }

                process = (cgroup?.JoinedBy(plan) ?? plan).Start();
                if (!started && cgroup is not null)
                {
                    ContainerCgroups.Limit(cgroup, cgroupSettings);
                }

                log.Debug("container " + id + ": process " + process.Pid.ToString(CultureInfo.InvariantCulture) + " waits for start");
                ProcessStat stat = ProcessStat.Read(process.Pid) ?? throw new OciException(verb + " " + id, Errno.ESRCH, "the container's process ended while it was set up");
                var state = new ContainerState
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
                    Hooks = bundle.Config.Hooks,
                    Seccomp = bundle.Config.Linux?.Seccomp,
                    CgroupPaths = cgroup?.Directories.Select(d => d.Path).ToArray() ?? [],
                    CgroupsCreated = cgroup?.Created.ToArray() ?? [],
                    Resources = cgroupSettings.Resources,
                    NewPidNamespace = bundle.Config.Linux?.Namespaces?.Any(n => n.Type == "pid" && string.IsNullOrEmpty(n.Path)) == true,
                };
                store.Save(state);
                if (process.SeccompListener is { } listener)
                {
                    // A notifying filter: its listener goes to the agent on listenerPath, as the spec says.
                    SendSeccompListener(plan, listener, state, bundle, verb);
                }

                ContainerHooks.RunCreateHooks(state, process.Pid);

                if (pidFile is not null)
                {
                    PidFile.Write(pidFile, process.Pid);
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

                // As runc destroys a container that failed to be created: its poststop hooks run too.
                ContainerHooks.RunWarning("poststop", bundle.Config.Hooks?.Poststop, new Interop.Runtime.Oci.Hooks.OciState
                {
                    Id = id!, Status = Interop.Runtime.Oci.Hooks.OciState.Stopped, Bundle = bundle.Directory, Annotations = bundle.Config.Annotations is { Count: > 0 } a ? new(a) : null,
                });
                throw;
            }
        }

        /// <summary>Whether the config asks for nothing between create and start: no hook that runs before the command, no seccomp agent to hand the listener to first.</summary>
        private static bool NothingBetweenCreateAndStart(Interop.Runtime.Oci.OciConfig config) =>
            config.Linux?.Seccomp?.ListenerPath is null
            && config.Hooks?.Prestart is not { Length: > 0 } && config.Hooks?.CreateRuntime is not { Length: > 0 }
            && config.Hooks?.CreateContainer is not { Length: > 0 } && config.Hooks?.StartContainer is not { Length: > 0 };

        private static void SendSeccompListener(SandboxPlan plan, FileDescriptor listener, ContainerState state, OciBundle bundle, string verb)
        {
            try
            {
                Interop.Runtime.Seccomp.SeccompListener.Send(plan.Seccomp!.Profile, listener, new Interop.Runtime.Oci.Hooks.OciState
                {
                    Id = state.Id, Status = Interop.Runtime.Oci.Hooks.OciState.Creating, Pid = state.Pid, Bundle = bundle.Directory, Annotations = state.Annotations,
                });
            }
            catch (ErrnoException e)
            {
                throw new OciException(verb + " " + state.Id + ": linux.seccomp.listenerPath " + plan.Seccomp!.Profile.ListenerPath, e.Errno, "send the seccomp listener");
            }
        }

        /// <summary>The console socket, connected, when config.json asks for a terminal; runc's refusals when socket and terminal do not go together.</summary>
        private static FileDescriptor? ConsoleFor(OciBundle bundle, string id, string verb, string? consoleSocket, bool relayTerminal, out FileDescriptor? relayEnd)
        {
            relayEnd = null;
            bool terminal = bundle.Config.Process?.Terminal == true;
            if (terminal && consoleSocket is null && relayTerminal)
            {
                (FileDescriptor ours, FileDescriptor theirs) = TerminalRelay.SocketPair();
                relayEnd = ours;
                return theirs;
            }

            if (consoleSocket is not null && !terminal)
            {
                throw new OciException(verb + " " + id + ": --console-socket", Errno.EINVAL, ConsoleSocket.WithoutTerminal);
            }

            if (terminal && consoleSocket is null)
            {
                throw new OciException(verb + " " + id + ": process.terminal", Errno.EINVAL, ConsoleSocket.WithoutSocket);
            }

            return consoleSocket is null ? null : ConsoleSocket.Connect(consoleSocket);
        }
    }
}
