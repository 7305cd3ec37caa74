using Interop.Linux;
using Interop.Runtime.Text;

namespace Interop.Runtime.Spawning
{
    /// <summary>The words a failed child step is told in: the system call and what it acted on.</summary>
    internal static unsafe class ChildSteps
    {
        private const MountFlags Propagations = MountFlags.Shared | MountFlags.Slave | MountFlags.Private | MountFlags.Unbindable;

        /// <summary>The step's system call in the man pages' words ("pivot_root", "mount --make-rprivate /").</summary>
        public static string Words(ChildStep step) => step switch
        {
            ChildStep.None => "spawn",
            ChildStep.ResetSignals => "sigaction",
            ChildStep.ParentDeathSignal => "prctl PR_SET_PDEATHSIG",
            ChildStep.JoinNamespace => "setns",
            ChildStep.BecomeRoot => "setresuid 0 in the joined user namespace",
            ChildStep.UnshareNamespaces => "unshare",
            ChildStep.ForkIntoPidNamespace => "clone into the PID namespace",
            ChildStep.WriteUidMap => "write /proc/self/uid_map",
            ChildStep.DenySetgroups => "write /proc/self/setgroups",
            ChildStep.WriteGidMap => "write /proc/self/gid_map",
            ChildStep.EnterTimeNamespace => "unshare CLONE_NEWTIME",
            ChildStep.WriteTimeOffsets => "write /proc/self/timens_offsets",
            ChildStep.CaptureNamespace => "open",
            ChildStep.UnshareFiles => "unshare CLONE_FILES",
            ChildStep.MakeRootPrivate => "mount --make-rprivate /",
            ChildStep.MakeDirectory => "mkdir",
            ChildStep.CreateFile => "create",
            ChildStep.Mount => "mount",
            ChildStep.MakeReadOnly => "mount_setattr MOUNT_ATTR_RDONLY",
            ChildStep.CloneMount => "open_tree",
            ChildStep.AttachMount => "move_mount",
            ChildStep.Symlink => "symlink",
            ChildStep.PivotRoot => "pivot_root",
            ChildStep.DetachOldRoot => "umount2 old root",
            ChildStep.SetHostname => "sethostname",
            ChildStep.SetDomainname => "setdomainname",
            ChildStep.BringUpLoopback => "ioctl SIOCSIFFLAGS lo up",
            ChildStep.ChangeDirectory => "chdir",
            ChildStep.NewSession => "setsid",
            ChildStep.NoNewPrivileges => "prctl PR_SET_NO_NEW_PRIVS",
            ChildStep.DropCapabilities => "drop capabilities",
            ChildStep.KeepCapabilities => "prctl PR_CAP_AMBIENT_RAISE",
            ChildStep.RedirectStandardError => "dup3 onto stderr",
            ChildStep.CloseInheritedFds => "close_range",
            ChildStep.InheritFd => "keep fd",
            ChildStep.PassErrorPipe => "dup3 the error pipe",
            ChildStep.PassStartFifo => "dup3 the start fifo",
            ChildStep.ExecWaiter => "exec the start waiter",
            ChildStep.RestoreSignalMask => "pthread_sigmask",
            ChildStep.Exec => "exec",
            ChildStep.ExecInit => "exec the init",
            ChildStep.InitSetup => "start the init",
            ChildStep.PivotRootFellBackToChroot => "pivot_root",
            ChildStep.MaskPath => "mask",
            ChildStep.ReadOnlyPath => "mount read-only",
            ChildStep.RedirectStandardStream => "dup3 onto stdin or stdout",
            ChildStep.SetOomScoreAdjustment => "write /proc/self/oom_score_adj",
            ChildStep.SetResourceLimit => "setrlimit",
            ChildStep.SetUmask => "umask",
            ChildStep.DropBoundingSet => "prctl PR_CAPBSET_DROP",
            ChildStep.KeepCapabilitiesAcrossSetuid => "prctl PR_SET_KEEPCAPS",
            ChildStep.SetGroups => "setgroups",
            ChildStep.SetGroupId => "setresgid",
            ChildStep.SetUserId => "setresuid",
            ChildStep.SetCapabilities => "capset",
            ChildStep.MakeDevice => "mknod",
            ChildStep.WriteSysctl => "write",
            ChildStep.AttachTerminal => "attach a terminal",
            ChildStep.OpenTerminal => "open a pty from /dev/ptmx",
            ChildStep.SendTerminal => "sendmsg the pty master to the console socket",
            ChildStep.BindConsole => "bind the pty onto /dev/console",
            ChildStep.ControllingTerminal => "make the pty the controlling terminal",
            ChildStep.JoinCgroup => "write",
            ChildStep.LoadSeccomp => "seccomp SECCOMP_SET_MODE_FILTER",
            ChildStep.SendSeccompListener => "send the seccomp listener",
            _ => step.ToString(),
        };

