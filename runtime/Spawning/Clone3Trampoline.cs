using System;
using System.Runtime.InteropServices;
using System.Threading;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// clone3(2) that starts the child in a function on a stack of the caller's choosing, as libc's
    /// clone(fn, stack, flags, arg) does for clone(2); libc has no such wrapper for clone3. With
    /// CLONE_VM the child comes back from the syscall instruction on the new stack, with the
    /// parent's registers but no frame to return into, so a few instructions of machine code are
    /// needed (glibc's clone3.S does the same): keep fn and arg in registers the syscall preserves,
    /// make the call, and in the child clear the frame pointer, align the stack, call fn(arg), and end
    /// the thread with the raw exit syscall. The parent gets clone3's raw result: the pid, or -errno.
    ///
    /// The bytes go into an anonymous page of their own, written while PROT_READ|PROT_WRITE and then
    /// made PROT_READ|PROT_EXEC (never writable and executable at once), once per process, on the
    /// first spawn that needs it. No native library: the runtime also runs under the JIT.
    /// x86_64 only; on other architectures (and where the page cannot be made executable)
    /// <see cref="Entry"/> is null and the spawner uses clone(2), as it does when clone3 fails. The
    /// aarch64 encoding could not be checked on this project's machines (no assembler, no aarch64
    /// host), so it is left on clone(2) rather than run unverified.
    /// </summary>
    internal static unsafe class Clone3Trampoline
    {
        /// <summary>
        /// int trampoline(CloneArgs* args, nuint size, int (*fn)(void*), void* arg), x86_64 System V:
        /// rdi = args, rsi = size, rdx = fn, rcx = arg. syscall clobbers rcx and r11 only (and rax,
        /// the result), so arg moves to r8 and fn stays in rdx. Assembled with GNU as 2.40 and
        /// checked with objdump -d on this machine.
        /// </summary>
        private static ReadOnlySpan<byte> X64 =>
        [
            0x49, 0x89, 0xC8,             // 00: mov    %rcx,%r8        arg, out of the register syscall clobbers
            0xB8, 0xB3, 0x01, 0x00, 0x00, // 03: mov    $435,%eax       __NR_clone3
            0x0F, 0x05,                   // 08: syscall                rdi = args, rsi = size
            0x48, 0x85, 0xC0,             // 0a: test   %rax,%rax
            0x74, 0x01,                   // 0d: je     10              0: this is the child
            0xC3,                         // 0f: ret                    parent: the pid, or -errno
            0x31, 0xED,                   // 10: xor    %ebp,%ebp       child: no frame above this one
            0x48, 0x83, 0xE4, 0xF0,       // 12: and    $-16,%rsp       the ABI's alignment at a call
            0x4C, 0x89, 0xC7,             // 16: mov    %r8,%rdi        fn's argument
            0xFF, 0xD2,                   // 19: call   *%rdx           fn(arg); on success it never returns
            0x89, 0xC7,                   // 1b: mov    %eax,%edi       its result is the exit status
            0xB8, 0x3C, 0x00, 0x00, 0x00, // 1d: mov    $60,%eax        __NR_exit (this thread only, as glibc)
            0x0F, 0x05,                   // 22: syscall
            0x0F, 0x0B,                   // 24: ud2                    not reached
        ];

        private static readonly Lock s_lock = new();
        private static nint s_entry;
        private static bool s_initialised;

        /// <summary>
        /// The trampoline, or null where clone(2) must be used: not x86_64, the page could not be
        /// made executable, or NSBOX_CLONE3=0 in the environment (the escape hatch, and how the
        /// fallback is measured). Whether clone3 itself works is learnt at each spawn: a seccomp
        /// filter is a thread's, so one thread's ENOSYS says nothing about another's, and a refused
        /// clone3 costs 0.24 µs (a filter's ENOSYS) to 12 µs (EBADF), measured (docs/cgroups.md).
        /// </summary>
        public static delegate* unmanaged<CloneArgs*, nuint, delegate* unmanaged<void*, int>, void*, int> Entry
        {
            get
            {
                lock (s_lock)
                {
                    if (!s_initialised)
                    {
                        s_entry = Create();
                        s_initialised = true;
                    }

                    return (delegate* unmanaged<CloneArgs*, nuint, delegate* unmanaged<void*, int>, void*, int>)s_entry;
                }
            }
        }

        private static nint Create()
        {
            if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || Environment.GetEnvironmentVariable("NSBOX_CLONE3") == "0")
            {
                return 0;
            }

            ReadOnlySpan<byte> code = X64;
            nuint size = 4096;
            void* page = Native.mmap(null, size, Native.PROT_READ | Native.PROT_WRITE, Native.MAP_PRIVATE | Native.MAP_ANONYMOUS, -1, 0);
            if (page == (void*)-1)
            {
                return 0;
            }

            code.CopyTo(new Span<byte>(page, code.Length));
            if (Native.mprotect(page, size, Native.PROT_READ | Native.PROT_EXEC) != 0)
            {
                // A policy against executable anonymous memory (SELinux execmem, PaX): clone(2) it is.
                Native.munmap(page, size);
                return 0;
            }

            // Kept for the life of the process: spawns on any thread may be inside it.
            return (nint)page;
        }
    }
}
