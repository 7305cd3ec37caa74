using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// The code that runs in the cloned child, between clone and execve, below the parent's frame,
    /// while the parent thread is suspended (CLONE_VM|CLONE_VFORK). It reads top to bottom: a fixed
    /// prologue, one loop over the operations the parent lowered (<see cref="Apply"/>, one switch),
    /// execve. Rules, measured (docs/design.md): no allocation, no exceptions, no locks, no static
    /// fields (a class constructor check could run here), no string work; only the
    /// [SuppressGCTransition] bindings in Native.InChild over the plan the parent prepared.
    /// </summary>
    internal static unsafe partial class ChildEntry
    {
        /// <summary>The child's entry point, passed to clone(2) as fn. Never returns on success.</summary>
        [UnmanagedCallersOnly]
        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int Run(void* argument)
        {
            ChildPlan* plan = (ChildPlan*)argument;

            // The child inherited .NET's signal handlers: until they are reset, a signal would run parent code here.
            Check(plan, ResetSignalHandlers(plan), ChildStep.ResetSignals, -1);

            // Die with the spawning thread (the parent's SIGKILL, or its own end, takes the sandbox down).
            SetParentDeathSignal(plan);

            RunFrom(plan, 0);
            return ExitCodes.NotFound;
        }

        /// <summary>The grandchild of a PID-namespace fork: the same prologue, then the operations after the fork.</summary>
        [UnmanagedCallersOnly]
        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int RunGrandchild(void* argument)
        {
            ChildPlan* plan = (ChildPlan*)argument;

            // A parent-death signal is not inherited by a child: ask again.
            SetParentDeathSignal(plan);

            RunFrom(plan, plan->ResumeAt);
            return ExitCodes.NotFound;
        }

        /// <summary>Every operation from <paramref name="start"/> on, in order, then the program.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void RunFrom(ChildPlan* plan, int start)
        {
            for (int i = start; i < plan->OperationCount; i++)
            {
                ChildOperation* op = &plan->Operations[i];
                if (op->Step == ChildStep.ForkIntoPidNamespace)
                {
                    // The rest runs in the grandchild, inside the PID namespace; this child ends here.
                    plan->ResumeAt = i + 1;
                    ForkIntoPidNamespace(plan, op, i);
                }

                if (!Apply(plan, op, i))
                {
                    Fail(plan, op->Step, i);
                }
            }

            // Last before exec: signals stay blocked while any handler could still be the parent's.
            Check(plan, Native.InChild.pthread_sigmask(Native.SIG_SETMASK, &plan->ExecSignalMask, null) == 0, ChildStep.RestoreSignalMask, -1);

            if (plan->ProgramFd >= 0)
            {
                // An empty path, not a null one: fixed over an empty span would give null (EFAULT).
                byte empty = 0;
                Native.InChild.execveat(plan->ProgramFd, &empty, plan->Argv, plan->Envp, Native.AT_EMPTY_PATH);
                Fail(plan, ChildStep.ExecInit, -1);
            }
            else
            {
                Native.InChild.execve(plan->Path, plan->Argv, plan->Envp);
            }

            Fail(plan, ChildStep.Exec, -1);
        }

        /// <summary>One operation: true when it succeeded (errno tells why not).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool Apply(ChildPlan* plan, ChildOperation* op, int index)
        {
            switch (op->Step)
            {
                // Fd: a namespace descriptor (or a pidfd) the parent opened; Argument: its CLONE_NEW* type(s).
                case ChildStep.JoinNamespace:
                    return Native.InChild.setns(op->Fd, op->Argument) == 0;

                // setgroups may be denied there (a namespace made by an unprivileged user): ids still change.
                case ChildStep.BecomeRoot:
                    return (Native.InChild.setgroups(0, null) == 0 || LastError() == (int)Errno.EPERM)
                        && Native.InChild.setresgid(0, 0, 0) == 0 && Native.InChild.setresuid(0, 0, 0) == 0;

                // Argument: the CLONE_NEW* flags to create inside a joined user namespace.
                case ChildStep.UnshareNamespaces:
                case ChildStep.EnterTimeNamespace:
                    return Native.InChild.unshare(op->Argument) == 0;

                // Path: a /proc/self file; Data, Length: what to write (id maps, "deny", clock offsets).
                case ChildStep.WriteUidMap:
                case ChildStep.DenySetgroups:
                case ChildStep.WriteGidMap:
                case ChildStep.WriteTimeOffsets:
                    return WriteFile(op->Path, op->Data, op->Length);

                // Path: a /proc/self/ns entry, opened into the fd table still shared with the parent.
                case ChildStep.CaptureNamespace:
                    op->Fd = Native.InChild.open(op->Path, Native.O_RDONLY | Native.O_CLOEXEC, 0);
                    return op->Fd != -1;

                case ChildStep.UnshareFiles:
                    return Native.InChild.unshare((int)CloneFlags.Files) == 0;

                // Path, Source, FileSystemType, Flags, Data: mount(2)'s arguments (MakeRootPrivate: "/" and MS_REC|MS_PRIVATE).
                case ChildStep.MakeRootPrivate:
                case ChildStep.Mount:
                    return Native.InChild.mount(op->Source, op->Path, op->FileSystemType, op->Flags, op->Data) == 0;

                // Path: a directory to create; one that exists already is fine.
                case ChildStep.MakeDirectory:
                    return Native.InChild.mkdir(op->Path, 0x1ED /* 0755 */) == 0 || LastError() == (int)Errno.EEXIST;

                // Path: an empty file to create as a mount point; an existing file, directory or node is fine.
                case ChildStep.CreateFile:
                    int fd = Native.InChild.open(op->Path, Native.O_WRONLY | Native.O_CREAT | Native.O_CLOEXEC, 0x1A4 /* 0644 */);
                    if (fd == -1)
                    {
                        return LastError() is (int)Errno.EISDIR or (int)Errno.EEXIST;
                    }

                    Native.InChild.close(fd);
                    return true;

                // Path: a mount to make read-only with all its submounts.
                case ChildStep.MakeReadOnly:
                    MountAttr attributes = default;
                    attributes.attr_set = Native.MOUNT_ATTR_RDONLY;
                    return Native.InChild.mount_setattr(Native.AT_FDCWD, op->Path, (uint)Native.AT_RECURSIVE, &attributes, (nuint)sizeof(MountAttr)) == 0;

                // Source: a host path whose mount is copied now, before a later mount hides it; Fd: the copy.
                case ChildStep.CloneMount:
                    op->Fd = Native.InChild.open_tree(Native.AT_FDCWD, op->Source, Native.OPEN_TREE_CLONE | (uint)Native.O_CLOEXEC);
                    return op->Fd != -1;

                // Argument: the index of the CloneMount whose copy goes to Path.
                case ChildStep.AttachMount:
                    byte none = 0;
                    int copy = plan->Operations[op->Argument].Fd;
                    bool attached = Native.InChild.move_mount(copy, &none, Native.AT_FDCWD, op->Path, Native.MOVE_MOUNT_F_EMPTY_PATH) == 0;
                    if (attached)
                    {
                        Native.InChild.close(copy);
                    }

                    return attached;

                // Path: what to hide; Source: /dev/null.
                case ChildStep.MaskPath:
                    return MaskPath(op);

                // Path: what to make read-only, where it exists.
                case ChildStep.ReadOnlyPath:
                    return MakePathReadOnly(op);

                // Path: the link; Source: what it points to; Argument 1: an existing one is fine, 2: what is there is replaced.
                case ChildStep.Symlink:
                    if (op->Argument == 2)
                    {
                        Native.InChild.unlink(op->Path);
                    }

                    return Native.InChild.symlink(op->Source, op->Path) == 0 || (op->Argument == 1 && LastError() == (int)Errno.EEXIST);

                // Path: the node; Source: the host's node of the same path; Data: the DeviceNode; Argument 1: bind at once.
                case ChildStep.MakeDevice:
                    return MakeDevice(op);

                // Path: the new root, already a mount point (bound onto itself).
                case ChildStep.PivotRoot:
                    return PivotRoot(plan, op, index);

                // Data, Length: the name, not NUL-terminated.
                case ChildStep.SetHostname:
                    return Native.InChild.sethostname(op->Data, op->Length) == 0;
                case ChildStep.SetDomainname:
                    return Native.InChild.setdomainname(op->Data, op->Length) == 0;

                case ChildStep.BringUpLoopback:
                    return BringUpLoopback();

                // Path: the command's working directory; Argument: 0, or 1 and 2+N for a try before and after the user changes (ChildEntry.Credentials.cs).
                case ChildStep.ChangeDirectory:
                    return ChangeDirectory(plan, op);

                case ChildStep.NewSession:
                    return Native.InChild.setsid() != -1;

                case ChildStep.NoNewPrivileges:
                    return Native.InChild.prctl(Native.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0;

                // Flags: the capabilities to drop; Argument: 1 to keep the rest across exec (ambient).
                case ChildStep.DropCapabilities:
                    AdjustCapabilities(plan, op->Flags, op->Argument != 0, index);
                    return true;

                // Fd: the descriptor to make stderr.
                case ChildStep.RedirectStandardError:
                    return Native.InChild.dup3(op->Fd, 2, 0) != -1;

                // Argument: 0 or 1.
                case ChildStep.RedirectStandardStream:
                    return Native.InChild.dup3(op->Fd, op->Argument, 0) != -1;

                // CLOEXEC rather than close: the error pipe must stay open until execve succeeds.
                case ChildStep.CloseInheritedFds:
                    return Native.InChild.close_range(3, uint.MaxValue, Native.CLOSE_RANGE_CLOEXEC) == 0;

                // Fd: a descriptor the command inherits.
                case ChildStep.InheritFd:
                    return Native.InChild.fcntl(op->Fd, Native.F_SETFD, 0) == 0;

                // Argument: the descriptor the executed init reads the error pipe from.
                case ChildStep.PassErrorPipe:
                    return Native.InChild.dup3(plan->ErrorPipe, op->Argument, 0) != -1;

                // Path: a v1 cgroup's tasks, a v2 one's cgroup.procs; Data: "0" (the writer itself moves); Argument: 1 for the
                // v2 directory clone3 may have placed the child in already (CLONE_INTO_CGROUP).
                case ChildStep.JoinCgroup:
                    return (op->Argument == 1 && plan->PlacedByClone != 0) || WriteFile(op->Path, op->Data, op->Length);

                // Fd: the console socket; Path, FileSystemType: /dev/pts/ptmx, else /dev/ptmx; Source: /dev/console or null; Data: a ChildTerminal.
                case ChildStep.AttachTerminal:
                    return AttachTerminal(plan, op, index);

                // Fd: the start FIFO's O_PATH descriptor; Argument: where the waiter expects it.
                case ChildStep.PassStartFifo:
                    return Native.InChild.dup3(op->Fd, op->Argument, 0) != -1;

                // Path, Data, Length: the /proc file and the text, prepared by the parent.
                case ChildStep.SetOomScoreAdjustment:
                case ChildStep.WriteSysctl:
                    return WriteFile(op->Path, op->Data, op->Length);

                // Argument: RLIMIT_*; Data: the Rlimit.
                case ChildStep.SetResourceLimit:
                    return Native.InChild.setrlimit(op->Argument, (Rlimit*)op->Data) == 0;

                // Argument: the mask; umask cannot fail.
                case ChildStep.SetUmask:
                    Native.InChild.umask((uint)op->Argument);
                    return true;

                // Flags: the bounding set to keep.
                case ChildStep.DropBoundingSet:
                    return DropBoundingSet(op->Flags);

                // Argument: 1 to keep the permitted set across the user change, 0 to stop.
                case ChildStep.KeepCapabilitiesAcrossSetuid:
                    return Native.InChild.prctl(Native.PR_SET_KEEPCAPS, (ulong)op->Argument, 0, 0, 0) == 0;

                // Argument: how many; Data: the gids; Flags 1: in a user namespace, where "deny" refuses it (EPERM) and runc goes on.
                case ChildStep.SetGroups:
                    return Native.InChild.setgroups(op->Argument, (uint*)op->Data) == 0 || (op->Flags != 0 && LastError() == (int)Errno.EPERM);

                // Argument: the id, for all three.
                case ChildStep.SetGroupId:
                    return Native.InChild.setresgid((uint)op->Argument, (uint)op->Argument, (uint)op->Argument) == 0;
                case ChildStep.SetUserId:
                    return Native.InChild.setresuid((uint)op->Argument, (uint)op->Argument, (uint)op->Argument) == 0;

                // Data: effective, permitted, inheritable, ambient (four ulongs).
                case ChildStep.SetCapabilities:
                    return SetCapabilitySets((ulong*)op->Data);

                // Data: a ChildSeccomp; Flags: seccomp(2)'s flags; Fd: the socket its listener goes over, or -1.
                case ChildStep.LoadSeccomp:
                    return LoadSeccomp(plan, op, index);

                default:
                    *Native.InChild.__errno_location() = (int)Errno.EINVAL;
                    return false;
            }
        }

        /// <summary>
        /// setns or unshare of a PID namespace moves only the caller's future children, and a process
        /// whose children go elsewhere cannot even start threads (the .NET init could not run). So the
        /// child clones once more, the same way (CLONE_VM|CLONE_VFORK, on the stack below its frame),
        /// with CLONE_PARENT so the grandchild is the spawner's own child (and CLONE_FILES while
        /// namespaces are still to be captured: Argument 1); it records the grandchild's pid in the
        /// plan (shared memory) and exits. The grandchild goes on from <see cref="ChildPlan.ResumeAt"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ForkIntoPidNamespace(ChildPlan* plan, ChildOperation* op, int index)
        {
            byte frameMarker = 0;
            void* stackTop = ChildStack.TopBelowUnchecked(&frameMarker);
            CloneFlags clone = CloneFlags.Vm | CloneFlags.Vfork | CloneFlags.Parent | (op->Argument != 0 ? CloneFlags.Files : CloneFlags.None);
            int pid = Native.clone((delegate* unmanaged<void*, int>)&RunGrandchild, stackTop, unchecked((int)(ulong)clone) | Native.SIGCHLD, plan);
            Check(plan, pid != -1, ChildStep.ForkIntoPidNamespace, index);
            plan->GrandchildPid = pid;
            Native.InChild._exit(0);
        }

        /// <summary>
        /// pivot_root(2) the way its man page recommends: chdir into the new root, pivot_root(".", "."),
        /// then detach the old root stacked beneath. Where the kernel refuses (EINVAL: an initramfs
        /// root or a shared parent; EBUSY or ELOOP: the new root is the old one, as with --root /), move the
        /// root with MS_MOVE and chroot instead, and warn.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool PivotRoot(ChildPlan* plan, ChildOperation* op, int index)
        {
            fixed (byte* dot = "."u8)
            fixed (byte* slash = "/"u8)
            {
                if (Native.InChild.chdir(op->Path) != 0)
                {
                    return false;
                }

                if (Native.InChild.pivot_root(dot, dot) == 0)
                {
                    Check(plan, Native.InChild.umount2(dot, Native.MNT_DETACH) == 0, ChildStep.DetachOldRoot, index);
                }
                else if (LastError() is (int)Errno.EINVAL or (int)Errno.EBUSY or (int)Errno.ELOOP)
                {
                    // A move onto itself (the new root is the old one) is refused too (EINVAL, ELOOP): chroot alone then does.
                    Report(plan, ChildStep.PivotRootFellBackToChroot, index, isWarning: true);
                    if (Native.InChild.mount(dot, slash, null, (ulong)MountFlags.Move, null) != 0 && LastError() is not ((int)Errno.EINVAL or (int)Errno.ELOOP))
                    {
                        return false;
                    }

                    if (Native.InChild.chroot(dot) != 0)
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }

                return Native.InChild.chdir(slash) == 0;
            }
        }

        /// <summary>
        /// The child inherited the parent's dispositions, which are the runtime's, not the ones nsbox
        /// was started with. Caught signals run .NET's handlers (a signal delivered before exec would
        /// run parent code in the child): reset to SIG_DFL. SIGPIPE is ignored by the .NET runtime for
        /// itself, unconditionally, before any of our code runs, and the kernel state it leaves is the
        /// same whether nsbox's own parent ignored SIGPIPE or not (measured, docs/design.md "Signals
        /// and descriptors"): so it goes back to SIG_DFL too, as a command expects, and `yes | head`
        /// ends by SIGPIPE, unless the caller said it inherited SIGPIPE ignored (plan->KeepIgnored:
        /// nsbox reads it before the runtime starts, cli/Native). Every other ignored signal was ignored by whoever started nsbox (the
        /// runtime ignores no other) and stays ignored, as execve keeps it, unless the plan asks for
        /// every disposition at its default (plan->ResetIgnored: an OCI container, as runc starts it).
        /// After a clone3 with CLONE_CLEAR_SIGHAND (plan->HandlersCleared) the kernel did the first
        /// part: every caught signal is at SIG_DFL when the child's first instruction runs.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool ResetSignalHandlers(ChildPlan* plan)
        {
            SigAction current;
            SigAction defaults = default;
            defaults.handler = (void*)Native.SIG_DFL;
            if (plan->HandlersCleared != 0 && plan->ResetIgnored == 0)
            {
                // clone3 reset every caught signal already (CLONE_CLEAR_SIGHAND) and kept the ignored
                // ones: only the runtime's own SIGPIPE is left to undo, in one call instead of one
                // question per signal (docs/design.md, "A child after clone(2)").
                return (plan->KeepIgnored & (1UL << (Native.SIGPIPE - 1))) != 0 || Native.InChild.sigaction(Native.SIGPIPE, &defaults, null) == 0;
            }

            for (int signal = 1; signal < Native.NSIG; signal++)
            {
                if (signal == Native.SIGKILL || signal == Native.SIGSTOP)
                {
                    continue;
                }

                // glibc reserves two real-time signals for itself and answers EINVAL for them: skip those.
                if (Native.InChild.sigaction(signal, null, &current) == -1)
                {
                    continue;
                }

                nint handler = (nint)current.handler;
                bool keep = handler == Native.SIG_DFL
                    || (handler == Native.SIG_IGN && plan->ResetIgnored == 0 && (signal != Native.SIGPIPE || (plan->KeepIgnored & (1UL << (signal - 1))) != 0));
                if (!keep && Native.InChild.sigaction(signal, &defaults, null) == -1)
                {
                    return false;
                }
            }

            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void SetParentDeathSignal(ChildPlan* plan)
        {
            if (plan->ParentDeathSignal != 0)
            {
                Check(plan, Native.InChild.prctl(Native.PR_SET_PDEATHSIG, (nuint)plan->ParentDeathSignal, 0, 0, 0) == 0, ChildStep.ParentDeathSignal, -1);
            }
        }

        /// <summary>Writes text to a /proc file (open, write, close), as id maps and time offsets need.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool WriteFile(byte* path, byte* text, nuint length)
        {
            int fd = Native.InChild.open(path, Native.O_WRONLY | Native.O_CLOEXEC, 0);
            if (fd == -1)
            {
                return false;
            }

            bool written = Native.InChild.write(fd, text, length) == (nint)length;
            int errno = LastError();
            Native.InChild.close(fd);
            *Native.InChild.__errno_location() = errno;
            return written;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int LastError() => *Native.InChild.__errno_location();

        /// <summary>Goes on when the step succeeded; otherwise reports it and ends the child.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Check(ChildPlan* plan, bool succeeded, ChildStep step, int index)
        {
            if (!succeeded)
            {
                Fail(plan, step, index);
            }
        }

        /// <summary>Reports (step, errno, index) to the parent and ends the child. errno is read first, before anything can change it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Fail(ChildPlan* plan, ChildStep step, int index)
        {
            Report(plan, step, index, isWarning: false);
            Native.InChild._exit(ExitCodes.NotFound);
        }

        /// <summary>Tells the parent something it should know, and goes on.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Report(ChildPlan* plan, ChildStep step, int index, bool isWarning)
        {
            ChildReport report;
            report.Errno = LastError();
            report.Step = (int)step;
            report.Index = index;
            report.IsWarning = isWarning ? 1 : 0;
            if (plan->ErrorPipe >= 0)
            {
                Native.InChild.write(plan->ErrorPipe, (byte*)&report, (nuint)sizeof(ChildReport));
            }
            else if (!isWarning || plan->ReportCount < plan->ReportCapacity - 1)
            {
                // In the memory the parent reads when clone returns; a failure always finds room.
                int slot = plan->ReportCount < plan->ReportCapacity ? plan->ReportCount : plan->ReportCapacity - 1;
                plan->Reports[slot] = report;
                plan->ReportCount = slot + 1;
            }
        }
    }
}
