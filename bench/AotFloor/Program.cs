using System;
using System.Runtime.InteropServices;

// aotfloor hello                       : start the runtime, write "hi", exit.
// aotfloor NAMESPACES PROGRAM [ARG...]  : unshare(NAMESPACES: uts,pid,ipc,mnt,net), posix_spawnp PROGRAM (looked up in PATH,
//                                        empty environment), wait, exit with its status.
internal static unsafe class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "hello")
        {
            byte* hi = stackalloc byte[] { (byte)'h', (byte)'i', (byte)'\n' };
            return write(1, hi, 3) == 3 ? 0 : 1;
        }

        int flags = 0;
        foreach (string name in args[0].Split(','))
        {
            flags |= name switch
            {
                "uts" => 0x04000000,
                "pid" => 0x20000000,
                "ipc" => 0x08000000,
                "mnt" => 0x00020000,
                "net" => 0x40000000,
                _ => throw new ArgumentException("unknown namespace " + name),
            };
        }

        if (unshare(flags) != 0)
        {
            return 125;
        }

        // argv as NUL-terminated bytes, allocated before the spawn; an empty environment (no managed
        // environment block to build: the floor does as little as a spawn can).
        byte** argv = (byte**)NativeMemory.AllocZeroed((nuint)args.Length, (nuint)sizeof(byte*));
        for (int i = 1; i < args.Length; i++)
        {
            argv[i - 1] = (byte*)Marshal.StringToCoTaskMemUTF8(args[i]);
        }

        int pid;
        byte* noEnvironment = null;
        if (posix_spawnp(&pid, argv[0], null, null, argv, &noEnvironment) != 0)
        {
            return 127;
        }

        int status;
        while (waitpid(pid, &status, 0) == -1)
        {
        }

        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    }

    [DllImport("libc")]
    private static extern nint write(int fd, byte* buffer, nint count);

    [DllImport("libc")]
    private static extern int unshare(int flags);

    [DllImport("libc")]
    private static extern int posix_spawnp(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [DllImport("libc")]
    private static extern int waitpid(int pid, int* status, int options);
}
