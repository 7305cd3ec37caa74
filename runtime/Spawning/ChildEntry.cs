using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// The code that runs in the cloned child, between clone and execve, below the parent's frame, while
    /// the parent thread is suspended (CLONE_VM|CLONE_VFORK). Rules (../shared/design.md, measured):
    /// no allocation, no exceptions, no locks, no static fields (a class constructor check could run
    /// here), no string work: only the [SuppressGCTransition] bindings in Native.InChild over the plan
    /// the parent prepared. One linear sequence, each step named, like bubblewrap's setup; the steps
    /// live in the other parts of this class, one concern per file.
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

            Check(plan, ResetSignalHandlers(), ChildStep.ResetSignals);
            if (plan->ParentDeathSignal != 0)
            {
                Check(plan, Native.InChild.prctl(Native.PR_SET_PDEATHSIG, (nuint)plan->ParentDeathSignal, 0, 0, 0) == 0, ChildStep.ParentDeathSignal);
            }

            JoinNamespaces(plan);
            UnshareNamespaces(plan);
            if (plan->ForkIntoPidNamespace != 0)
            {
                // The rest runs in a grandchild inside the PID namespace (see ForkIntoPidNamespace).
                ForkIntoPidNamespace(plan);
            }

            SetUpAndExec(plan);
            return 127;
        }

        /// <summary>Everything after the namespaces exist: in the child, or in the grandchild of a PID-namespace fork.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void SetUpAndExec(ChildPlan* plan)
        {
            WriteIdMaps(plan);
            EnterTimeNamespace(plan);
            CaptureNamespaces(plan);
            SetUpFileSystem(plan);

            if (plan->Hostname.IsSet)
            {
                Check(plan, Native.InChild.sethostname(plan->Hostname.Bytes, plan->Hostname.Length) == 0, ChildStep.SetHostname);
            }

            if (plan->Domainname.IsSet)
            {
                Check(plan, Native.InChild.setdomainname(plan->Domainname.Bytes, plan->Domainname.Length) == 0, ChildStep.SetDomainname);
            }

            if (plan->BringUpLoopback != 0)
            {
                Check(plan, BringUpLoopback(), ChildStep.BringUpLoopback);
            }

            if (plan->WorkingDirectory != null)
            {
                Check(plan, Native.InChild.chdir(plan->WorkingDirectory) == 0, ChildStep.ChangeDirectory);
            }

            if (plan->NewSession != 0)
            {
                Check(plan, Native.InChild.setsid() != -1, ChildStep.NewSession);
            }

            if (plan->NoNewPrivileges != 0)
            {
                Check(plan, Native.InChild.prctl(Native.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0, ChildStep.NoNewPrivileges);
            }

            AdjustCapabilities(plan);
            if (plan->StandardErrorFd >= 0)
            {
                Check(plan, Native.InChild.dup3(plan->StandardErrorFd, 2, 0) != -1, ChildStep.RedirectStandardError);
            }

            // CLOEXEC rather than close: the error pipe must stay open until execve succeeds.
            Check(plan, Native.InChild.close_range(3, uint.MaxValue, Native.CLOSE_RANGE_CLOEXEC) == 0, ChildStep.CloseInheritedFds);
            for (int i = 0; i < plan->InheritedFdCount; i++)
            {
                Check(plan, Native.InChild.fcntl(plan->InheritedFds[i], Native.F_SETFD, 0) == 0, ChildStep.InheritFd, plan->InheritedFds[i]);
            }

            ExecProgram(plan);
        }

        /// <summary>The last steps, in the child or in the grandchild: hand on the error pipe, restore the signal mask, execute.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ExecProgram(ChildPlan* plan)
        {
            if (plan->PassErrorPipeAs >= 0)
            {
                Check(plan, Native.InChild.dup3(plan->ErrorPipe, plan->PassErrorPipeAs, 0) != -1, ChildStep.PassErrorPipe);
            }

            // Last before exec: signals stay blocked while any handler could still be the parent's.
            Check(plan, Native.InChild.pthread_sigmask(Native.SIG_SETMASK, &plan->ExecSignalMask, null) == 0, ChildStep.RestoreSignalMask);

            if (plan->ProgramFd >= 0)
            {
                // An empty path, not a null one: fixed over an empty span would give null (EFAULT).
                byte empty = 0;
                Native.InChild.execveat(plan->ProgramFd, &empty, plan->Argv, plan->Envp, Native.AT_EMPTY_PATH);
            }
            else
            {
                Native.InChild.execve(plan->Path, plan->Argv, plan->Envp);
            }

            Fail(plan, ChildStep.Exec);
        }

        /// <summary>
        /// setns or unshare of a PID namespace moves only the caller's future children, and a process
        /// whose children go elsewhere cannot even start threads (the .NET init could not run). So the
        /// child clones once more, the same way (CLONE_VM|CLONE_VFORK, on the stack below its frame),
        /// with CLONE_PARENT so the grandchild is the spawner's own child (and CLONE_FILES while
        /// namespaces are still to be captured); it records the grandchild's pid in the plan (shared
        /// memory) and exits. The grandchild, inside the PID namespace, does the rest of the setup
        /// (a proc mounted there shows that namespace) and executes the program.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ForkIntoPidNamespace(ChildPlan* plan)
        {
            byte frameMarker = 0;
            void* stackTop = ChildStack.TopBelowUnchecked(&frameMarker);
            CloneFlags clone = CloneFlags.Vm | CloneFlags.Vfork | CloneFlags.Parent | (plan->CaptureCount > 0 ? CloneFlags.Files : CloneFlags.None);
            int flags = unchecked((int)(ulong)clone) | Native.SIGCHLD;
            int pid = Native.clone((delegate* unmanaged<void*, int>)&RunGrandchild, stackTop, flags, plan);
            Check(plan, pid != -1, ChildStep.ForkIntoPidNamespace);
            plan->GrandchildPid = pid;
            Native.InChild._exit(0);
        }

        /// <summary>The grandchild's entry point: the setup after the namespaces, then the program.</summary>
        [UnmanagedCallersOnly]
        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int RunGrandchild(void* argument)
        {
            ChildPlan* plan = (ChildPlan*)argument;

            // A parent-death signal is not inherited: ask again for the grandchild.
            if (plan->ParentDeathSignal != 0)
            {
                Check(plan, Native.InChild.prctl(Native.PR_SET_PDEATHSIG, (nuint)plan->ParentDeathSignal, 0, 0, 0) == 0, ChildStep.ParentDeathSignal);
            }

            SetUpAndExec(plan);
            return 127;
        }

        /// <summary>
        /// The child inherited the parent's dispositions, which are the runtime's, not the ones nsbox
        /// was started with. Caught signals run .NET's handlers (a signal delivered before exec would
        /// run parent code in the child): reset to SIG_DFL. SIGPIPE is ignored by the .NET runtime for
        /// itself, unconditionally, before any of our code runs, and the kernel state it leaves is the
        /// same whether nsbox's own parent ignored SIGPIPE or not (measured, docs/design.md "Signals
        /// and descriptors"): so it goes back to SIG_DFL too, as a command expects, and `yes | head`
        /// ends by SIGPIPE. Every other ignored signal was ignored by whoever started nsbox (the
        /// runtime ignores no other) and stays ignored, as execve keeps it.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool ResetSignalHandlers()
        {
            SigAction current;
            SigAction defaults = default;
            defaults.handler = (void*)Native.SIG_DFL;
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
                bool keep = handler == Native.SIG_DFL || (handler == Native.SIG_IGN && signal != Native.SIGPIPE);
                if (!keep && Native.InChild.sigaction(signal, &defaults, null) == -1)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Goes on when the step succeeded; otherwise reports it and ends the child.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Check(ChildPlan* plan, bool succeeded, ChildStep step, int index = -1)
        {
            if (!succeeded)
            {
                Fail(plan, step, index);
            }
        }

        /// <summary>Reports (step, errno) to the parent and ends the child. errno is read first, before anything can change it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Fail(ChildPlan* plan, ChildStep step, int index = -1)
        {
            Report(plan, step, index, isWarning: false);
            Native.InChild._exit(127);
        }

        /// <summary>Tells the parent something it should know, and goes on.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Report(ChildPlan* plan, ChildStep step, int index, bool isWarning)
        {
            ChildReport report;
            report.Errno = *Native.InChild.__errno_location();
            report.Step = (int)step;
            report.Index = index;
            report.IsWarning = isWarning ? 1 : 0;
            Native.InChild.write(plan->ErrorPipe, (byte*)&report, (nuint)sizeof(ChildReport));
        }

        /// <summary>Writes text to a /proc file (open, write, close), as id maps and time offsets need.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool WriteProcFile(byte* path, byte* text, nuint length)
        {
            int fd = Native.InChild.open(path, Native.O_WRONLY | Native.O_CLOEXEC, 0);
            if (fd == -1)
            {
                return false;
            }

            bool written = Native.InChild.write(fd, text, length) == (nint)length;
            Native.InChild.close(fd);
            return written;
        }
    }
}
