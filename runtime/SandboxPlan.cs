using System;
using System.Collections.Generic;
using Interop.Linux;

namespace Interop.Runtime
{
    /// <summary>
    /// A sandbox, described once: the command, the namespaces to create, the ordered
    /// <see cref="Steps"/> that set it up, and how the command starts (environment, directory,
    /// session, capabilities). The counterpart of Go's exec.Cmd plus SysProcAttr, and of
    /// bubblewrap's list of setup operations. Every property is optional but <see cref="FileName"/>;
    /// <see cref="SandboxBuilder"/> fills them in a readable way and validates each step as it is added.
    /// </summary>
    public sealed record SandboxPlan
    {
        /// <summary>Starts the sandbox this plan describes.</summary>
        /// <exception cref="SandboxUsageException">The plan cannot be carried out as described (checked before anything runs).</exception>
        /// <exception cref="SpawnException">A step failed; the message names it, and nothing is left behind.</exception>
        public ChildProcess Start() => Spawning.Spawner.Spawn(this);

        /// <summary>The command: a path, or a name looked up in PATH (in the parent, like execvp).</summary>
        public required string FileName { get; init; }

        /// <summary>Arguments after argv[0] (argv[0] is <see cref="FileName"/> as given).</summary>
        public IReadOnlyList<string> Arguments { get; init; } = [];

        /// <summary>The namespaces to create: any CloneFlags.New* value (NewTime included).</summary>
        public CloneFlags Namespaces { get; init; }

        /// <summary>What sets the sandbox up, in the order asked for (see <see cref="SandboxStep"/>).</summary>
        public IReadOnlyList<SandboxStep> Steps { get; init; } = [];

        /// <summary>The environment as KEY=VALUE entries, or null to pass on this process's environment.</summary>
        public IReadOnlyList<string>? Environment { get; init; }

        /// <summary>The command's working directory (inside the new root when there is one), or null.</summary>
        public string? WorkingDirectory { get; init; }

        /// <summary>After entering a user namespace, keep this process's ids instead of becoming root there (nsenter --preserve-credentials).</summary>
        public bool PreserveCredentials { get; init; }

        /// <summary>With maps that leave out this process's ids but map 0, become root of the new user namespace before the mounts (<see cref="SandboxBuilder.RootInMappedUserNamespace"/>).</summary>
        public bool RootInMappedUserNamespace { get; init; }

        /// <summary>Every signal starts at SIG_DFL, the inherited ignored ones too (<see cref="SandboxBuilder.DefaultSignalDispositions"/>); <see cref="InheritedIgnored"/> then changes nothing.</summary>
        public bool DefaultSignalDispositions { get; init; }

        /// <summary>Start the command in a new session (setsid), detached from the terminal's job control.</summary>
        public bool NewSession { get; init; }

        /// <summary>Set no_new_privs: execve never grants privileges (setuid bits, file capabilities).</summary>
        public bool NoNewPrivileges { get; init; }

        /// <summary>
        /// The signal the child gets when the spawning thread dies (PR_SET_PDEATHSIG; 0 for none).
        /// It is tied to the thread: spawn from a thread that outlives the child.
        /// </summary>
        public int ParentDeathSignal { get; init; }

        /// <summary>
        /// Signals the caller's own parent left ignored that its runtime changed before any of its
        /// code ran: SIGPIPE, which .NET ignores for itself before <c>Main</c>. The command starts
        /// with these ignored, as unshare's does. Empty (the default, for callers who cannot know):
        /// SIGPIPE starts at SIG_DFL. Every other ignored signal stays ignored either way.
        /// </summary>
        public IReadOnlyList<int> InheritedIgnored { get; init; } = [];

        /// <summary>
        /// With a new PID namespace, run our init as PID 1 (it forwards signals to the command,
        /// reaps orphans and exits with the command's status). Without it the command is PID 1.
        /// </summary>
        public bool UseInit { get; init; } = true;

