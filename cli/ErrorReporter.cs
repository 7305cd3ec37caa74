using System;
using Interop.Runtime;
using Nsbox.Output;

namespace Nsbox
{
    /// <summary>Every error nsbox prints is one line on stderr, "nsbox: what: why", never a stack trace.</summary>
    internal static class ErrorReporter
    {
        /// <summary>The status of a failed write to stdout, as lsns (util-linux) exits then.</summary>
        public const int WriteErrorStatus = 1;

        public static int Fail(string message, int status = ExitCodes.NsboxError)
        {
            // Flatten anything multi-line (a message from a library) to keep the one-line promise.
            StandardStream.Error.Write("nsbox: " + message.Replace('\n', ' ').Replace("\r", "") + "\n");
            return status;
        }

        /// <summary>A usage mistake the parser cannot see: <c>what: Invalid argument (EINVAL): hint</c>, status 125.</summary>
        public static int Usage(string what, string hint) => Fail(Interop.Linux.ErrnoException.Format(what, Interop.Linux.Errno.EINVAL) + ": " + hint);

        /// <summary>A failure to start the command: 127 when it was not found, 126 when it could not be executed, else 125.</summary>
        public static int Fail(SpawnException e) => Fail(e.Message,
            e.IsCommandNotFound ? ExitCodes.NotFound : e.IsCannotExecute ? ExitCodes.CannotExecute : ExitCodes.NsboxError);

        /// <summary>Output could not be written: one line on stderr and status 1.</summary>
        public static int WriteFailed(WriteFailedException e)
        {
            Fail(e.Message);
            return WriteErrorStatus;
        }

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

        /// <summary>A note about something nsbox decided or did differently, one line on stderr.</summary>
        public static void Warn(string message) => StandardStream.Error.Write("nsbox: warning: " + message.Replace('\n', ' ') + "\n");
    }
}
