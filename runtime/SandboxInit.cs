using System;
using System.Collections.Generic;
using Interop.Runtime.Init;

namespace Interop.Runtime
{
    /// <summary>
    /// A sandbox with its own PID namespace runs an init as PID 1 (it forwards signals, reaps
    /// orphans and exits with the command's status). The runtime starts the running executable
    /// itself for that, with an internal verb, the re-exec pattern of Go's libcontainer: call
    /// <see cref="RunIfRequested(string[])"/> first thing in <c>Main</c>, and any .NET program that uses the
    /// runtime is its own init.
    /// <code>
    /// static int Main(string[] args)
    /// {
    ///     if (SandboxInit.RunIfRequested(args) is int status) return status;
    ///     ...
    /// }
    /// </code>
    /// </summary>
    public static class SandboxInit
    {
        /// <summary>True once this process has said it serves as the init (<see cref="RunIfRequested(string[])"/> was called).</summary>
        public static bool IsServedHere { get; private set; }

        /// <summary>
        /// When this process was started as a sandbox's init (or as the holder of a user namespace
        /// whose maps are being written), runs it and returns the exit status for <c>Main</c> to
        /// return; otherwise returns null and records that this executable can serve as the init.
        /// </summary>
        public static int? RunIfRequested(string[] args) => RunIfRequested(args, []);

        /// <summary>
        /// Likewise, for a program that knows which signals its parent left ignored before the .NET
        /// runtime changed them (<see cref="SandboxBuilder.InheritedIgnoredSignals"/>): the init
        /// starts the command with those still ignored. nsbox reads SIGPIPE's before its runtime starts.
        /// </summary>
        public static int? RunIfRequested(string[] args, IReadOnlyList<int> inheritedIgnored)
        {
            ArgumentNullException.ThrowIfNull(args);
            ArgumentNullException.ThrowIfNull(inheritedIgnored);
            if (args.Length > 0 && args[0] == InitProcess.Verb)
            {
                return InitProcess.Run(args, inheritedIgnored);
            }

            if (args.Length > 0 && args[0] == StartWaiter.Verb)
            {
                return StartWaiter.Run();
            }

            if (args.Length > 0 && args[0] == InitProcess.HoldVerb)
            {
                return InitProcess.Hold();
            }

            IsServedHere = true;
            return null;
        }
    }
}
