using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// Everything the child needs, prepared by the parent in native memory before clone: the child
    /// reads only this. No managed references, so the child never touches the managed heap.
    /// </summary>
    internal unsafe struct ChildPlan
    {
        /// <summary>The resolved executable path (NUL-terminated UTF-8).</summary>
        public byte* Path;

        /// <summary>NULL-terminated argv.</summary>
        public byte** Argv;

        /// <summary>NULL-terminated envp.</summary>
        public byte** Envp;

        /// <summary>The new hostname (not NUL-terminated), or null to leave it.</summary>
        public byte* Hostname;

        public nuint HostnameLength;

        /// <summary>The write end of the O_CLOEXEC error pipe: (step, errno) goes here on failure.</summary>
        public int ErrorPipe;

        /// <summary>The parent's signal mask from before it blocked all signals for clone.</summary>
        public SigSet ParentSignalMask;
    }

    /// <summary>What a failing child writes to the error pipe: two ints, atomically (well under PIPE_BUF).</summary>
    internal struct ChildFailure
    {
        public int Step;
        public int Errno;
    }
}