        /// <summary>
        /// A FIFO (made by the caller) that the sandbox waits on, set up, before the command is
        /// executed: the process executed is nsbox's start waiter (<see cref="InitLocator"/>), which
        /// opens the FIFO for writing (blocking until someone opens it for reading), then executes
        /// the command in its place, as runc's exec.fifo. <see cref="Start"/> returns once the waiter
        /// runs. Not with the init: the waiting process is the one that becomes the command (PID 1
        /// in a new PID namespace). Null: the command is executed at once.
        /// </summary>
        public string? StartFifo { get; init; }

        /// <summary>The init program (nsbox), or null to find it: <see cref="InitLocator"/>.</summary>
        public string? InitPath { get; init; }



        /// <summary>
        /// Give the command a new pseudo-terminal (process.terminal), opened from the sandbox's own
        /// /dev/ptmx once its root is in place, as runc does: the slave becomes its controlling
        /// terminal (in a new session) and its stdin, stdout and stderr, and is bound onto
        /// /dev/console when the plan has a root; the master is sent over <see cref="ConsoleSocket"/>.
        /// </summary>
        public bool Terminal { get; init; }

        /// <summary>The terminal's window size (rows, columns) when <see cref="Terminal"/>; 0 and 0 leave the kernel's.</summary>
        public (ushort Rows, ushort Columns) TerminalSize { get; init; }

        /// <summary>A connected AF_UNIX socket the pty master goes to (SCM_RIGHTS, named "/dev/ptmx", as runc sends it), or -1.</summary>
        public int ConsoleSocket { get; init; } = -1;

        /// <summary>Cgroup directories (on the host) the process is moved into before anything else, as runc's exec joins the container's.</summary>
        public IReadOnlyList<string> Cgroups { get; init; } = [];

        /// <summary>
        /// Limits for a cgroup of the sandbox's own (docs/cgroups.md), or null for none: made in the
        /// parent before clone (nsbox-PID-N below this process's cgroup in every hierarchy), the
        /// child placed in it before it can fork, removed when the <see cref="ChildProcess"/> is
        /// waited for or disposed, or when the start fails.
        /// </summary>
        public Cgroups.CgroupResources? Resources { get; init; }

        /// <summary>Descriptors besides 0, 1 and 2 that the command inherits (every other one is closed at exec).</summary>
        public IReadOnlyList<int> InheritedFds { get; init; } = [];

        /// <summary>Capabilities (bit N for CAP number N) to drop from the bounding, effective, permitted and inheritable sets.</summary>
        public ulong DroppedCapabilities { get; init; }

        /// <summary>
        /// Keep the capabilities the command has before exec across exec, also for a non-root user
        /// inside (through the ambient set); otherwise execve recomputes them from the file and uid.
        /// </summary>
        public bool KeepCapabilities { get; init; }

        /// <summary>
        /// The propagation of the sandbox's root after pivot_root (Shared, Slave, Private or Unbindable,
        /// with Recursive), or None for private, what every sandbox mount is. With Slave the host's / is
        /// made recursively slave instead of private before the first mount, so mounts on the host
        /// still reach the sandbox and none goes back. Shared is a peer group of the sandbox's own
        /// (the host's mounts were made private first): binds of / made inside see its mounts, the host
        /// never does.
        /// </summary>
        public MountFlags RootPropagation { get; init; }

        /// <summary>The user, group and supplementary groups the command runs as (set after every mount), or null for this process's.</summary>
        public ProcessUser? User { get; init; }

        /// <summary>The five capability sets the command starts with (<see cref="CapabilitySets"/>), or null for this process's; not with <see cref="DroppedCapabilities"/> or <see cref="KeepCapabilities"/>.</summary>
        public CapabilitySets? Capabilities { get; init; }

        /// <summary>Resource limits set in the child (setrlimit), in order, before the user changes.</summary>
        public IReadOnlyList<ResourceLimit> ResourceLimits { get; init; } = [];

