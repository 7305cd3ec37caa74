using System;

namespace Nsbox.Output
{
    /// <summary>
    /// ANSI colours, only for a person at a terminal: never into a pipe or file (scripts would get
    /// escape codes), and never when NO_COLOR is set to anything but "" (https://no-color.org).
    /// </summary>
    internal static class TerminalColour
    {
        public static bool Enabled { get; } = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) && StandardStream.Out.IsTerminal();

        public static string Green(string text) => Paint("32", text);

        public static string Red(string text) => Paint("31", text);

        private static string Paint(string code, string text) => Enabled ? $"\e[{code}m{text}\e[0m" : text;
    }
}
