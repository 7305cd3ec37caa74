using System;
using System.Collections.Generic;
using System.IO;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// nsbox on a terminal (a pty from script(1)): it writes no control sequence of its own and
    /// changes no terminal mode. Issue 10: System.Console sent keypad_xmit (ESC[?1h ESC=) at every
    /// start and never reset it, so the next program's arrow keys changed. Colour only from check,
    /// and not with NO_COLOR.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class TerminalTests
    {
        /// <summary>What the terminal received while nsbox ran with <paramref name="args"/> on it (stdout and stderr both the pty).</summary>
        private static string OnTerminal(string[] args, IDictionary<string, string>? environment = null)
        {
            Requirements.Program(OnATerminal.Script);
            string command = Published.Nsbox + " " + string.Join(' ', Array.ConvertAll(args, a => "'" + a.Replace("'", "'\\''") + "'"));
            string log = Path.GetTempFileName();
            try
            {
                // The log holds exactly what reached the terminal.
                RunResult result = Run.Program(OnATerminal.Script, [.. OnATerminal.Arguments(command, log)], TimeSpan.FromSeconds(60), environment);
                Assert.True(result.ExitCode is 0 or 125, result.ToString());
                return File.ReadAllText(log);
            }
            finally
            {
                File.Delete(log);
            }
        }

        [Theory]
        [InlineData("--version")]
        [InlineData("--help")]
        [InlineData("run", "--help")]
        [InlineData("run", "--bogus")]
        [InlineData("ls")]
        public void NoControlSequenceReachesTheTerminal(params string[] args)
        {
            string seen = OnTerminal(args);
            Assert.Contains("nsbox", seen);
            Assert.False(seen.Contains('\u001b'), "control sequence on the terminal: " + seen.Replace("\u001b", "ESC")); // no keypad_xmit, no cursor or mode changes
        }

        [SkippableFact]
        public void CheckColoursOnATerminalUnlessNoColor()
        {
            Requirements.Root();
            string coloured = OnTerminal(["check"]);
            // Ordinal: a culture comparison ignores control characters and would find ESC anywhere.
            Assert.Contains("\u001b[32m", coloured, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b[?1h", coloured, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b=", coloured, StringComparison.Ordinal);

            string plain = OnTerminal(["check"], new Dictionary<string, string> { ["NO_COLOR"] = "1" });
            Assert.DoesNotContain("\u001b", plain, StringComparison.Ordinal);
        }
    }
}