        /// <summary>An operation in words, with its arguments read back from the plan ("bind /a on /b", "mkdir /x").</summary>
        internal static string Describe(ChildOperation* op)
        {
            string path = Text(op->Path);
            return op->Step switch
            {
                ChildStep.Mount when (op->Flags & (ulong)MountFlags.Remount) != 0 => "mount -o remount " + path,
                ChildStep.Mount when (op->Flags & (ulong)MountFlags.Bind) != 0 => "bind " + Text(op->Source) + " on " + path,
                ChildStep.Mount when op->FileSystemType == null && (op->Flags & (ulong)Propagations) != 0 => "mount --make-" + SandboxStep.Mount.PropagationWord((MountFlags)op->Flags) + " " + path,
                ChildStep.Mount => "mount " + Text(op->FileSystemType) + " on " + path,
                ChildStep.CloneMount => "open_tree " + Text(op->Source),
                ChildStep.Symlink => "symlink " + path + " -> " + Text(op->Source),
                ChildStep.SetHostname or ChildStep.SetDomainname => Words(op->Step) + " " + FileSystemEncoding.Decode(new System.ReadOnlySpan<byte>(op->Data, (int)op->Length)),
                ChildStep.JoinNamespace => "setns " + NamespaceType.Describe((CloneFlags)(uint)op->Argument),
                ChildStep.UnshareNamespaces => "unshare " + NamespaceType.Describe((CloneFlags)(uint)op->Argument),
                ChildStep.SetResourceLimit => Words(op->Step) + " " + new ResourceLimit(op->Argument, ((Rlimit*)op->Data)->rlim_cur, ((Rlimit*)op->Data)->rlim_max).ToString(),
                ChildStep.SetGroupId or ChildStep.SetUserId => Words(op->Step) + " " + ((uint)op->Argument).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ChildStep.SetOomScoreAdjustment => Words(op->Step) + " " + FileSystemEncoding.Decode(new System.ReadOnlySpan<byte>(op->Data, (int)op->Length)),
                ChildStep.WriteSysctl => Words(op->Step) + " " + path + " " + FileSystemEncoding.Decode(new System.ReadOnlySpan<byte>(op->Data, (int)op->Length)),
                ChildStep.MakeDevice => Words(op->Step) + " " + path,
                ChildStep.InheritFd or ChildStep.RedirectStandardError => Words(op->Step) + " " + op->Fd.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ChildStep.AttachTerminal or ChildStep.MakeRootPrivate or ChildStep.WriteUidMap or ChildStep.WriteGidMap or ChildStep.DenySetgroups or ChildStep.WriteTimeOffsets => Words(op->Step),
                _ when op->Path != null => Words(op->Step) + " " + path,
                _ => Words(op->Step),
            };
        }

        private static string Text(byte* s) => s == null ? "" : FileSystemEncoding.Decode(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated(s));
    }
}
