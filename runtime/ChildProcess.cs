using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Interop.Linux;
using Interop.Runtime.Cgroups;
using Interop.Runtime.Spawning;

namespace Interop.Runtime
{
    /// <summary>
    /// A started sandbox (its PID 1 init, or the command itself): the pid, a pidfd that names the
    /// process without the pid-reuse race, waiting (which also reaps it) and signals. Every member
    /// may be used from several threads at once.
    /// </summary>
    public sealed unsafe class ChildProcess : IDisposable
    {
        private readonly object _waitLock = new();

        // Boxed so that readers outside the lock see it whole (volatile needs a reference).
        private volatile StrongBox<ExitStatus>? _status;

        // The sandbox's own cgroup while it exists (SandboxPlan.Resources), and its usage read last, at the exit.
        private Cgroup? _cgroup;
        private volatile CgroupStats? _finalStats;

        internal ChildProcess(int pid, IReadOnlyList<string> warnings)
        {
            Pid = pid;
            Warnings = warnings;
            try
            {
                PidFd = PrivateDescriptor.MoveUp(Sys.PidfdOpen(pid, 0));
            }
            catch (ErrnoException)
            {
                PidFd = null; // ENOSYS before Linux 5.3: waiting and signals go by the pid
            }
        }

        /// <summary>The pid, as seen from this process's PID namespace.</summary>
        public int Pid { get; }

        /// <summary>A pidfd for the process (pidfd_open), or null where the kernel has none. Poll it: it becomes readable when the process exits.</summary>
        public FileDescriptor? PidFd { get; }

        /// <summary>
        /// The listener of the sandbox's seccomp filter when a rule notifies (SCMP_ACT_NOTIFY): the
        /// descriptor a supervisor reads the held calls from and answers them on; null otherwise.
        /// </summary>
        public FileDescriptor? SeccompListener { get; internal set; }

        /// <summary>clone3 started the process in its sandbox's cgroup v2 directory (CLONE_INTO_CGROUP); false when it joined by its own write (tasks in v1, cgroup.procs in v2), or had no such cgroup.</summary>
        internal bool PlacedByCloneIntoCgroup { get; init; }

        /// <summary>Whether clone3 reset the caught signals in the child (CLONE_CLEAR_SIGHAND), not the child itself: for tests.</summary>
        internal bool HandlersClearedByClone3 { get; init; }

        /// <summary>Things the setup did differently than asked and went on (e.g. chroot instead of pivot_root), one line each.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>How the process ended, or null while it runs (or has not been waited for).</summary>
        public ExitStatus? ExitStatus => _status?.Value;

        /// <summary>Blocks until the process ends and returns how it ended. Safe to call again and from several threads.</summary>
        public ExitStatus WaitForExit()
        {
            lock (_waitLock)
            {
                if (_status is { } done)
                {
                    return done.Value;
                }

                int status;
                while (true)
                {
                    try
                    {
                        Sys.Waitpid(Pid, &status, 0);
                        break;
                    }
                    catch (ErrnoException e) when (e.Errno == Errno.EINTR)
                    {
                        // A handled signal arrived: wait again.
                    }
                    catch (ErrnoException e)
                    {
                        throw new ErrnoException("waitpid", e.Errno, Pid.ToString(CultureInfo.InvariantCulture));
                    }
                }

                ExitStatus result = Runtime.ExitStatus.FromWaitStatus(status);
                FinishCgroup();
                _status = new StrongBox<ExitStatus>(result);
                return result;
            }
        }

        /// <summary>
        /// Blocks until the process ends, passing on to it every signal <paramref name="signals"/>
        /// collects meanwhile (see <see cref="SignalProxy"/>), and returns how it ended. Signals that
        /// arrive once it has ended are not sent anywhere. Without a pidfd (before Linux 5.3) it
        /// waits without forwarding, and the signals wait blocked.
        /// </summary>
        public ExitStatus WaitForExit(SignalProxy signals)
        {
            ArgumentNullException.ThrowIfNull(signals);
            if (PidFd is not { } pidfd || _status is not null)
            {
                return WaitForExit();
            }

            PollFd* fds = stackalloc PollFd[2];
            fds[0].fd = (int)pidfd.DangerousGetHandle();
            fds[0].events = Native.POLLIN;
            fds[1].fd = signals.Fd;
            fds[1].events = Native.POLLIN;
            while (true)
            {
                fds[0].revents = fds[1].revents = 0;
                try
                {
                    Sys.Poll(fds, 2, -1);
                }
                catch (ErrnoException e) when (e.Errno == Errno.EINTR)
                {
                    continue;
                }
                catch (ErrnoException e)
                {
                    throw new ErrnoException("poll", e.Errno, Pid.ToString(CultureInfo.InvariantCulture));
                }

                // Exit first: a signal that arrived together with the exit has nobody left to reach.
                // Any other event on the pidfd (POLLERR, POLLNVAL) also ends the watch; waitpid decides.
                if (fds[0].revents != 0)
                {
                    return WaitForExit();
                }

                if (fds[1].revents != 0)
                {
                    signals.ForwardWaiting(this);
                }
            }
        }

