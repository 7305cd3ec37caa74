using System;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Nsbox.Commands;
using Nsbox.Commands.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;
using Nsbox.Output;
using Nsbox.Parsing;

namespace Nsbox
{
    internal static class Program
    {
        /// <summary>The version printed by --version.</summary>
        public const string Version = "0.1.0";

        private static int Main(string[] args)
        {
            // run and exec pass the signals nsbox receives on to the sandbox; nsbox's constructor
            // blocked them before the runtime started a thread. Every other verb, the init and the
            // holder included, gets them back as its parent left them.
            bool passesSignals = VerbOf(args) is "run" or "exec";
            if (!passesSignals)
            {
                InheritedSignals.ReleaseBlockedEarly();
            }

            // The PID-1 init and the user-namespace holder: an internal protocol of the runtime, never parsed as a user command line.
            if (SandboxInit.RunIfRequested(args, InheritedSignals.Ignored) is int initStatus)
            {
                return initStatus;
            }

            // The arguments as bytes: Main's args lost what is not UTF-8, and nsbox passes bytes through.
            args = ProcessArguments.Get();

            // Collect them before anything can start a thread that would take them instead.
            if (passesSignals)
            {
                SandboxRunner.CollectSignals();
            }

            try
            {
                return Dispatch(NsboxCommandLine.Parse(args));
            }
            catch (WriteFailedException e)
            {
                return ErrorReporter.WriteFailed(e);
            }
            catch (Exception e)
            {
                // Last line of defence: a bug must still end as one line and a documented status.
                // Neither the exception's type nor its message (a resource key in this build): what and the errno.
                return ErrorReporter.Fail(Interop.Linux.ErrnoException.Format("internal error", IoErrors.ErrnoOf(e)) + ": a bug in nsbox; please report the command line");
            }
        }

        /// <summary>
        /// The verb, after the global options (runc's, as engines pass them: <c>--root DIR run ...</c>),
        /// read before the parser runs: the signals must be collected first. A mistake here is the
        /// parser's to report.
        /// </summary>
        private static string? VerbOf(string[] args)
        {
            int i = 0;
            while (i < args.Length && args[i].StartsWith("--", StringComparison.Ordinal) && args[i] != "--")
            {
                bool takesValue = args[i] is "--root" or "--log" or "--log-format";
                i += takesValue ? 2 : 1;
            }

            return i < args.Length ? args[i] : null;
        }

        private static int Dispatch(ParseResult result)
        {
            switch (result.Outcome)
            {
                case ParseOutcome.Help:
                    StandardStream.Out.Write(HelpScreen.Render(result.Verb, result.Help!));
                    return 0;
                case ParseOutcome.Version:
                    // The runtime-spec version on its own line, as runc prints it (podman info shows it).
                    StandardStream.Out.Write("nsbox " + Version + "\nspec: " + OciBundle.SpecVersion + "\n");
                    return 0;
                case ParseOutcome.Error:
                    return ErrorReporter.Fail(result.Message!);
            }

            var global = result.Global as GlobalOptions;
            return result.Options switch
            {
                RunOptions options => RunCommand.Execute(options, global),
                CreateOptions options => CreateCommand.Execute(options, global),
                StartOptions options => StartCommand.Execute(options, global),
                StateOptions options => StateCommand.Execute(options, global),
                KillOptions options => KillCommand.Execute(options, global),
                DeleteOptions options => DeleteCommand.Execute(options, global),
                ListOptions options => ListCommand.Execute(options, global),
                FeaturesOptions options => FeaturesCommand.Execute(options, global),
                SpecOptions options => SpecCommand.Execute(options, global),
                PauseOptions options => PauseCommand.Execute(options, global),
                ResumeOptions options => ResumeCommand.Execute(options, global),
                PsOptions options => PsCommand.Execute(options, global),
                UpdateOptions options => UpdateCommand.Execute(options, global),
                EventsOptions options => EventsCommand.Execute(options, global),
                ExecOptions options => ExecCommand.Execute(options, global),
                LsOptions options => LsCommand.Execute(options),
                CheckOptions options => CheckCommand.Execute(options),
                _ => throw new InvalidOperationException("a verb without a command: " + result.Verb),
            };
        }
    }
}
