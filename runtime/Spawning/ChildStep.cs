namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// The steps a cloned child walks, in the order the kernel needs them (user maps before mounts,
    /// / private before any mount, pivot_root after the mounts, exec last). A child that fails
    /// reports the step and errno over the error pipe, so the parent can say exactly what went wrong.
    /// </summary>
    public enum ChildStep
    {
        /// <summary>No step (a failure in the parent).</summary>
        None = 0,

        /// <summary>Reset inherited signal handlers to their defaults (sigaction).</summary>
        ResetSignals = 1,

        /// <summary>Set the hostname of the new UTS namespace (sethostname).</summary>
        SetHostname = 2,

        /// <summary>Restore the signal mask the parent had before it blocked everything for clone.</summary>
        RestoreSignalMask = 3,

        /// <summary>Replace the child with the command (execve).</summary>
        Exec = 4,

        /// <summary>Mark every inherited descriptor above 2 close-on-exec (close_range).</summary>
        CloseInheritedFds = 5,

        /// <summary>Ask for a signal when the spawning thread dies (prctl PR_SET_PDEATHSIG).</summary>
        ParentDeathSignal = 6,

        /// <summary>Write /proc/self/uid_map.</summary>
        WriteUidMap = 7,

        /// <summary>Write "deny" to /proc/self/setgroups (required before gid_map without CAP_SETGID outside).</summary>
        DenySetgroups = 8,

        /// <summary>Write /proc/self/gid_map.</summary>
        WriteGidMap = 9,

        /// <summary>Create a time namespace for what the child executes (unshare CLONE_NEWTIME).</summary>
        EnterTimeNamespace = 10,

        /// <summary>Write the clock offsets to /proc/self/timens_offsets.</summary>
        WriteTimeOffsets = 11,

        /// <summary>Make / recursively private so no mount propagates to the host.</summary>
        MakeRootPrivate = 12,

        /// <summary>One of the planned file system operations (mkdir, mount, symlink); the report carries its index.</summary>
        FileSystem = 13,

        /// <summary>pivot_root into the new root.</summary>
        PivotRoot = 14,

        /// <summary>Detach the old root after pivot_root (umount2 MNT_DETACH).</summary>
        DetachOldRoot = 15,

        /// <summary>Set the NIS domain name of the new UTS namespace (setdomainname).</summary>
        SetDomainname = 16,

        /// <summary>Bring the loopback interface up (ioctl SIOCSIFFLAGS).</summary>
        BringUpLoopback = 17,

        /// <summary>Change to the working directory (chdir).</summary>
        ChangeDirectory = 18,

        /// <summary>Start a new session (setsid).</summary>
        NewSession = 19,

        /// <summary>Set no_new_privs (prctl PR_SET_NO_NEW_PRIVS).</summary>
        NoNewPrivileges = 20,

        /// <summary>Hand the error pipe to the PID-1 init as a known fd (dup3).</summary>
        PassErrorPipe = 22,

        /// <summary>The PID-1 init could not set itself up (signalfd, its own spawn); errno says why.</summary>
        InitSetup = 23,

        /// <summary>Enter an existing namespace (setns); the report carries the index of the join.</summary>
        JoinNamespace = 24,

        /// <summary>Open a /proc/self/ns entry for the parent to keep the namespace alive; the report carries its index.</summary>
        CaptureNamespace = 25,

        /// <summary>Stop sharing the fd table with the parent (unshare CLONE_FILES) after the captures.</summary>
        UnshareFiles = 26,

        /// <summary>Keep an inherited descriptor open across exec (fcntl F_SETFD 0); the report carries the fd.</summary>
        InheritFd = 27,

        /// <summary>Clone the grandchild that runs in the joined PID namespace.</summary>
        ForkIntoPidNamespace = 28,

        /// <summary>Drop capabilities from the bounding set (prctl PR_CAPBSET_DROP) and the process sets (capset).</summary>
        DropCapabilities = 29,

        /// <summary>Raise the kept capabilities into the ambient set (prctl PR_CAP_AMBIENT).</summary>
        KeepCapabilities = 30,

        /// <summary>Create namespaces inside a joined user namespace (unshare).</summary>
        UnshareNamespaces = 31,

        /// <summary>Make the given descriptor the command's stderr (dup3).</summary>
        RedirectStandardError = 32,

        /// <summary>Warning, not a failure: pivot_root was refused (EINVAL), so the root was moved with MS_MOVE and chroot.</summary>
        PivotRootFellBackToChroot = 21,
    }
}