        /// <summary>Waits without blocking the caller; cancelling stops the wait, not the process.</summary>
        public Task<ExitStatus> WaitForExitAsync(CancellationToken cancellationToken = default)
        {
            if (_status is { } done)
            {
                return Task.FromResult(done.Value);
            }

            // waitpid blocks a thread; a dedicated one keeps the thread pool free.
            Task<ExitStatus> wait = Task.Factory.StartNew(WaitForExit, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return wait.WaitAsync(cancellationToken);
        }

        /// <summary>Sends a signal (through the pidfd when there is one: never to a recycled pid). Does nothing once the process was reaped.</summary>
        public void Signal(int signal)
        {
            // No lock: a waiter holds it until the process ends. Through a pidfd a signal can never hit
            // a recycled pid; ESRCH only means the process has already exited.
            if (_status is not null)
            {
                return;
            }

            try
            {
                if (PidFd is { } pidfd)
                {
                    Sys.PidfdSendSignal(pidfd, signal, null, 0);
                }
                else
                {
                    Sys.Kill(Pid, signal);
                }
            }
            catch (ErrnoException e) when (e.Errno != Errno.ESRCH)
            {
                throw new ErrnoException(PidFd is null ? "kill" : "pidfd_send_signal", e.Errno, Pid.ToString(CultureInfo.InvariantCulture));
            }
            catch (ErrnoException)
            {
                // ESRCH: it has exited already.
            }
        }

        /// <summary>Kills the process (SIGKILL); with a PID namespace that takes the whole sandbox down.</summary>
        public void Kill() => Signal(Native.SIGKILL);

        /// <summary>
        /// The sandbox's own cgroup's usage (<see cref="SandboxPlan.Resources"/>): read now while it
        /// runs, the last reading (taken at the exit, before the cgroup was removed) once it was
        /// waited for; null without a cgroup of its own.
        /// </summary>
        public CgroupStats? ReadStats()
        {
            if (_finalStats is { } last)
            {
                return last;
            }

            Cgroup? cgroup = Volatile.Read(ref _cgroup);
            return cgroup?.ReadStats() ?? _finalStats;
        }

        /// <summary>
        /// Whether the memory limit ended the command: it died of SIGKILL (status 137, also as the
        /// init reports it) and the OOM killer killed in its cgroup (the oom_kill count rose). False
        /// while it runs and without a cgroup of its own.
        /// </summary>
        public bool KilledByMemoryLimit => ExitStatus is { } status && status.ToShellStatus() == 128 + Native.SIGKILL && _finalStats?.OomKills is > 0;

        /// <summary>Takes the sandbox's own cgroup (made before the start); removed when the process is waited for.</summary>
        internal void AttachCgroup(Cgroup cgroup) => Volatile.Write(ref _cgroup, cgroup);

        /// <summary>At the exit: the last usage reading, then the cgroup removed, what is left in it killed.</summary>
        private void FinishCgroup()
        {
            if (Interlocked.Exchange(ref _cgroup, null) is not { } cgroup)
            {
                return;
            }

            _finalStats = cgroup.ReadStats();
            SandboxCgroup.RemoveQuietly(cgroup, killRemaining: true);
        }

        /// <summary>Closes the pidfd and the seccomp listener, and removes the sandbox's own cgroup when it is empty (one still in use is left for the next start's sweep). The process itself is not touched: wait for it or kill it first.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _cgroup, null) is { } cgroup && cgroup.Pids().Count == 0)
            {
                SandboxCgroup.RemoveQuietly(cgroup, killRemaining: false);
            }

            PidFd?.Dispose();
            SeccompListener?.Dispose();
        }
    }
}
