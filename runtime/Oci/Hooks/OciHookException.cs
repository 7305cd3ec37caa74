using System;
using System.Globalization;
using Interop.Linux;

namespace Interop.Runtime.Oci.Hooks
{
    /// <summary>
    /// A hook failed: it could not be started, exited with a status other than 0, was killed by a
    /// signal (ECANCELED), or ran past its timeout and was killed (ETIMEDOUT). The message is one line
    /// naming the hook, with what it wrote on stdout and stderr, as runc's error carries them:
    /// <c>hooks.createRuntime[0] /bin/false: Operation canceled (ECANCELED): the hook exited with 1, stdout: , stderr: </c>.
    /// </summary>
    public sealed class OciHookException(string hook, Errno errno, string detail)
        : Exception(ErrnoException.Format(hook, errno) + ": " + detail)
    {
        /// <summary>The hook, as <c>hooks.PHASE[N] PATH</c>.</summary>
        public string Hook { get; } = hook;

        /// <summary>Why, as an errno: ECANCELED (failed), ETIMEDOUT (killed at its timeout), or the spawner's.</summary>
        public Errno Errno { get; } = errno;

        /// <summary>What went wrong, after the errno.</summary>
        public string Detail { get; } = detail;

        /// <summary>The failure as the start waiter sends it to <c>nsbox start</c> on the start FIFO: a first byte other than the '0' of a start, then hook, errno and detail on lines of their own.</summary>
        public string ToReport() => "!" + Hook.ReplaceLineEndings(" ") + "\n" + ((int)Errno).ToString(CultureInfo.InvariantCulture) + "\n" + Detail.ReplaceLineEndings(" ");

        /// <summary>Reads what <see cref="ToReport"/> wrote; null when it is not such a report.</summary>
        public static OciHookException? FromReport(string report)
        {
            string[] parts = report.Split('\n', 3);
            return parts.Length == 3 && parts[0].StartsWith('!') && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int errno)
                ? new OciHookException(parts[0][1..], (Errno)errno, parts[2])
                : null;
        }
    }
}
