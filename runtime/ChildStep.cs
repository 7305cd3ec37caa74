namespace Interop.Runtime
{
    /// <summary>
    /// What one native step of the child does: the prologue's (signals, parent-death signal), one
    /// per lowered operation of the plan (setns, id maps, mounts, pivot_root, hostname, ...), and the
    /// epilogue's (signal mask, execve). A child that fails reports its step, errno and the index of
    /// the operation; the parent names it in words (Spawning/ChildSteps.cs) and, through the
    /// operation, the <see cref="SandboxStep"/> it came from.
    /// </summary>
    public enum ChildStep
    {
        /// <summary>No step (a failure in the parent).</summary>
        None = 0,

        /// <summary>Reset inherited signal handlers to their defaults (sigaction).</summary>
        ResetSignals,

        /// <summary>Ask for a signal when the spawning thread dies (prctl PR_SET_PDEATHSIG).</summary>
        ParentDeathSignal,

        /// <summary>Enter an existing namespace (setns).</summary>
        JoinNamespace,

        /// <summary>Become root of a joined user namespace (setgroups, setresgid, setresuid 0), as nsenter does.</summary>
        BecomeRoot,

        /// <summary>Create namespaces inside a joined user namespace (unshare).</summary>
        UnshareNamespaces,

        /// <summary>Clone the grandchild that runs in the joined or unshared PID namespace.</summary>
        ForkIntoPidNamespace,

        /// <summary>Write /proc/self/uid_map.</summary>
        WriteUidMap,

        /// <summary>Write "deny" to /proc/self/setgroups (required before gid_map without CAP_SETGID outside).</summary>
        DenySetgroups,

        /// <summary>Write /proc/self/gid_map.</summary>
        WriteGidMap,

        /// <summary>Create a time namespace for what the child executes (unshare CLONE_NEWTIME).</summary>
        EnterTimeNamespace,

        /// <summary>Write the clock offsets to /proc/self/timens_offsets.</summary>
        WriteTimeOffsets,

        /// <summary>Open a /proc/self/ns entry for the parent to keep the namespace alive.</summary>
        CaptureNamespace,

        /// <summary>Stop sharing the fd table with the parent (unshare CLONE_FILES) after the captures.</summary>
        UnshareFiles,

        /// <summary>Make / recursively private so no mount propagates to the host.</summary>
        MakeRootPrivate,

        /// <summary>Create a directory (mkdir; an existing one is fine).</summary>
        MakeDirectory,

        /// <summary>Create an empty file as a mount point (an existing file or directory is fine).</summary>
        CreateFile,

        /// <summary>mount(2): a file system, or a bind.</summary>
        Mount,

        /// <summary>Make a mount read-only with every submount (mount_setattr AT_RECURSIVE).</summary>
        MakeReadOnly,

        /// <summary>Take a detached copy of a host mount before it is hidden (open_tree OPEN_TREE_CLONE).</summary>
        CloneMount,

        /// <summary>Attach a copy taken by <see cref="CloneMount"/> (move_mount).</summary>
        AttachMount,

        /// <summary>Create a symbolic link.</summary>
        Symlink,

        /// <summary>pivot_root into the new root (falling back to MS_MOVE + chroot).</summary>
        PivotRoot,

        /// <summary>Detach the old root after pivot_root (umount2 MNT_DETACH).</summary>
        DetachOldRoot,

        /// <summary>Set the hostname of the new UTS namespace (sethostname).</summary>
        SetHostname,

        /// <summary>Set the NIS domain name of the new UTS namespace (setdomainname).</summary>
        SetDomainname,

        /// <summary>Bring the loopback interface up (ioctl SIOCSIFFLAGS).</summary>
        BringUpLoopback,

        /// <summary>Change to the working directory (chdir).</summary>
        ChangeDirectory,

        /// <summary>Start a new session (setsid).</summary>
        NewSession,

        /// <summary>Set no_new_privs (prctl PR_SET_NO_NEW_PRIVS).</summary>
        NoNewPrivileges,

        /// <summary>Drop capabilities from the bounding set (prctl PR_CAPBSET_DROP) and the process sets (capset).</summary>
        DropCapabilities,

        /// <summary>Raise the kept capabilities into the ambient set (prctl PR_CAP_AMBIENT).</summary>
        KeepCapabilities,

        /// <summary>Make the given descriptor the command's stderr (dup3).</summary>
        RedirectStandardError,

        /// <summary>Mark every inherited descriptor above 2 close-on-exec (close_range).</summary>
        CloseInheritedFds,

        /// <summary>Keep an inherited descriptor open across exec (fcntl F_SETFD 0).</summary>
        InheritFd,

        /// <summary>Hand the error pipe to the PID-1 init as a known fd (dup3).</summary>
        PassErrorPipe,

        /// <summary>Hand the start FIFO (an O_PATH descriptor the parent opened) to the waiter that blocks before the command's exec (dup3).</summary>
        PassStartFifo,

        /// <summary>Restore the signal mask the parent had before it blocked everything for clone.</summary>
        RestoreSignalMask,

        /// <summary>Replace the child with the command (execve).</summary>
        Exec,

        /// <summary>Replace the child with the PID-1 init (execveat of its descriptor); the command comes after.</summary>
        ExecInit,

        /// <summary>Replace the child with the start waiter (execveat of nsbox's descriptor), which blocks on the start FIFO and then executes the command.</summary>
        ExecWaiter,

        /// <summary>The PID-1 init could not set itself up (signalfd, its own spawn); errno says why.</summary>
        InitSetup,

        /// <summary>Warning, not a failure: pivot_root was refused, so the root was moved with MS_MOVE and chroot.</summary>
        PivotRootFellBackToChroot,

        /// <summary>Hide a path: bind /dev/null over a file, a read-only tmpfs over a directory; a missing path is left alone.</summary>
        MaskPath,

        /// <summary>Bind a path onto itself and make it read-only with every submount; a missing path is left alone.</summary>
        ReadOnlyPath,

        /// <summary>Make the given descriptor the command's stdin or stdout (dup3 onto Argument): an OCI hook reads the state and its output is kept.</summary>
        RedirectStandardStream,

        /// <summary>Write the command's oom_score_adj (/proc/self/oom_score_adj).</summary>
        SetOomScoreAdjustment,

        /// <summary>Set a resource limit (setrlimit).</summary>
        SetResourceLimit,

        /// <summary>Set the file mode creation mask (umask).</summary>
        SetUmask,

        /// <summary>Drop every capability outside the configured bounding set (prctl PR_CAPBSET_DROP).</summary>
        DropBoundingSet,

        /// <summary>Keep (or stop keeping) the permitted capabilities while the user ids change (prctl PR_SET_KEEPCAPS).</summary>
        KeepCapabilitiesAcrossSetuid,

        /// <summary>Set the supplementary groups (setgroups).</summary>
        SetGroups,

        /// <summary>Set the real, effective and saved group id (setresgid).</summary>
        SetGroupId,

        /// <summary>Set the real, effective and saved user id (setresuid).</summary>
        SetUserId,

        /// <summary>Set the effective, permitted and inheritable sets (capset), then the ambient set (prctl PR_CAP_AMBIENT).</summary>
        SetCapabilities,

        /// <summary>Create a device node (mknod, then chown); where mknod is refused, bind the host's node instead.</summary>
        MakeDevice,

        /// <summary>Write a kernel parameter (/proc/sys/...).</summary>
        WriteSysctl,

        /// <summary>Give the command a new pseudo-terminal from inside (ChildEntry.AttachTerminal): its master over the console socket, its slave as controlling terminal and 0, 1, 2.</summary>
        AttachTerminal,

        /// <summary>Open /dev/ptmx, unlock the slave and open it (TIOCSPTLCK, TIOCGPTN, TIOCGPTPEER), set the window size.</summary>
        OpenTerminal,

        /// <summary>Send the pty master over the console socket (sendmsg SCM_RIGHTS).</summary>
        SendTerminal,

        /// <summary>Bind the pty slave onto /dev/console.</summary>
        BindConsole,

        /// <summary>Make the pty slave the controlling terminal (ioctl TIOCSCTTY) and fds 0, 1, 2 (dup3).</summary>
        ControllingTerminal,

        /// <summary>Move the child into a cgroup, before anything else (write "0" to its cgroup.procs).</summary>
        JoinCgroup,

        /// <summary>Load the compiled seccomp filter (seccomp SECCOMP_SET_MODE_FILTER): last before execve, or before the user and capabilities change when no_new_privs is off (it then needs CAP_SYS_ADMIN).</summary>
        LoadSeccomp,

        /// <summary>Send the seccomp filter's listener to the parent (sendmsg SCM_RIGHTS), which hands it to the profile's listenerPath.</summary>
        SendSeccompListener,
    }
}
