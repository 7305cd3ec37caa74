namespace Nsbox.Oci
{
    /// <summary>The spec's statuses nsbox reports (no "creating": create holds the lock until the state is written).</summary>
    internal enum ContainerStatus
    {
        /// <summary>Set up, waiting on its start FIFO.</summary>
        Created,

        /// <summary>Started: the command runs.</summary>
        Running,

        /// <summary>Created or running, and its cgroup frozen (nsbox pause).</summary>
        Paused,

        /// <summary>The process has exited (or is a zombie).</summary>
        Stopped,
    }
}
