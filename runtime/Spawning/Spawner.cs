using System;
using System.IO;
using System.Globalization;
using System.Linq;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using Interop.Linux;
using Interop.Runtime.Init;
using Interop.Runtime;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// The parent side of a spawn: prepare the plan, clone a CLONE_VM|CLONE_VFORK child on the stack below
    /// this thread's frame (see <see cref="ChildStack"/>; by clone3 where it can, see
    /// <see cref="Clone3Trampoline"/>), and learn whether it reached execve: from the reports it left in
    /// the plan's memory, or over the error pipe when a later program reports too. With VFORK this
    /// thread is suspended until the child has exec'd or exited, so when clone returns the outcome is known.
    /// </summary>
    internal static unsafe class Spawner
    {
        static Spawner() => PrepareChildCode();

        /// <summary>Starts the sandbox the plan describes.</summary>
        /// <exception cref="SandboxUsageException">The plan cannot be carried out as described (checked before anything runs).</exception>
        /// <exception cref="SpawnException">The command could not be started; nothing is left running or behind.</exception>
        public static ChildProcess Spawn(SandboxPlan plan) => Spawn(plan, null);

        /// <summary>
        /// The same; <paramref name="environment"/>, when not null, is the command's envp as it is,
        /// a NULL-terminated array of NUL-terminated strings that outlives the spawn (the init passes
        /// on the block the kernel laid out for it, see <see cref="InitProcess"/>), and
        /// <see cref="SandboxPlan.Environment"/> is not read.
        /// </summary>
        internal static ChildProcess Spawn(SandboxPlan plan, byte** environment)
        {
            ArgumentNullException.ThrowIfNull(plan);
            CheckPlan(plan);
            if (plan.Resources is { } resources)
            {
                // The cgroup is made and limited first; the same plan, joining it, starts inside.
                return Cgroups.SandboxCgroup.Spawn(plan, resources);
            }

            if (plan.CloneIntoCgroup is null && plan.Cgroups.Count > 0 && !plan.WithoutClone3
                && !plan.Cgroups.All(d => PlanLowering.IsV1Cgroup(HostFiles.Instance, d)))
            {
                // Joined cgroups (JoinCgroup: an OCI container's): clone3 places the child in the v2
                // one from its first instruction, as a sandbox's own cgroup (SandboxCgroup). When every
                // directory is v1 there is none for it, and the mount table need not be read.
                plan = plan with { CloneIntoCgroup = Cgroups.SandboxCgroup.OnlyUnified(plan.Cgroups, Cgroups.CgroupHost.Detect()) };
            }

            if (UserMaps.NeedPreparedNamespace(plan))
            {
                return UserMaps.SpawnInPreparedNamespace(plan);
            }

            int rootStep = plan.Steps.IndexOf<SandboxStep.Root>();
            string? root = rootStep >= 0 ? ((SandboxStep.Root)plan.Steps[rootStep]).Directory : null;
            if (root is not null)
            {
                // Before the command is looked up inside it: a missing root is the mistake to report.
                PlanLowering.CheckedRoot(root, HostFiles.Instance);
            }

            string path = plan.ExecutablePath ?? CommandResolver.Resolve(plan.FileName, root, plan.Environment);

            var argv = new List<string>(plan.Arguments.Count + 1) { plan.FileName };
            argv.AddRange(plan.Arguments);

            // PID 1 of a new PID namespace must outlive the command and keep running inside: not a VFORK
            // child of ours but a fresh program image, the init, which executes the command in turn.
            bool withInit = plan.UseInit && (plan.Namespaces & CloneFlags.NewPid) != 0;
            bool waits = plan.StartFifo is not null;
            if (waits && withInit)
            {
                throw new SandboxUsageException("start fifo", Errno.EINVAL, plan.StartFifo, "the process that waits becomes the command: run without the init (WithoutInit)");
            }

            string program = path;
            if (waits)
            {
                // A VFORK child cannot wait (its parent stays suspended until it executes): a fresh
                // image of nsbox waits instead, then executes the command in its own place.
                program = plan.InitPath ?? InitLocator.Find() ?? throw new SpawnException(ChildStep.None, "find the start waiter", Errno.ENOENT, InitLocator.ProgramName,
                    "waiting for start runs nsbox's waiter: call SandboxInit.RunIfRequested at the top of Main, or set NSBOX_INIT");
                argv.InsertRange(0, [program, StartWaiter.Verb, path]);
            }
            else if (withInit)
            {
                program = plan.InitPath ?? InitLocator.Find() ?? throw new SpawnException(ChildStep.None, "find the init", Errno.ENOENT, InitLocator.ProgramName,
                    "a new PID namespace runs an init as PID 1: call SandboxInit.RunIfRequested at the top of Main, set NSBOX_INIT, or run without an init (WithoutInit, --no-init)");
                // The mask the command is to start with, the init's own being all its signals blocked.
                SigSet commandMask;
                Native.pthread_sigmask(Native.SIG_BLOCK, null, &commandMask);
                commandMask = SignalProxy.MaskToInherit(commandMask);
                // The init passes its own environment block on as it is; it needs to know how many entries it holds.
                plan = plan with { Environment = plan.Environment ?? ProcessEnvironment.Entries() };
                argv.InsertRange(0, [program, InitProcess.Verb, InitProcess.BlockedArgument(&commandMask), plan.Environment.Count.ToString(CultureInfo.InvariantCulture), path]);
            }

            using var arena = new NativeArena();
            var lowering = new PlanLowering(arena, plan);
            FileDescriptor? programFd = null;
            FileDescriptor? fifoFd = null;
            FileDescriptor? cgroupFd = null;
            ChildPlan* native = null;
            try
            {
                if (waits)
                {
                    // O_PATH: opening a FIFO for reading or writing would block here; the waiter reopens it.
                    fifoFd = OpenStartFifo(plan.StartFifo!);
                }

                // The waiter reports on the error pipe too: a command missing in the root fails the start, not later.
                native = lowering.Lower(program, argv, withInit || waits ? InitProcess.ReportFd : -1, fifoFd is null ? -1 : fifoFd.Value, environment);
                if (withInit || waits)
                {
                    // The init lives on the host; after pivot_root its path is gone. Execute it by descriptor.
                    programFd = OpenProgram(program);
                    native->ProgramFd = programFd.Value;
                }

                cgroupFd = OpenCloneCgroup(plan);
                native->CloneCgroupFd = cgroupFd is null ? -1 : cgroupFd.Value;

                ChildProcess child = SpawnLowered(native, plan, path, lowering);
                if (waits)
                {
                    SetWaiterLimits(child, plan.ResourceLimits);
                }

                KeepNamespaces(native, plan, child);
                if (lowering.SeccompListenerSocket is { } listener)
                {
                    // Sent before the child executed, so it is waiting on the socket already.
                    child.SeccompListener = UnixSocket.ReceiveDescriptor(listener);
                }

                return child;
            }
            finally
            {
                programFd?.Dispose();
                fifoFd?.Dispose();
                cgroupFd?.Dispose();
                lowering.SeccompListenerSocket?.Dispose();

                foreach (FileDescriptor fd in lowering.OpenedFds)
                {
                    fd.Dispose();
                }

                // A child that failed after capturing namespaces left their fds in our table (it shared it).
                for (int i = 0; native != null && i < native->OperationCount; i++)
                {
                    if (native->Operations[i].Step == ChildStep.CaptureNamespace && native->Operations[i].Fd >= 0)
                    {
                        Native.close(native->Operations[i].Fd);
                    }
                }
            }
        }

        private static FileDescriptor OpenStartFifo(string fifo)
        {
            try
            {
                return PrivateDescriptor.MoveUp(Sys.Open(fifo, Native.O_PATH | Native.O_CLOEXEC, 0));
            }
            catch (ErrnoException e)
            {
                throw new SpawnException(ChildStep.None, "open the start fifo", e.Errno, fifo);
            }
        }

        /// <summary>
        /// The cgroup v2 directory clone3 is to start the child in, opened O_RDONLY|O_DIRECTORY
        /// (clone3 refuses an O_PATH descriptor with EBADF), or null: none, clone3 unavailable, or the
        /// directory cannot be opened (the child's write to its cgroup.procs then reports why, as before).
        /// </summary>
        private static FileDescriptor? OpenCloneCgroup(SandboxPlan plan)
        {
            if (plan.CloneIntoCgroup is not { } directory || plan.WithoutClone3 || Clone3Trampoline.Entry == null)
            {
                return null;
            }

            try
            {
                return PrivateDescriptor.MoveUp(Sys.Open(directory, Native.O_RDONLY | Native.O_DIRECTORY | Native.O_CLOEXEC, 0));
            }
            catch (ErrnoException)
            {
                return null;
            }
        }

        private static FileDescriptor OpenProgram(string program)
        {
            try
            {
                return PrivateDescriptor.MoveUp(Sys.Open(program, Native.O_PATH | Native.O_CLOEXEC, 0));
            }
            catch (ErrnoException e)
            {
                throw new SpawnException(ChildStep.None, "open the init", e.Errno, program);
            }
        }

        private static ChildProcess SpawnLowered(ChildPlan* plan, SandboxPlan sandbox, string path, PlanLowering lowering)
        {
            // Reports come after clone returns only from a program the child executes (the init,
            // the start waiter: PassErrorPipe) or from the grandchild of a PID-namespace fork; those
            // need the pipe. Every other child has executed or exited when clone returns
            // (CLONE_VFORK), so it writes its reports into the plan's memory, which it shares, and a
            // spawn saves the pipe's nine system calls (docs/design.md).
            bool forks = false, passesPipe = false;
            for (int i = 0; i < plan->OperationCount; i++)
            {
                forks |= plan->Operations[i].Step == ChildStep.ForkIntoPidNamespace;
                passesPipe |= plan->Operations[i].Step == ChildStep.PassErrorPipe;
            }

            bool piped = forks || passesPipe;
            int* pipe = stackalloc int[2];
            pipe[0] = pipe[1] = -1;
            if (piped && (Native.pipe2(pipe, Native.O_CLOEXEC) == -1 || !PrivateDescriptor.MoveUp(pipe)))
            {
                throw new SpawnException(ChildStep.None, "pipe2", LastErrno.Read());
            }

            try
            {
                plan->ErrorPipe = pipe[1];
                plan->ReportCount = 0;
                int pid = Clone(plan, sandbox, out Errno cloneErrno);
                if (piped)
                {
                    Native.close(pipe[1]);
                    pipe[1] = -1;
                }

                if (pid == -1)
                {
                    throw CloneFailed(cloneErrno, sandbox.CreateByUnshare ? CloneFlags.None : sandbox.Namespaces & ~CloneFlags.NewTime);
                }

                var warnings = new List<string>();
                ChildReport report;
                int nextReport = 0;
                while (piped ? ReadReport(pipe[0], &report) : TakeReport(plan, ref nextReport, &report))
                {
                    if (report.IsWarning != 0)
                    {
                        warnings.Add(Warning(report, plan, sandbox));
                        continue;
                    }

                    // The child has already exited (VFORK): reap it so no zombie stays.
                    using (var failed = new ChildProcess(pid, []))
                    {
                        failed.WaitForExit();
                    }

                    if (forks && plan->GrandchildPid > 0)
                    {
                        using var grandchild = new ChildProcess(plan->GrandchildPid, []);
                        grandchild.WaitForExit();
                    }

                    RemoveCreated(lowering.CreatedInRoot);
                    throw StepFailed(report, plan, sandbox, path);
                }

                if (forks)
                {
                    // The child only cloned the grandchild into the PID namespace and exited.
                    using (var intermediate = new ChildProcess(pid, []))
                    {
                        intermediate.WaitForExit();
                    }

                    pid = plan->GrandchildPid;
                }

                return new ChildProcess(pid, warnings) { PlacedByCloneIntoCgroup = plan->PlacedByClone != 0, HandlersClearedByClone3 = plan->HandlersCleared != 0 };
            }
            finally
            {
                if (pipe[0] != -1)
                {
                    Native.close(pipe[0]);
                }

                if (pipe[1] != -1)
                {
                    Native.close(pipe[1]);
                }
            }
        }

        /// <summary>
        /// After a failed start: removes the mount points created inside the new root (empty ones,
        /// deepest first), so a failure leaves nothing behind.
        /// </summary>
        private static void RemoveCreated(List<string> created)
        {
            for (int i = created.Count - 1; i >= 0; i--)
            {
                try
                {
                    Sys.Rmdir(created[i]);
                }
                catch (ErrnoException e) when (e.Errno == Errno.ENOTDIR)
                {
                    RemoveEmptyFile(created[i]);
                }
                catch (ErrnoException)
                {
                    // Not empty, busy or gone meanwhile: leave it rather than guess.
                }
            }
        }

        private static void RemoveEmptyFile(string path)
        {
            try
            {
                Sys.Stat(path, out Stat info);
                if (info.size == 0)
                {
                    Sys.Unlink(path);
                }
            }
            catch (ErrnoException)
            {
            }
        }

        /// <summary>
        /// Bind-mounts the namespaces the child captured onto their files (created if missing), then
        /// drops the captured descriptors. A failure kills the sandbox and removes the files it
        /// created: nothing half-made is left.
        /// </summary>
        private static void KeepNamespaces(ChildPlan* plan, SandboxPlan sandbox, ChildProcess child)
        {
            SpawnException? failure = null;
            var created = new List<string>();
            for (int i = 0; i < plan->OperationCount; i++)
            {
                ChildOperation* op = &plan->Operations[i];
                if (op->Step != ChildStep.CaptureNamespace)
                {
                    continue;
                }

                var keep = (SandboxStep.KeepNamespace)sandbox.Steps[op->SourceStep];
                string file = PlanLowering.Normalized(keep.File.StartsWith('/') ? keep.File : Environment.CurrentDirectory + "/" + keep.File);
                if (failure is null)
                {
                    try
                    {
                        if (CreateEmpty(file))
                        {
                            created.Add(file);
                        }

                        Sys.Mount("/proc/self/fd/" + op->Fd.ToString(CultureInfo.InvariantCulture), file, null, (ulong)MountFlags.Bind, null);
                    }
                    catch (ErrnoException e)
                    {
                        failure = new SpawnException(ChildStep.None, keep.Describe(), e.Errno, null,
                            keep.Type == CloneFlags.NewMount && e.Errno == Errno.EINVAL ? "a mount namespace can only be kept on a file in a private (not shared) mount" : null);
                    }
                }

                Native.close(op->Fd);
                op->Fd = -1;
            }

            if (failure is not null)
            {
                child.Kill();
                child.WaitForExit();
                child.Dispose();
                foreach (string file in created)
                {
                    try
                    {
                        Sys.Umount2(file, Native.MNT_DETACH);
                    }
                    catch (ErrnoException)
                    {
                    }

                    RemoveEmptyFile(file);
                }

                throw failure;
            }
        }

        /// <summary>Creates an empty file; false when it was there already.</summary>
        private static bool CreateEmpty(string file)
        {
            try
            {
                Sys.Open(file, Native.O_WRONLY | Native.O_CREAT | Native.O_EXCL | Native.O_CLOEXEC, 0x1A4 /* 0644 */).Dispose();
                return true;
            }
            catch (ErrnoException e) when (e.Errno == Errno.EEXIST)
            {
                return false;
            }
        }

        private static int Clone(ChildPlan* plan, SandboxPlan sandbox, out Errno errno)
        {
            CloneFlags namespaces = sandbox.Namespaces & ~sandbox.JoinedNamespaces;
            // The start waiter is executed by descriptor too, but executes the command with the mask it was given.
            bool withInit = (plan->ProgramFd >= 0 && sandbox.StartFifo is null) || (sandbox.UseInit && (namespaces & CloneFlags.NewPid) != 0);
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

            foreach (int signal in sandbox.UnblockAtExec)
            {
                Native.sigdelset(&plan->ExecSignalMask, signal);
            }

            // CLONE_NEWTIME shares its bit with the exit signal in clone(2): the child unshares it itself,
            // as it does every namespace when a prepared user namespace must own them.
            CloneFlags created = sandbox.CreateByUnshare ? CloneFlags.None : namespaces & ~CloneFlags.NewTime;
            if (sandbox.UnshareCgroupNamespace)
            {
                // The child unshares it once it is in its own cgroup (PlanLowering).
                created &= ~CloneFlags.NewCgroup;
            }

            CloneFlags flags = created | CloneFlags.Vm | CloneFlags.Vfork;
            if (sandbox.Steps.Exists<SandboxStep.KeepNamespace>())
            {
                // Share the fd table until the child has opened the namespaces to keep (it unshares it then).
                flags |= CloneFlags.Files;
            }

            int pid = -1;
            errno = Errno.None;
            var clone3 = sandbox.WithoutClone3 ? null : Clone3Trampoline.Entry;
            if (clone3 != null)
            {
                // The same child, stack and entry. The kernel resets every caught signal to SIG_DFL in
                // the child (CLONE_CLEAR_SIGHAND; ignored ones stay ignored), which otherwise takes the
                // child one sigaction per signal to find and undo (docs/design.md). With a cgroup v2
                // directory it starts there too: nothing it runs is ever outside.
                bool intoCgroup = plan->CloneCgroupFd >= 0;
                CloneArgs args = default;
                args.flags = (ulong)(flags | CloneFlags.ClearSighand | (intoCgroup ? CloneFlags.IntoCgroup : CloneFlags.None));
                args.exit_signal = (ulong)Native.SIGCHLD;
                args.stack = (ulong)stackTop - ChildStack.Clone3Size;
                args.stack_size = ChildStack.Clone3Size;
                args.cgroup = intoCgroup ? (ulong)plan->CloneCgroupFd : 0;
                plan->PlacedByClone = intoCgroup ? 1 : 0;
                plan->HandlersCleared = 1;
                int result = clone3(&args, Native.CLONE_ARGS_SIZE_VER2, &ChildEntry.Run, plan);
                if (result > 0)
                {
                    pid = result;
                }
                else
                {
                    // Whatever clone3 refused, clone(2) is tried next, and the child writes cgroup.procs of
                    // this directory too, as it did before clone3: so an error is still reported by the same
                    // call, in the same words. ENOSYS: a kernel before 5.3, or a container's seccomp profile
                    // that hides clone3 so libc falls back (docker's does). EPERM: a profile that denies
                    // clone3 that way instead (glibc's pthread_create would not fall back there, but this
                    // process may have all its threads already); or the namespaces need a privilege we
                    // lack, which clone then reports as it always did. EBADF: the directory is not on
                    // cgroup2. EACCES, EOPNOTSUPP, ENODEV, EBUSY: the cgroup refuses the process, which the
                    // child's write then reports. Not remembered: a seccomp filter is a thread's, and a
                    // refused clone3 costs little (docs/cgroups.md).
                    plan->PlacedByClone = 0;
                    plan->HandlersCleared = 0;
                }
            }

            if (pid == -1)
            {
                pid = Native.clone((delegate* unmanaged<void*, int>)&ChildEntry.Run, stackTop, unchecked((int)(ulong)flags) | Native.SIGCHLD, plan);
                errno = pid == -1 ? LastErrno.Read() : Errno.None;
            }

            Native.pthread_sigmask(Native.SIG_SETMASK, &plan->ParentSignalMask, null);
            return pid;
        }

        /// <summary>The next report the child left in the plan's memory; false when there is none (it executed the command).</summary>
        private static bool TakeReport(ChildPlan* plan, ref int next, ChildReport* report)
        {
            if (next >= plan->ReportCount)
            {
                return false;
            }

            *report = plan->Reports[next++];
            return true;
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

        /// <summary>
        /// The plan's resource limits on the waiting process, set from here (prlimit) now that it is
        /// up (the spawner returns once the waiter closed its report pipe): runc sets its init's from
        /// the parent too. The child leaves them out (PlanLowering.LowerCredentials): the waiter is
        /// NativeAOT and reserves its heap when it starts, which RLIMIT_AS below that would refuse;
        /// set afterwards, a limit holds for the command it executes. A refusal ends the waiter.
        /// </summary>
        private static void SetWaiterLimits(ChildProcess waiter, IReadOnlyList<ResourceLimit> limits)
        {
            foreach (ResourceLimit limit in limits)
            {
                var values = new Rlimit { rlim_cur = limit.Soft, rlim_max = limit.Hard };
                if (Native.prlimit(waiter.Pid, limit.Resource, &values, null) == -1)
                {
                    Errno errno = LastErrno.Read();
                    waiter.Kill();
                    waiter.WaitForExit();
                    waiter.Dispose();
                    throw new SpawnException(ChildStep.SetResourceLimit, "prlimit " + limit, errno);
                }
            }
        }

        /// <summary>A plan made without the builder may lack a namespace a step needs: each would otherwise change the host.</summary>
        private static void CheckPlan(SandboxPlan plan)
        {
            foreach (SandboxStep step in plan.Steps)
            {
                CloneFlags missing = step.Needs & ~plan.Namespaces;
                if (missing != CloneFlags.None && !(plan.CreateByUnshare && missing == CloneFlags.NewUser))
                {
                    throw new SandboxUsageException(step.Describe(), Errno.EINVAL, null, "it needs a new namespace " + NamespaceType.Describe(missing) + ", which the plan does not create");
                }
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
            return new SpawnException(ChildStep.None, "clone", errno, NamespaceType.Describe(namespaces), hint);
        }

        private static SpawnException StepFailed(ChildReport report, ChildPlan* plan, SandboxPlan sandbox, string path)
        {
            var step = (ChildStep)report.Step;
            var errno = (Errno)report.Errno;
            string what = report.Index >= 0 ? PlanLowering.Describe(plan, report.Index, sandbox) : ChildSteps.Words(step);
            if (step != ChildStep.None && report.Index >= 0 && step != plan->Operations[report.Index].Step)
            {
                // A step inside an operation (umount2 after pivot_root, PR_CAP_AMBIENT inside the capabilities).
                what = ChildSteps.Words(step) + " (" + what + ")";
            }

            return step switch
            {
                ChildStep.Exec => new SpawnException(step, "exec", errno, path),
                ChildStep.ExecInit when sandbox.StartFifo is not null => new SpawnException(ChildStep.ExecWaiter, "exec the start waiter", errno, sandbox.InitPath ?? InitLocator.Find()),
                ChildStep.ExecInit => new SpawnException(step, "exec the init", errno, sandbox.InitPath ?? InitLocator.Find()),
                ChildStep.SetHostname or ChildStep.SetDomainname => new SpawnException(step, what, errno, null,
                    errno == Errno.EINVAL ? $"a name is at most {Native.HOST_NAME_MAX} bytes" : null),
                ChildStep.WriteUidMap or ChildStep.WriteGidMap => new SpawnException(step, what, errno, null,
                    errno == Errno.EPERM ? "without CAP_SETUID outside the namespace only your own id can be mapped, one range" : null),
                ChildStep.CloseInheritedFds => new SpawnException(step, what, errno, null, "needs Linux 5.11 or later"),
                ChildStep.MakeReadOnly or ChildStep.CloneMount or ChildStep.AttachMount when errno == Errno.ENOSYS =>
                    new SpawnException(step, what, errno, null, "needs Linux 5.12 or later"),
                _ => new SpawnException(step, what, errno),
            };
        }

        private static string Warning(ChildReport report, ChildPlan* plan, SandboxPlan sandbox) =>
            (ChildStep)report.Step == ChildStep.PivotRootFellBackToChroot
                ? $"{PlanLowering.Describe(plan, report.Index, sandbox)}: pivot_root: {((Errno)report.Errno).Message()} ({((Errno)report.Errno).Name()}); moved the root with MS_MOVE and chroot instead"
                : StepFailed(report, plan, sandbox, "").Message;

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
