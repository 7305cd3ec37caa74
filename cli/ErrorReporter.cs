using System;
using Interop.Linux;
using Interop.Runtime;

namespace Nsbox
{
    /// <summary>Every error nsbox prints is one line on stderr, "nsbox: what: why", never a stack trace.</summary>
    internal static class ErrorReporter
    {
        public static int Fail(string message, int status = ExitCodes.NsboxError)
        {
            // Flatten anything multi-line (a message from a library) to keep the one-line promise.
            StandardStream.Error.Write("nsbox: " + message.Replace('\n', ' ').Replace("\r", "") + "\n");
            return status;
        }

        /// <summary>A failure to start the command: 127 when it was not found, 126 when it could not be executed, else 125.</summary>
        public static int Fail(Interop.Runtime.SpawnException e) => Fail(e.Message,
            e.IsCommandNotFound ? ExitCodes.NotFound : e.IsCannotExecute ? ExitCodes.CannotExecute : ExitCodes.NsboxError);

        /// <summary>An ArgumentException's message without the parameter name .NET appends (meant for programmers, not users).</summary>
        public static string WithoutParameterName(ArgumentException e)
        {
            string message = e.Message;
            foreach (string marker in new[] { " (Parameter '", " Arg_ParamName_Name" })
            {
                int at = message.IndexOf(marker, StringComparison.Ordinal);
                if (at > 0)
                {
                    message = message[..at];
                }
            }

            return message;
        }

        /// <summary>
        /// Writes a verb's output to stdout and returns its status: 0; or, when stdout was closed or
        /// is not writable, one error line and 125; or, when its reader is gone, 141 without a word,
        /// as a program that dies of SIGPIPE (the runtime ignores SIGPIPE in nsbox itself).
        /// </summary>
        public static int WriteOutput(string text) => StandardStream.Output.Write(text) switch
        {
            Errno.None => 0,
            Errno.EPIPE => ExitStatus.FromSignal(Native.SIGPIPE).ToShellStatus(),
            Errno errno => Fail($"write error: {errno.Message()} ({errno.Name()})"),
        };

        /// <summary>A note about something nsbox decided or did differently, one line on stderr.</summary>
        public static void Warn(string message) => StandardStream.Error.Write("nsbox: warning: " + message.Replace('\n', ' ') + "\n");
    }
}
