using System;
using Interop.Runtime.Text;

namespace Interop.Runtime
{
    /// <summary>
    /// This process's arguments exactly as it received them. <c>Main(string[] args)</c> has them
    /// decoded as UTF-8 with replacement, so bytes that are not UTF-8 are already lost there; these
    /// keep them (each such byte is the lone surrogate U+DC80+byte), and the spawner writes them back
    /// as the same bytes. unshare and bwrap pass bytes through untouched; so does nsbox.
    /// </summary>
    public static class ProcessArguments
    {
        /// <summary>The arguments after the program name (what <c>Main</c> gets as <c>args</c>), lossless.</summary>
        public static string[] Get()
        {
            // Valid UTF-8 decodes to the same string either way: only a replacement character in
            // .NET's view says the bytes must be read again (this keeps start-up free of the read).
            string[] decoded = Environment.GetCommandLineArgs();
            if (Array.TrueForAll(decoded, a => !a.Contains('\uFFFD')))
            {
                return decoded.Length == 0 ? decoded : decoded[1..];
            }

            string[] all = InitialStack.Arguments();
            return all.Length == 0 ? all : all[1..];
        }
    }
}
