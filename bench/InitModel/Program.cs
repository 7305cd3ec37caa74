using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

// A model of `nsbox run --pid -- /bin/true`, stripped to the clones, for the harness (bench/run's
// harness.c) to time: "vfork" (the command is PID 1: --no-init), "exec" (PID 1 is this program
// executed again, which VFORKs the command and reaps it: nsbox's init), "inplace" (PID 1 is a
// fork-like copy cloned with CLONE_NEWPID, which waits for a go byte the parent sends only when
// no GC suspension moved the counters across the clone, then VFORKs the command and reaps it).
// Usage: InitModel vfork|exec|inplace. Only SIGCHLD is handled; no signal is forwarded.
internal static unsafe class P
{
    const int SysClone = 56, SysExitGroup = 231, SysRead = 0, SysWrite = 1, SysClose = 3, SysWait4 = 61, SysKill = 62;
    const int CloneNewPid = 0x20000000, CloneVm = 0x100, CloneVfork = 0x4000, Sigchld = 17;

    [SuppressGCTransition, DllImport("libc", EntryPoint = "syscall")]
    static extern nint Sc(nint n, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);
    [DllImport("libc", EntryPoint = "syscall")]
    static extern nint St(nint n, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);
    [DllImport("libc", EntryPoint = "clone")]
    static extern int Clone(delegate* unmanaged<void*, int> fn, void* stack, int flags, void* arg);
    [DllImport("libc")] static extern int pthread_sigmask(int how, ulong* set, ulong* old);
    [DllImport("libc")] static extern int pipe2(int* fds, int flags);
    [SuppressGCTransition, DllImport("libc", EntryPoint = "signalfd")] static extern int SignalfdC(int fd, ulong* mask, nuint size, int flags);
    [SuppressGCTransition, DllImport("libc", EntryPoint = "execve")] static extern int ExecveC(byte* path, byte** argv, byte** envp);
    [SuppressGCTransition, DllImport("libc", EntryPoint = "pthread_sigmask")] static extern int SigmaskC(int how, ulong* set, ulong* old);

    struct Args { public byte* Path; public byte** Argv; public byte** Envp; public ulong Mask; }

    [UnmanagedCallersOnly]
    static int CommandEntry(void* a)
    {
        Args* args = (Args*)a;
        ulong m = args->Mask;
        SigmaskC(2, &m, null);
        ExecveC(args->Path, args->Argv, args->Envp);
        Sc(SysExitGroup, 127, 0, 0, 0, 0, 0);
        return 127;
    }

    static int SpawnVfork(Args* args, int flags)
    {
        byte marker = 0;
        void* top = (void*)((((nuint)(&marker)) - 16384) & ~(nuint)15);
        return Clone(&CommandEntry, top, flags | CloneVm | CloneVfork | Sigchld, args);
    }

    // PID 1's work: VFORK the command, close the report pipe, reap until the command exits.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Supervise(Args* args, int reportFd)
    {
        ulong mask = (1ul << (Sigchld - 1)) | (1ul << 14);
        int sfd = SignalfdC(-1, &mask, 8, 0x80000);
        int cmd = SpawnVfork(args, 0);
        Sc(SysClose, reportFd, 0, 0, 0, 0, 0);
        byte* info = stackalloc byte[128];
        while (true)
        {
            Sc(SysRead, sfd, (nint)info, 128, 0, 0, 0);
            int status, pid;
            while ((pid = (int)Sc(SysWait4, -1, (nint)(&status), 1 /* WNOHANG */, 0, 0, 0)) > 0)
            {
                if (pid == cmd)
                {
                    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
                }
            }
        }
    }

    static byte* Z(string s) { var b = (byte*)NativeMemory.AllocZeroed((nuint)s.Length + 1); for (int i = 0; i < s.Length; i++) b[i] = (byte)s[i]; return b; }

    static int Main(string[] argv)
    {
        if (argv.Length != 1)
        {
            Console.Error.WriteLine("usage: InitModel vfork|exec|inplace");
            return 2;
        }

        string mode = argv[0];
        var args = (Args*)NativeMemory.AllocZeroed((nuint)sizeof(Args));
        args->Path = Z("/bin/true");
        args->Argv = (byte**)NativeMemory.AllocZeroed(2 * 8); args->Argv[0] = Z("true");
        args->Envp = (byte**)NativeMemory.AllocZeroed(8);
        ulong all = ulong.MaxValue, old;
        if (mode == "init")
        {
            // Executed as PID 1 with every signal blocked: report fd 3.
            return Supervise(args, 3);
        }

        int* report = stackalloc int[2];
        pipe2(report, 0x80000);
        if (mode == "vfork")
        {
            pthread_sigmask(0, &all, &old);
            args->Mask = old;
            int pid = SpawnVfork(args, CloneNewPid);
            pthread_sigmask(2, &old, null);
            int st; St(SysWait4, pid, (nint)(&st), 0, 0, 0, 0);
            return 0;
        }

        if (mode == "exec")
        {
            // PID 1 is this program again: the child dups the report pipe to 3 and executes "init".
            args->Path = Z("/proc/self/exe");
            args->Argv = (byte**)NativeMemory.AllocZeroed(3 * 8); args->Argv[0] = Z("InitModel"); args->Argv[1] = Z("init");
            St(33 /* dup2 */, report[1], 3, 0, 0, 0, 0);
            pthread_sigmask(0, &all, &old);
            args->Mask = all;
            int pid = SpawnVfork(args, CloneNewPid);
            pthread_sigmask(2, &old, null);
            St(SysClose, 3, 0, 0, 0, 0, 0);
            St(SysClose, report[1], 0, 0, 0, 0, 0);
            byte b; St(SysRead, report[0], (nint)(&b), 1, 0, 0, 0);
            int st; St(SysWait4, pid, (nint)(&st), 0, 0, 0, 0);
            return 0;
        }

        // inplace
        int* go = stackalloc int[2];
        pipe2(go, 0x80000);
        int retries = 0;
        while (true)
        {
            int c0 = GC.CollectionCount(0);
            TimeSpan p0 = GC.GetTotalPauseDuration();
            pthread_sigmask(0, &all, &old);
            args->Mask = old;
            int pid = InPlace(args, go[0], report[1]);
            pthread_sigmask(2, &old, null);
            if (GC.CollectionCount(0) != c0 || GC.GetTotalPauseDuration() != p0)
            {
                St(SysKill, pid, 9, 0, 0, 0, 0);
                int s0; St(SysWait4, pid, (nint)(&s0), 0, 0, 0, 0);
                retries++;
                continue;
            }

            byte one = 1;
            St(SysWrite, go[1], (nint)(&one), 1, 0, 0, 0);
            St(SysClose, report[1], 0, 0, 0, 0, 0);
            byte b; St(SysRead, report[0], (nint)(&b), 1, 0, 0, 0);
            int st; St(SysWait4, pid, (nint)(&st), 0, 0, 0, 0);
            return retries;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int InPlace(Args* args, int goFd, int reportFd)
    {
        nint pid = Sc(SysClone, CloneNewPid | Sigchld, 0, 0, 0, 0, 0);
        if (pid == 0)
        {
            byte b;
            if (Sc(SysRead, goFd, (nint)(&b), 1, 0, 0, 0) != 1)
            {
                Sc(SysExitGroup, 125, 0, 0, 0, 0, 0);
            }

            Sc(SysExitGroup, Supervise(args, reportFd), 0, 0, 0, 0, 0);
        }

        return (int)pid;
    }
}
