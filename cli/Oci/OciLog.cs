using System;
using System.Globalization;
using System.IO;
using System.Text;
using Nsbox.Options;

namespace Nsbox.Oci
{
    /// <summary>
    /// The <c>--log FILE</c> of the global options: errors (and with <c>--debug</c>, what nsbox does)
    /// appended to FILE, as text lines or, with <c>--log-format json</c>, as the JSON lines podman
    /// reads (<c>{"level":"error","msg":"...","time":"..."}</c>). stderr gets the error line too.
    /// </summary>
    internal sealed class OciLog(GlobalOptions global)
    {
        public bool Json { get; } = global.LogFormat == "json";

        /// <summary>Refuses a format runc does not know.</summary>
        public static void Check(GlobalOptions global)
        {
            if (global.LogFormat is not (null or "text" or "json"))
            {
                throw new OciException("--log-format '" + global.LogFormat + "'", Interop.Linux.Errno.EINVAL, "the formats are text and json");
            }
        }

        public void Error(string message) => Write("error", message);

        /// <summary>What runc tells at logrus's warning level: into --log, or on stderr without one (runc's default log is stderr).</summary>
        public void Warn(string message)
        {
            if (global.Log is null)
            {
                ErrorReporter.Warn(message);
                return;
            }

            Write("warning", message);
        }

        public void Debug(string message)
        {
            if (global.Debug)
            {
                Write("debug", message);
            }
        }

        private void Write(string level, string message)
        {
            if (global.Log is null)
            {
                return;
            }

            string time = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            string line = Json
                ? "{\"level\":\"" + level + "\",\"msg\":" + Quote(message) + ",\"time\":\"" + time + "\"}\n"
                : time + " " + level + " " + message + "\n";
            try
            {
                File.AppendAllText(global.Log, line);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The error still reaches stderr and the status; a log that cannot be written must not hide it.
            }
        }

        private static string Quote(string s)
        {
            var b = new StringBuilder("\"");
            foreach (char c in s)
            {
                _ = c switch
                {
                    '"' => b.Append("\\\""),
                    '\\' => b.Append("\\\\"),
                    < ' ' => b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                    _ => b.Append(c),
                };
            }

            return b.Append('"').ToString();
        }
    }
}