        /// <summary>The command's file mode creation mask, or null for this process's.</summary>
        public uint? Umask { get; init; }

        /// <summary>
        /// A compiled seccomp filter the command starts under (<see cref="Seccomp.SeccompProgram.Compile"/>),
        /// or null. Loaded last before execve with <see cref="NoNewPrivileges"/>; without it, before
        /// the user and capabilities change (loading then needs CAP_SYS_ADMIN). An init or start
        /// waiter between the child and the command runs under it too.
        /// </summary>
        public Seccomp.SeccompProgram? Seccomp { get; init; }

        /// <summary>The command's /proc/PID/oom_score_adj (-1000 to 1000), or null for this process's. Lowering it needs CAP_SYS_RESOURCE.</summary>
        public int? OomScoreAdjustment { get; init; }

        /// <summary>A descriptor to become the command's stderr (dup3 onto 2), or -1 to keep this process's.</summary>
        internal int StandardErrorFd { get; init; } = -1;

        /// <summary>A descriptor to become the command's stdin (dup3 onto 0), or -1 to keep this process's.</summary>
        internal int StandardInputFd { get; init; } = -1;

        /// <summary>A descriptor to become the command's stdout (dup3 onto 1), or -1 to keep this process's.</summary>
        internal int StandardOutputFd { get; init; } = -1;

        /// <summary>
        /// The types of the namespaces the plan joins. One also in <see cref="Namespaces"/> (a hostname
        /// set in a joined UTS namespace: the step adds its type) is joined, not created.
        /// </summary>
        internal CloneFlags JoinedNamespaces
        {
            get
            {
                CloneFlags joined = CloneFlags.None;
                foreach (SandboxStep step in Steps)
                {
                    joined |= step is SandboxStep.Join join ? join.Namespace.Type : CloneFlags.None;
                }

                return joined;
            }
        }

        /// <summary>Create the namespaces with unshare in the child after the joins (so a joined user namespace owns them), not with clone flags.</summary>
        internal bool CreateByUnshare { get; init; }

        /// <summary>
        /// With <see cref="CreateByUnshare"/>: become root of the joined user namespace, which was made
        /// for the sandbox with maps where this process's ids are not but 0 is (root mapping 0 to 1000):
        /// unmapped, its ids would be nobody's there and it could create no file on a file system of the
        /// namespace (EOVERFLOW), as a tmpfs mounted in the sandbox.
        /// </summary>
        internal bool BecomeRootOfPreparedNamespace { get; init; }

        /// <summary>
        /// Create the cgroup namespace by unshare in the child after it joined <see cref="Cgroups"/>
        /// (and after the joins), not with the clone flags: its root is then the sandbox's own cgroup,
        /// as docker's and runc's, not the cgroup of the process that started it.
        /// </summary>
        internal bool UnshareCgroupNamespace { get; init; }

        /// <summary>
        /// The cgroup v2 directory of <see cref="Cgroups"/> to start the child in with clone3's
        /// CLONE_INTO_CGROUP (a sandbox's own cgroup, when its unified directory exists), or null:
        /// the child is then in it from its first instruction, and joins only the
        /// others. When clone3 cannot do it the spawner falls back to clone(2) and the child writes
        /// this one's too (docs/cgroups.md).
        /// </summary>
        internal string? CloneIntoCgroup { get; init; }

        /// <summary>Never use clone3 (for <see cref="CloneIntoCgroup"/> and CLONE_CLEAR_SIGHAND): the tests' switch for the clone(2) fallback.</summary>
        internal bool WithoutClone3 { get; init; }

        /// <summary>The already resolved program to execute; <see cref="FileName"/> is then only argv[0].</summary>
        internal string? ExecutablePath { get; init; }

        /// <summary>Signals the command starts with unblocked even though this process blocks them (the init's own).</summary>
        internal IReadOnlyList<int> UnblockAtExec { get; init; } = [];
    }
}
