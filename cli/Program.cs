using System;
using Interop.Runtime;
using Nsbox.Commands;
using Nsbox.Options;
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
            // The PID-1 init and the user-namespace holder: an internal protocol of the runtime, never parsed as a user command line.
            if (SandboxInit.RunIfRequested(args) is int initStatus)
            {
                return initStatus;
            }

            // The arguments as bytes: Main's args lost what is not UTF-8, and nsbox passes bytes through.
            args = ProcessArguments.Get();

            // run and exec pass the signals nsbox receives on to the sandbox: collect them before
            // anything can start a thread that would take them instead.
            if (args.Length > 0 && args[0] is "run" or "exec")
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
                return ErrorReporter.Fail($"internal error: {e.GetType().Name}: {e.Message}");
            }
        }

        private static int Dispatch(ParseResult result)
        {
            switch (result.Outcome)
            {
                case ParseOutcome.Help:
                    StandardStream.Out.Write(HelpScreen.Render(result.Verb, result.Help!));
                    return 0;
                case ParseOutcome.Version:
                    StandardStream.Out.Write("nsbox " + Version + "\n");
                    return 0;
                case ParseOutcome.Error:
                    return ErrorReporter.Fail(result.Message!);
            }

            return result.Options switch
            {
                RunOptions options => RunCommand.Execute(options),
                ExecOptions options => ExecCommand.Execute(options),
                LsOptions options => LsCommand.Execute(options),
                CheckOptions options => CheckCommand.Execute(options),
                _ => throw new InvalidOperationException("a verb without a command: " + result.Verb),
            };
        }
    }
}
