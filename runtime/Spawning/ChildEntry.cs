using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// The code that runs in the cloned child, between clone and execve, below the parent's frame, while
    /// the parent thread is suspended (CLONE_VM|CLONE_VFORK). Rules (../shared/design.md, measured):
    /// no allocation, no exceptions, no locks, no static fields (a class constructor check could run
    /// here), no string work: only raw bindings over the plan the parent prepared. One linear
    /// sequence, each step named, like bubblewrap's setup.
    /// </summary>
    internal static unsafe class ChildEntry
    {
        /// <summary>The child's entry point, passed to clone(2) as fn. Never returns on success.</summary>
        [UnmanagedCallersOnly]
        [SkipLocalsInit]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int Run(void* argument)
        {
            ChildPlan* plan = (ChildPlan*)argument;

            if (!ResetSignalHandlers())
            {
                Fail(plan, ChildStep.ResetSignals);
            }

            if (plan->Hostname != null && Native.InChild.sethostname(plan->Hostname, plan->HostnameLength) == -1)
            {
                Fail(plan, ChildStep.SetHostname);
            }

            // CLOEXEC rather than close: the error pipe must stay open until execve succeeds.
            if (Native.InChild.close_range(3, uint.MaxValue, Native.CLOSE_RANGE_CLOEXEC) == -1)
            {
                Fail(plan, ChildStep.CloseInheritedFds);
            }

            // Last before exec: signals stay blocked while any handler could still be the parent's.
            if (Native.InChild.pthread_sigmask(Native.SIG_SETMASK, &plan->ParentSignalMask, null) != 0)
            {
                Fail(plan, ChildStep.RestoreSignalMask);
            }

            Native.InChild.execve(plan->Path, plan->Argv, plan->Envp);
            Fail(plan, ChildStep.Exec);
            return 127;
        }

        /// <summary>
        /// The child inherited .NET's signal handlers; a signal delivered before exec would run parent
        /// code in the child. Reset every caught signal to SIG_DFL; SIG_IGN stays (as execve keeps it).
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
                if (handler != Native.SIG_DFL && handler != Native.SIG_IGN
                    && Native.InChild.sigaction(signal, &defaults, null) == -1)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Reports (step, errno) to the parent and ends the child. errno is read first, before anything can change it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Fail(ChildPlan* plan, ChildStep step)
        {
            ChildFailure failure;
            failure.Errno = *Native.InChild.__errno_location();
            failure.Step = (int)step;
            Native.InChild.write(plan->ErrorPipe, (byte*)&failure, (nuint)sizeof(ChildFailure));
            Native.InChild._exit(127);
        }
    }
}
