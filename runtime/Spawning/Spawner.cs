using System;
using System.IO;
using System.Linq;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using Interop.Linux;
using Interop.Runtime;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// The parent side of a spawn: prepare the plan, clone a CLONE_VM|CLONE_VFORK child on the stack below
    /// this thread's frame (see <see cref="ChildStack"/>), and learn over the error pipe whether it reached execve. With VFORK this thread is
    /// suspended until the child has exec'd or exited, so when clone returns the outcome is known.
    /// </summary>
    public static unsafe class Spawner
    {
        static Spawner() => PrepareChildCode();

        /// <summary>Starts the command in the requested namespaces.</summary>
        /// <exception cref="SpawnException">The command could not be started; nothing is left running.</exception>
        public static ChildProcess Spawn(SpawnOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            CheckOptions(options);
            if (UserMaps.NeedPreparedNamespace(options))
            {
                return UserMaps.SpawnInPreparedNamespace(options);
            }

            string path = options.ExecutablePath ?? CommandResolver.Resolve(options.FileName, options.RootDirectory);

            var argv = new List<string>(options.Arguments.Count + 1) { options.FileName };
            argv.AddRange(options.Arguments);
            // PID 1 of a new PID namespace, or the one that forks into a joined PID or time namespace
            // (joining those moves only the children of the caller): the init.
            bool withInit = options.UseInit && (options.Namespaces & CloneFlags.NewPid) != 0;
            bool joinsPid = options.JoinNamespaces.Any(j => (j.Type & CloneFlags.NewPid) != 0);
            string program = path;
            if (withInit)
            {
                // PID 1 must outlive the command and keep running inside: not a VFORK child of ours but
                // a fresh program image, nsbox in its init mode. It executes the command in turn.
                program = options.InitPath ?? InitLocator.Find() ?? throw new SpawnException(ChildStep.None, "find the init", Errno.ENOENT, InitLocator.ProgramName,
                    "a new PID namespace runs nsbox as PID 1: put nsbox beside the application or set NSBOX_INIT, or run without an init (UseInit = false, --no-init)");
                argv.InsertRange(0, [program, InitProcess.Verb, path]);
            }

            using var arena = new NativeArena();
            var planner = new PlanBuilder(arena, options);
            ChildPlan* plan = planner.Build(program, argv);
            plan->ForkIntoPidNamespace = joinsPid || (plan->UnshareFlags & (int)CloneFlags.NewPid) != 0 ? 1 : 0;
            int programFd = -1;
            if (withInit)
            {
                plan->PassErrorPipeAs = InitProcess.ReportFd;
                // The init lives on the host; after pivot_root its path is gone. Execute it by descriptor.
                fixed (byte* init = System.Text.Encoding.UTF8.GetBytes(program + "\0"))
                {
                    programFd = PrivateDescriptor.MoveUp(Native.open(init, Native.O_PATH | Native.O_CLOEXEC, 0));
                }

                if (programFd == -1)
                {
                    throw new SpawnException(ChildStep.None, "open the init", LastErrno.Read(), program);
                }

                plan->ProgramFd = programFd;
            }

            try
            {
                ChildProcess child = SpawnPlanned(plan, options, path, planner, withInit);
                KeepNamespaces(plan, options, child);
                return child;
            }
            finally
            {
                if (programFd != -1)
                {
                    Native.close(programFd);
                }

                foreach (int fd in planner.OpenedFds)
                {
                    Native.close(fd);
                }

                // A child that failed after capturing namespaces left their fds in our table (it shared it).
                for (int i = 0; i < plan->CaptureCount; i++)
                {
                    if (plan->Captures[i].Fd >= 0)
                    {
                        Native.close(plan->Captures[i].Fd);
                    }
                }
            }
        }

        private static ChildProcess SpawnPlanned(ChildPlan* plan, SpawnOptions options, string path, PlanBuilder planner, bool withInit)
        {

            int* pipe = stackalloc int[2];
            if (Native.pipe2(pipe, Native.O_CLOEXEC) == -1 || !PrivateDescriptor.MoveUp(pipe))
            {
                throw new SpawnException(ChildStep.None, "pipe2", LastErrno.Read());
            }

            try
            {
                plan->ErrorPipe = pipe[1];
                int pid = Clone(plan, options, withInit, out Errno cloneErrno);
                Native.close(pipe[1]);
                pipe[1] = -1;
                if (pid == -1)
                {
                    throw CloneFailed(cloneErrno, options.Namespaces);
                }

                var warnings = new List<string>();
                ChildReport report;
                while (ReadReport(pipe[0], &report))
                {
                    if (report.IsWarning != 0)
                    {
                        warnings.Add(Describe(report, options, path, planner));
                        continue;
                    }

                    // The child has already exited (VFORK): reap it so no zombie stays.
                    using (var failed = new ChildProcess(pid, []))
                    {
                        failed.WaitForExit();
                    }

                    if (plan->ForkIntoPidNamespace != 0 && plan->GrandchildPid > 0)
                    {
                        using var grandchild = new ChildProcess(plan->GrandchildPid, []);
                        grandchild.WaitForExit();
                    }

                    planner.RemoveCreatedMountPoints();

                    throw StepFailed(report, options, path, planner);
                }

                if (plan->ForkIntoPidNamespace != 0)
                {
                    // The child only cloned the grandchild into the joined PID namespace and exited.
                    using (var intermediate = new ChildProcess(pid, []))
                    {
                        intermediate.WaitForExit();
                    }

                    pid = plan->GrandchildPid;
                }

                return new ChildProcess(pid, warnings);
            }
            finally
            {
                Native.close(pipe[0]);
                if (pipe[1] != -1)
                {
                    Native.close(pipe[1]);
                }
            }
        }

        /// <summary>
        /// Bind-mounts the namespaces the child captured onto their files (created if missing), then
        /// drops the captured descriptors. A failure kills the sandbox: nothing half-made is left.
        /// </summary>
        private static void KeepNamespaces(ChildPlan* plan, SpawnOptions options, ChildProcess child)
        {
            SpawnException? failure = null;
            for (int i = 0; i < plan->CaptureCount; i++)
            {
                int fd = plan->Captures[i].Fd;
                string file = Path.GetFullPath(options.KeepNamespaces[i].File);
                if (failure is null)
                {
                    try
                    {
                        if (!File.Exists(file))
                        {
                            File.WriteAllBytes(file, []);
                        }

                        fixed (byte* source = System.Text.Encoding.UTF8.GetBytes($"/proc/self/fd/{fd}\0"))
                        fixed (byte* target = System.Text.Encoding.UTF8.GetBytes(file + "\0"))
                        {
                            if (Native.mount(source, target, null, (ulong)MountFlags.Bind, null) != 0)
                            {
                                failure = new SpawnException(ChildStep.None, "bind-mount the namespace on", LastErrno.Read(), file,
                                    options.KeepNamespaces[i].Type == CloneFlags.NewMount ? "a mount namespace can only be kept on a file in a private (not shared) mount" : null);
                            }
                        }
                    }
                    catch (IOException e)
                    {
                        failure = new SpawnException(ChildStep.None, "create " + file, Errno.EIO, null, e.Message);
                    }
                }

                Native.close(fd);
                plan->Captures[i].Fd = -1;
            }

            if (failure is not null)
            {
                child.Kill();
                child.WaitForExit();
                child.Dispose();
                throw failure;
            }
        }

        private static int Clone(ChildPlan* plan, SpawnOptions options, bool withInit, out Errno errno)
        {
            CloneFlags namespaces = options.Namespaces;
            // The child runs below this frame, on this thread's stack (see ChildStack for why).
            byte frameMarker = 0;
            void* stackTop = ChildStack.TopBelow(&frameMarker);

            // Block every signal so none runs a .NET handler in the child; the child restores the
            // saved mask itself right before execve, and the parent as soon as clone returns.
            SigSet all;
            Native.sigfillset(&all);
            Native.pthread_sigmask(Native.SIG_BLOCK, &all, &plan->ParentSignalMask);
            // The mask this process inherited: without what a SignalProxy blocked to forward signals.
            plan->ExecSignalMask = SignalProxy.MaskToInherit(plan->ParentSignalMask);
            if (withInit)
            {
                // The init reads its signals from a signalfd: they must be blocked from its first instruction.
                foreach (int signal in InitProcess.Signals)
                {
                    Native.sigaddset(&plan->ExecSignalMask, signal);
                }
            }

            foreach (int signal in options.UnblockAtExec)
            {
                Native.sigdelset(&plan->ExecSignalMask, signal);
            }

            // CLONE_NEWTIME shares its bit with the exit signal in clone(2): the child unshares it itself,
            // as it does every namespace when a prepared user namespace must own them.
            CloneFlags created = options.CreateByUnshare ? CloneFlags.None : namespaces & ~CloneFlags.NewTime;
            CloneFlags flags = created | CloneFlags.Vm | CloneFlags.Vfork;
            if (plan->CaptureCount > 0)
            {
                // Share the fd table until the child has opened the namespaces to keep (it unshares it then).
                flags |= CloneFlags.Files;
            }
            int pid = Native.clone((delegate* unmanaged<void*, int>)&ChildEntry.Run, stackTop, unchecked((int)(ulong)flags) | Native.SIGCHLD, plan);
            errno = pid == -1 ? LastErrno.Read() : Errno.None;

            Native.pthread_sigmask(Native.SIG_SETMASK, &plan->ParentSignalMask, null);
            return pid;
        }

        /// <summary>Reads one report; false at EOF, which means execve succeeded and closed the pipe.</summary>
        private static bool ReadReport(int fd, ChildReport* report)
        {
            nint n;
            do
            {
                n = Native.read(fd, (byte*)report, (nuint)sizeof(ChildReport));
            }
            while (n == -1 && LastErrno.Read() == Errno.EINTR);

            return n == sizeof(ChildReport);
        }

        private static void CheckOptions(SpawnOptions options)
        {
            const CloneFlags Supported = CloneFlags.NewMount | CloneFlags.NewUts | CloneFlags.NewIpc | CloneFlags.NewPid
                | CloneFlags.NewNet | CloneFlags.NewUser | CloneFlags.NewCgroup | CloneFlags.NewTime;
            CloneFlags ns = options.Namespaces;
            Require((ns & ~Supported) == 0, $"Namespaces may hold only {Supported}; got {ns}.");

            // Each of these would otherwise change the host: refuse them without their namespace.
            bool uts = (ns & CloneFlags.NewUts) != 0, mount = (ns & CloneFlags.NewMount) != 0;
            Require(options.Hostname is null || uts, "A hostname needs a new UTS namespace (CloneFlags.NewUts).");
            Require(options.Domainname is null || uts, "A domain name needs a new UTS namespace (CloneFlags.NewUts).");
            Require(options.Mounts.Count == 0 || mount, "Mounts need a new mount namespace (CloneFlags.NewMount).");
            Require(options.RootDirectory is null || mount, "A new root needs a new mount namespace (CloneFlags.NewMount).");
            Require((options.UidMappings.Count == 0 && options.GidMappings.Count == 0) || (ns & CloneFlags.NewUser) != 0,
                "Id maps need a new user namespace (CloneFlags.NewUser).");
            Require((options.MonotonicOffset == TimeSpan.Zero && options.BoottimeOffset == TimeSpan.Zero) || (ns & CloneFlags.NewTime) != 0,
                "Clock offsets need a new time namespace (CloneFlags.NewTime).");
            Require(options.RootDirectory is null || Directory.Exists(options.RootDirectory), $"root directory '{options.RootDirectory}' does not exist");
        }

        private static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message, "options");
            }
        }

        private static SpawnException CloneFailed(Errno errno, CloneFlags namespaces)
        {
            string? hint = errno switch
            {
                Errno.EPERM when (namespaces & ~CloneFlags.NewUser) != 0 =>
                    "creating namespaces needs CAP_SYS_ADMIN: run as root (sudo), or inside a user namespace where unprivileged ones are allowed (unshare --user --map-root-user)",
                Errno.EPERM or Errno.ENOSPC or Errno.EUSERS =>
                    "user namespaces are disabled or exhausted here: check /proc/sys/user/max_user_namespaces and kernel.unprivileged_userns_clone",
                _ => null,
            };
            return new SpawnException(ChildStep.None, "clone", errno, Describe(namespaces), hint);
        }

        private static SpawnException StepFailed(ChildReport report, SpawnOptions options, string path, PlanBuilder planner)
        {
            var step = (ChildStep)report.Step;
            var errno = (Errno)report.Errno;
            return step switch
            {
                ChildStep.SetHostname => new SpawnException(step, "sethostname", errno, options.Hostname,
                    errno == Errno.EINVAL ? "a hostname is at most 64 bytes" : null),
                ChildStep.Exec => new SpawnException(step, "exec", errno, path),
                ChildStep.ChangeDirectory => new SpawnException(step, "chdir", errno, options.WorkingDirectory),
                ChildStep.PivotRoot or ChildStep.DetachOldRoot => new SpawnException(step, StepWords(step), errno, options.RootDirectory),
                ChildStep.JoinNamespace when report.Index >= 0 && report.Index < planner.JoinDescriptions.Count =>
                    new SpawnException(step, planner.JoinDescriptions[report.Index], errno),
                ChildStep.InheritFd => new SpawnException(step, "keep fd", errno, report.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ChildStep.FileSystem when report.Index >= 0 && report.Index < planner.OperationDescriptions.Count =>
                    new SpawnException(step, planner.OperationDescriptions[report.Index], errno),
                ChildStep.WriteUidMap or ChildStep.WriteGidMap => new SpawnException(step, StepWords(step), errno, null,
                    errno == Errno.EPERM ? "without CAP_SETUID outside the namespace only your own id can be mapped, one range" : null),
                ChildStep.CloseInheritedFds => new SpawnException(step, "close_range", errno, null, "needs Linux 5.11 or later"),
                _ => new SpawnException(step, StepWords(step), errno),
            };
        }

        private static string Describe(ChildReport report, SpawnOptions options, string path, PlanBuilder planner) =>
            (ChildStep)report.Step == ChildStep.PivotRootFellBackToChroot
                ? $"pivot_root {options.RootDirectory}: {((Errno)report.Errno).Message()} ({((Errno)report.Errno).Name()}); moved the root with MS_MOVE and chroot instead"
                : StepFailed(report, options, path, planner).Message;

        /// <summary>The words a step's failure is described with: the system call and what it acted on.</summary>
        private static string StepWords(ChildStep step) => step switch
        {
            ChildStep.ResetSignals => "sigaction",
            ChildStep.RestoreSignalMask => "pthread_sigmask",
            ChildStep.ParentDeathSignal => "prctl PR_SET_PDEATHSIG",
            ChildStep.WriteUidMap => "write /proc/self/uid_map",
            ChildStep.DenySetgroups => "write /proc/self/setgroups",
            ChildStep.WriteGidMap => "write /proc/self/gid_map",
            ChildStep.EnterTimeNamespace => "unshare CLONE_NEWTIME",
            ChildStep.WriteTimeOffsets => "write /proc/self/timens_offsets",
            ChildStep.MakeRootPrivate => "mount --make-rprivate /",
            ChildStep.PivotRoot => "pivot_root",
            ChildStep.DetachOldRoot => "umount2 old root",
            ChildStep.SetDomainname => "setdomainname",
            ChildStep.BringUpLoopback => "ioctl SIOCSIFFLAGS lo up",
            ChildStep.ChangeDirectory => "chdir",
            ChildStep.NewSession => "setsid",
            ChildStep.NoNewPrivileges => "prctl PR_SET_NO_NEW_PRIVS",
            _ => "child step " + (int)step,
        };

        /// <summary>"(CLONE_NEWUTS|CLONE_NEWPID)": the flags in the form the man page uses.</summary>
        private static string Describe(CloneFlags namespaces)
        {
            var names = new List<string>();
            if ((namespaces & CloneFlags.NewUser) != 0) names.Add("CLONE_NEWUSER");
            if ((namespaces & CloneFlags.NewMount) != 0) names.Add("CLONE_NEWNS");
            if ((namespaces & CloneFlags.NewUts) != 0) names.Add("CLONE_NEWUTS");
            if ((namespaces & CloneFlags.NewIpc) != 0) names.Add("CLONE_NEWIPC");
            if ((namespaces & CloneFlags.NewPid) != 0) names.Add("CLONE_NEWPID");
            if ((namespaces & CloneFlags.NewNet) != 0) names.Add("CLONE_NEWNET");
            if ((namespaces & CloneFlags.NewCgroup) != 0) names.Add("CLONE_NEWCGROUP");
            return names.Count == 0 ? "(no namespaces)" : "(" + string.Join("|", names) + ")";
        }

        /// <summary>
        /// Under the JIT, compile the child's code and bind every P/Invoke it calls now: measured, an
        /// uncompiled child compiled itself into memory shared with the parent and the parent aborted.
        /// The methods are AggressiveOptimization, so tiering never recompiles them behind our back.
        /// Under NativeAOT all of it is already compiled and bound.
        /// </summary>
        private static void PrepareChildCode()
        {
            // Runs the class constructor that picks per-architecture syscall numbers (JIT and AOT),
            // and under the JIT binds every P/Invoke the child may call.
            Native.PrelinkAll();
            if (!RuntimeFeature.IsDynamicCodeCompiled)
            {
                return;
            }

            foreach (MethodInfo method in typeof(ChildEntry).GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }
    }
}
