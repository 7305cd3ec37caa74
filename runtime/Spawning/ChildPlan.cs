using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// Everything the child needs, prepared by the parent in native memory before clone: the child
    /// reads only this. No managed references, so the child never touches the managed heap. A null
    /// pointer or zero means "skip this step".
    /// </summary>
    internal unsafe struct ChildPlan
    {
        /// <summary>The resolved executable path (NUL-terminated UTF-8).</summary>
        public byte* Path;

        /// <summary>When 0 or more, an O_PATH descriptor of the program, executed with execveat: its path may be gone after pivot_root.</summary>
        public int ProgramFd;

        /// <summary>NULL-terminated argv.</summary>
        public byte** Argv;

        /// <summary>NULL-terminated envp.</summary>
        public byte** Envp;

        /// <summary>Existing namespaces to enter first (setns), in order.</summary>
        public NamespaceFd* Joins;

        public int JoinCount;

        /// <summary>Namespaces to hand to the parent (which shares the fd table until the child unshares it).</summary>
        public NamespaceCapture* Captures;

        public int CaptureCount;

        /// <summary>Descriptors the command inherits besides 0-2.</summary>
        public int* InheritedFds;

        public int InheritedFdCount;

        /// <summary>Signal for the child when the spawning thread dies (PR_SET_PDEATHSIG), or 0.</summary>
        public int ParentDeathSignal;

        /// <summary>The single-line maps the child writes for its own new user namespace.</summary>
        public NativeText UidMap;

        public NativeText GidMap;

        /// <summary>Text for /proc/self/timens_offsets; when set, the child enters a new time namespace first.</summary>
        public NativeText TimeOffsets;

        /// <summary>Make / recursively private before any mount, so nothing propagates to the host.</summary>
        public int MakeRootPrivate;

        /// <summary>File system operations, in order (mkdir, bind, tmpfs, proc, ...).</summary>
        public FileSystemOperation* Operations;

        public int OperationCount;

        /// <summary>The directory to pivot_root into (it is already a mount point: the plan binds it onto itself), or null.</summary>
        public byte* NewRoot;

        /// <summary>The new hostname and domain name (not NUL-terminated), or empty.</summary>
        public NativeText Hostname;

        public NativeText Domainname;

        /// <summary>Bring the loopback interface up (a new network namespace starts with lo down).</summary>
        public int BringUpLoopback;

        /// <summary>The working directory for the command, or null.</summary>
        public byte* WorkingDirectory;

        public int NewSession;

        public int NoNewPrivileges;

        /// <summary>Capabilities to drop (bit N = CAP number N), and whether to keep the rest across exec (ambient).</summary>
        public ulong DroppedCapabilities;

        public int KeepCapabilities;

        /// <summary>The write end of the O_CLOEXEC error pipe: failures go here.</summary>
        public int ErrorPipe;

        /// <summary>
        /// When 0 or more: the error pipe is duplicated onto this fd, without close-on-exec, right
        /// before execve, so that the program executed (our PID-1 init) reports on it in turn.
        /// </summary>
        public int PassErrorPipeAs;

        /// <summary>A descriptor to make the command's stderr, or -1.</summary>
        public int StandardErrorFd;

        /// <summary>CLONE_NEW* flags to unshare after the joins (namespaces owned by a joined user namespace), or 0.</summary>
        public int UnshareFlags;

        /// <summary>After setns into or unshare of a PID namespace: clone once more so the program runs inside it.</summary>
        public int ForkIntoPidNamespace;

        /// <summary>Written by the child: the pid of the grandchild that executes the program.</summary>
        public int GrandchildPid;

        /// <summary>The parent's signal mask from before it blocked all signals for clone.</summary>
        public SigSet ParentSignalMask;

        /// <summary>The mask the executed program starts with: the parent's, with the init's signals blocked when it runs the init.</summary>
        public SigSet ExecSignalMask;
    }

    /// <summary>A namespace descriptor opened by the parent and the CLONE_NEW* type setns checks it against.</summary>
    internal struct NamespaceFd
    {
        public int Fd;
        public int Type;
    }

    /// <summary>A /proc/self/ns entry the child opens into the fd table it shares with the parent; the fd is written back here.</summary>
    internal unsafe struct NamespaceCapture
    {
        public byte* Path;
        public int Fd;
    }

    /// <summary>Bytes in native memory with their length (no terminating NUL needed).</summary>
    internal unsafe struct NativeText
    {
        public byte* Bytes;
        public nuint Length;

        public readonly bool IsSet => Bytes != null;
    }

    /// <summary>
    /// What a failing child writes to the error pipe (16 bytes, well under PIPE_BUF so it is atomic):
    /// the step, errno, the index of the file system operation when the step is one, and whether
    /// it is a warning (the child went on) rather than a failure.
    /// </summary>
    internal struct ChildReport
    {
        public int Step;
        public int Errno;
        public int Index;
        public int IsWarning;
    }
}
