using System.Collections.Generic;

namespace Interop.Tests.Support
{
    /// <summary>
    /// Runs a command on a new terminal: script(1) opens a pty, makes it the controlling terminal of
    /// a new session and runs the command there through <c>$SHELL -c</c>. The command is prefixed
    /// with <c>exec</c>, so that no shell stays in between whatever $SHELL is: bash replaces itself
    /// with a lone command, dash forks and waits, and a waiting dash dies of the terminal's Ctrl-C
    /// itself (seen in CI, where SHELL is unset and script falls back to /bin/sh), turning every
    /// status into 130.
    /// </summary>
    public static class OnATerminal
    {
        public const string Script = "/usr/bin/script";

        /// <summary>script's arguments: -q no banner, -e the command's status, -c the command; <paramref name="log"/> receives what reached the terminal.</summary>
        public static IEnumerable<string> Arguments(string shellCommand, string log = "/dev/null") =>
            ["-qec", "exec " + shellCommand, log];

        /// <summary>
        /// Runs <paramref name="shellCommand"/> on a new terminal whose input stays open until it
        /// ends, as a user's terminal does: script's own standard input ending would reach the
        /// terminal as an EOF, which some programs act on (podman -it then loses output, seen in CI).
        /// </summary>
        public static RunResult Run(string shellCommand, System.TimeSpan timeout)
        {
            using BackgroundProgram terminal = BackgroundProgram.Start(Script, Arguments(shellCommand));
            return terminal.Wait(timeout);
        }

        /// <summary>
        /// What the command wrote, as the terminal passed it on: without the carriage returns the
        /// terminal adds to each newline and without the echo of the EOF script sends when its own
        /// standard input ends (the line discipline echoes it as ^@ or ^D).
        /// </summary>
        public static string Output(string scriptStdout) =>
            scriptStdout.Replace("\r", "", System.StringComparison.Ordinal).Replace("^@", "", System.StringComparison.Ordinal).Replace("^D\b\b", "", System.StringComparison.Ordinal);
    }
}
