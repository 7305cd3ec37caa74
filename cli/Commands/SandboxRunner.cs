using System;
using System.Collections.Generic;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Cgroups;

namespace Nsbox.Commands
{
    /// <summary>
    /// What run and exec do once the sandbox is described: start it, wait, pass its status on, and
    /// turn every failure into one line and its documented exit status.
    /// </summary>
    internal static class SandboxRunner
    {
        // Signals sent to nsbox go to the sandbox: collected from the start (see CollectSignals).
        private static SignalProxy? s_signals;
        private static string? s_signalsFailure;

        /// <summary>
        /// Blocks the forwarded signals in every thread and starts collecting them, before anything
        /// else runs: a thread started later (System.Console starts one at its first use on a
        /// terminal) must inherit the block, or it would take the signals itself. nsbox's
        /// constructor blocked them before the runtime started its threads (InheritedSignals);
        /// without it (under the JIT) the proxy reaches every thread itself.
        /// </summary>
        public static void CollectSignals()
        {
            try
            {
                s_signals = InheritedSignals.BlockedEarly is { } blocked ? SignalProxy.BeginBlockedEarly(blocked) : SignalProxy.Begin();
            }
            catch (ErrnoException e)
            {
                s_signalsFailure = e.Message;
            }
        }

        /// <summary>The signals collected for the sandbox, when <see cref="CollectSignals"/> ran and succeeded.</summary>
        public static SignalProxy? Signals => s_signals;

        public static int StartAndWait(SandboxBuilder builder, bool verbose, LimitOptions? limits = null)
        {
            if (s_signalsFailure is not null)
            {
                return ErrorReporter.Fail(s_signalsFailure);
            }

            // A signal that came while nsbox was getting ready ends it as it would have without the
            // proxy: there is no command yet to pass it to.
            if (s_signals?.TakeEndingSignal() is int early)
            {
                return ExitStatus.FromSignal(early).ToShellStatus();
            }

            try
            {
                // The command starts with the dispositions nsbox inherited, SIGPIPE included (as unshare's).
                using ChildProcess child = builder.InheritedIgnoredSignals(InheritedSignals.Ignored).Start();
                if (verbose)
                {
                    foreach (string warning in child.Warnings)
                    {
                        ErrorReporter.Warn(warning);
                    }
                }

                // As docker's signal proxy: pass signals on until the command ends, then its status.
                int status = (s_signals is { } signals ? child.WaitForExit(signals) : child.WaitForExit()).ToShellStatus();
                if (child.KilledByMemoryLimit && limits?.MemoryBytes is { } bytes)
                {
                    // As docker: 137 (128 + SIGKILL), and the reason in one line.
                    ErrorReporter.Fail("killed by the memory limit (" + Interop.Runtime.Cgroups.ByteSize.Format(bytes) + ")", status);
                }

                return status;
            }
            catch (SpawnException e) when (e.CgroupController is { } controller && limits is not null)
            {
                // The limits' cgroup could not be made or written: which option, and what it takes.
                string option = controller switch
                {
                    "memory" when limits.Given.Contains("--memory") => "--memory",
                    "pids" when limits.Given.Contains("--pids") => "--pids",
                    "cpu" when limits.Given.Contains("--cpus") => "--cpus",
                    "cpuset" when limits.Given.Contains("--cpuset") => "--cpuset",
                    _ => limits.Given[0],
                };
                string detail = e.Argument is null ? e.What : e.What + " " + e.Argument;

                // Root or delegation is the way out of a refused permission only.
                string why = (e.Hint, Cgroup.IsPermissionRefusal(e.Errno)) switch
                {
                    (null, true) => ": " + Cgroup.PermissionHint,
                    ({ } hint, true) => ": " + hint + "; " + Cgroup.PermissionHint,
                    ({ } hint, false) => ": " + hint,
                    _ => "",
                };
                return ErrorReporter.Fail(option + ": " + e.Errno.Message() + " (" + e.Errno.Name() + "): " + detail + why);
            }
            catch (SpawnException e)
            {
                return ErrorReporter.Fail(e);
            }
            catch (SandboxUsageException e)
            {
                return ErrorReporter.Fail(e.Message);
            }
            catch (ErrnoException e)
            {
                return ErrorReporter.Fail(e.Message);
            }
            catch (ArgumentException e)
            {
                return ErrorReporter.Fail(ErrorReporter.WithoutParameterName(e));
            }
            catch (NotSupportedException e)
            {
                return ErrorReporter.Fail(e.Message);
            }
        }
    }

    /// <summary>run's limit options as given: the memory limit in bytes (for the OOM line), and which of --memory, --pids, --cpus, --cpuset were given, in that order.</summary>
    internal sealed record LimitOptions(long? MemoryBytes, IReadOnlyList<string> Given);
}
