using System;
using System.IO;

namespace Interop.Runtime
{
    /// <summary>
    /// Finds the PID-1 init: a program that runs the init (Init/InitProcess.cs) when started with its
    /// verb. Looked for, in order: the NSBOX_INIT environment variable; this very executable, whatever
    /// its name, when it said so by calling <see cref="SandboxInit.RunIfRequested(string[])"/> (nsbox does, and
    /// so can any application); an nsbox file beside the application (AppContext.BaseDirectory).
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
            if (self is not null && SandboxInit.IsServedHere)
            {
                return self;
            }

            string beside = Path.Combine(AppContext.BaseDirectory, ProgramName);
            return File.Exists(beside) ? beside : null;
        }
    }
}
