namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// The steps a cloned child walks, in order. A child that fails reports the step and errno over
    /// the error pipe, so the parent can say exactly what went wrong.
    /// </summary>
    public enum ChildStep
    {
        /// <summary>No step (the child reported nothing).</summary>
        None = 0,

        /// <summary>Reset inherited signal handlers to their defaults (sigaction).</summary>
        ResetSignals = 1,

        /// <summary>Set the hostname of the new UTS namespace (sethostname).</summary>
        SetHostname = 2,

        /// <summary>Mark every inherited descriptor above 2 close-on-exec, so only stdin, stdout and stderr reach the command (close_range).</summary>
        CloseInheritedFds = 5,

        /// <summary>Restore the signal mask the parent had before it blocked everything for clone.</summary>
        RestoreSignalMask = 3,

        /// <summary>Replace the child with the command (execve).</summary>
        Exec = 4,
    }
}
