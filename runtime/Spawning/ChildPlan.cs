using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// Everything the child needs, lowered by the parent into native memory before clone: the
    /// child reads only this. No managed references, so the child never touches the managed heap.
    /// The child runs a fixed prologue (signal handlers, parent-death signal), then
    /// <see cref="Operations"/> in order, then execve.
    /// </summary>
    internal unsafe struct ChildPlan
    {
        /// <summary>The resolved executable path (NUL-terminated bytes).</summary>
        public byte* Path;

        /// <summary>When 0 or more, an O_PATH descriptor of the program, executed with execveat: its path may be gone after pivot_root.</summary>
        public int ProgramFd;

        /// <summary>NULL-terminated argv.</summary>
        public byte** Argv;

        /// <summary>NULL-terminated envp.</summary>
        public byte** Envp;

        /// <summary>Signal for the child when the spawning thread dies (PR_SET_PDEATHSIG), or 0.</summary>
        public int ParentDeathSignal;

        /// <summary>The lowered steps, in the order the child runs them.</summary>
        public ChildOperation* Operations;

        public int OperationCount;

        /// <summary>Where the grandchild of a PID-namespace fork goes on (written by the child before it clones).</summary>
        public int ResumeAt;

        /// <summary>Written by the child: the pid of the grandchild that executes the program.</summary>
        public int GrandchildPid;

        /// <summary>The write end of the O_CLOEXEC error pipe: failures go here; -1 when they go to <see cref="Reports"/>.</summary>
        public int ErrorPipe;

        /// <summary>
        /// Without an error pipe: where the child writes its reports, in this memory it shares with
        /// the parent, which reads them once clone returns (CLONE_VFORK: the child has executed or
        /// exited by then). <see cref="ReportCapacity"/> entries, the last kept for a failure.
        /// </summary>
        public ChildReport* Reports;

        public int ReportCapacity;

        /// <summary>Written by the child: how many of <see cref="Reports"/> it filled.</summary>
        public int ReportCount;

        /// <summary>The parent's signal mask from before it blocked all signals for clone.</summary>
        public SigSet ParentSignalMask;

        /// <summary>The mask the executed program starts with: the parent's, with the init's signals blocked when it runs the init.</summary>
        public SigSet ExecSignalMask;

        /// <summary>Signals to leave ignored even where the runtime ignored them itself (bit N-1 for signal N): SandboxPlan.InheritedIgnored.</summary>
        public ulong KeepIgnored;

        /// <summary>1: every ignored signal goes back to SIG_DFL too (SandboxPlan.DefaultSignalDispositions).</summary>
        public int ResetIgnored;

        /// <summary>An O_RDONLY|O_DIRECTORY descriptor of the cgroup v2 directory to clone into (CLONE_INTO_CGROUP), or -1.</summary>
        public int CloneCgroupFd;

        /// <summary>Set by the parent before the clone: 1 when clone3 places the child in <see cref="CloneCgroupFd"/>'s cgroup, so its JoinCgroup write is skipped.</summary>
        public int PlacedByClone;

        /// <summary>Set by the parent before the clone: 1 when clone3 resets every caught signal to SIG_DFL in the child (CLONE_CLEAR_SIGHAND), so ResetSignalHandlers need not ask for each.</summary>
        public int HandlersCleared;
    }

    /// <summary>
    /// One lowered step: what to do (<see cref="Step"/>) and its arguments, every path already
    /// joined and encoded. <see cref="SourceStep"/> points back at the <see cref="SandboxStep"/>
    /// it came from (-1 for what the spawner adds itself), so a failure is described in the
    /// caller's words. Which fields a step reads is said at each <see cref="ChildStep"/> in
    /// <see cref="ChildEntry"/>.
    /// </summary>
    internal unsafe struct ChildOperation
    {
        public ChildStep Step;
        public int SourceStep;

        /// <summary>A descriptor the step uses, or (CaptureNamespace, CloneMount) the one it opened.</summary>
        public int Fd;

        /// <summary>A small argument: a namespace type, clone flags, a descriptor number, an operation index.</summary>
        public int Argument;

        public ulong Flags;

        /// <summary>The path acted on (mount target, directory, proc file).</summary>
        public byte* Path;

        /// <summary>A second path or name: mount source, symlink target, file system type's source.</summary>
        public byte* Source;

        public byte* FileSystemType;

        /// <summary>Bytes to write or mount options; <see cref="Length"/> long.</summary>
        public byte* Data;

        public nuint Length;
    }

    /// <summary>
    /// What a failing child writes to the error pipe (16 bytes, well under PIPE_BUF so it is atomic):
    /// the step, errno, the index of the operation, and whether it is a warning (the child went on).
    /// </summary>
    internal struct ChildReport
    {
        public int Step;
        public int Errno;
        public int Index;
        public int IsWarning;
    }
}
