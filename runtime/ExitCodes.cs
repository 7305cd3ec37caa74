namespace Interop.Runtime
{
    /// <summary>
    /// The exit statuses of a sandbox's starter (nsbox, the PID-1 init), the convention of docker,
    /// podman and shells: the command's own status when it ran; these when it did not. The one table
    /// of them: the CLI and the init both use it.
    /// </summary>
    public static class ExitCodes
    {
        /// <summary>nsbox itself failed: bad arguments, clone or setup failure.</summary>
        public const int NsboxError = 125;

        /// <summary>The command was found but could not be executed.</summary>
        public const int CannotExecute = 126;

        /// <summary>The command was not found.</summary>
        public const int NotFound = 127;

        /// <summary>Added to N when the command died of signal N.</summary>
        public const int SignalBase = 128;
    }
}
