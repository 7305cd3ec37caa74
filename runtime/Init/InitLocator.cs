using System;
using System.IO;

namespace Interop.Runtime
{
    /// <summary>
    /// Finds the PID-1 init: nsbox itself, run in its init mode. Looked for, in order: the
    /// NSBOX_INIT environment variable; this process itself when it is nsbox; an nsbox file beside
    /// the application (AppContext.BaseDirectory), which is where it ships with the library.
    /// </summary>
    public static class InitLocator
    {
        /// <summary>The name of the init program.</summary>
        public const string ProgramName = "nsbox";

        /// <summary>The init program's path, or null when there is none.</summary>
        public static string? Find()
        {
            string? configured = Environment.GetEnvironmentVariable("NSBOX_INIT");
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }

            string? self = Environment.ProcessPath;
            if (self is not null && Path.GetFileName(self) == ProgramName)
            {
                return self;
            }

            string beside = Path.Combine(AppContext.BaseDirectory, ProgramName);
            return File.Exists(beside) ? beside : null;
        }
    }
}
