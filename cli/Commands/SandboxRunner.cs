using System;
using Interop.Linux;
using Interop.Runtime;

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
        /// terminal) must inherit the block, or it would take the signals itself.
        /// </summary>
        public static void CollectSignals()
        {
            try
            {
                s_signals = SignalProxy.Begin();
            }
            catch (ErrnoException e)
            {
                s_signalsFailure = e.Message;
            }
        }

        /// <summary>The signals collected for the sandbox, when <see cref="CollectSignals"/> ran and succeeded.</summary>
        public static SignalProxy? Signals => s_signals;

        public static int StartAndWait(SandboxBuilder builder, bool verbose)
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
                return (s_signals is { } signals ? child.WaitForExit(signals) : child.WaitForExit()).ToShellStatus();
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
}
