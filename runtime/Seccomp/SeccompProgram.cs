using System;
using System.Collections.Generic;
using System.IO;
using Interop.Linux;
using Interop.Seccomp;
using Microsoft.Win32.SafeHandles;
using Errno = Interop.Linux.Errno;
using FileDescriptor = Interop.Linux.FileDescriptor;

namespace Interop.Runtime.Seccomp
{
    /// <summary>
    /// A profile compiled to the BPF program seccomp(2) loads, by libseccomp, in this process: the
    /// sandbox's child only loads it (last before the command's execve), so nothing there
    /// allocates. Compile once and reuse it for many sandboxes. Follows runc's reading of a
    /// profile: a rule whose action is the default action adds nothing; a system call this
    /// libseccomp does not know is skipped (<see cref="SkippedNames"/>); two conditions on one
    /// argument become one rule each; flags this kernel does not know are left out
    /// (<see cref="SkippedFlags"/>).
    /// </summary>
    public sealed class SeccompProgram
    {
        /// <summary>The size of one BPF instruction (struct sock_filter).</summary>
        public const int InstructionSize = 8;

        /// <summary>The most instructions a filter may have (BPF_MAXINSNS).</summary>
        public const int MaxInstructions = 4096;

        private SeccompProgram(SeccompProfile profile, byte[] instructions, uint flags, IReadOnlyList<string> skippedNames, SeccompFilterFlags skippedFlags)
        {
            Profile = profile;
            Instructions = instructions;
            Flags = flags;
            SkippedNames = skippedNames;
            SkippedFlags = skippedFlags;
        }

        /// <summary>The profile it was compiled from.</summary>
        public SeccompProfile Profile { get; }

        /// <summary>The program: struct sock_filter instructions, <see cref="InstructionSize"/> bytes each.</summary>
        public ReadOnlyMemory<byte> Instructions { get; }

        /// <summary>How many instructions.</summary>
        public int InstructionCount => Instructions.Length / InstructionSize;

        /// <summary>seccomp(2)'s flags for it: the profile's that this kernel has, and NEW_LISTENER when a rule notifies.</summary>
        public uint Flags { get; }

        /// <summary>Whether loading it gives a listener descriptor (SCMP_ACT_NOTIFY).</summary>
        public bool Notifies => (Flags & Native.SECCOMP_FILTER_FLAG_NEW_LISTENER) != 0;

        /// <summary>The system call names of the profile that this libseccomp does not know, skipped (runc skips them too).</summary>
        public IReadOnlyList<string> SkippedNames { get; }

        /// <summary>The profile's flags this kernel does not know, left out.</summary>
        public SeccompFilterFlags SkippedFlags { get; }

        /// <summary>Compiles <paramref name="profile"/>; a rule libseccomp refuses is a <see cref="SandboxUsageException"/> naming it.</summary>
        public static unsafe SeccompProgram Compile(SeccompProfile profile)
        {
            ArgumentNullException.ThrowIfNull(profile);
            void* filter = LibSeccomp.seccomp_init(profile.DefaultAction.ToLibSeccomp());
            if (filter == null)
            {
                throw new SandboxUsageException("seccomp default action", Errno.EINVAL, profile.DefaultAction.ToString(), "libseccomp refused it");
            }

            try
            {
                foreach (string architecture in profile.Architectures)
                {
                    uint token = SeccompArchitectures.Token(architecture);
                    int added = token == 0 ? -(int)Errno.EINVAL : LibSeccomp.seccomp_arch_add(filter, token);
                    if (added < 0 && added != -(int)Errno.EEXIST)
                    {
                        throw new SandboxUsageException("seccomp architecture", (Errno)(-added), architecture);
                    }
                }

                var skipped = new List<string>();
                int newest = -1;
                foreach (SeccompRule rule in profile.Rules)
                {
                    newest = Math.Max(newest, AddRule(filter, profile, rule, skipped));
                }

                AddEnosysForNewerCalls(filter, profile, newest);
                AddEnosysForClone3(filter, profile);

                SeccompFilterFlags known = KernelFlags(profile.Flags);
                SeccompFilterFlags loaded = known;
                if (profile.Notifies)
                {
                    // The kernel refuses TSYNC with NEW_LISTENER (EINVAL: which thread's failure
                    // would the return value report?). The child that loads the filter has one
                    // thread, so TSYNC changes nothing there: it is left out, not reported as skipped.
                    loaded &= ~SeccompFilterFlags.ThreadSync;
                }

                uint flags = (uint)loaded | (profile.Notifies ? Native.SECCOMP_FILTER_FLAG_NEW_LISTENER : 0);
                return new SeccompProgram(profile, Export(filter), flags, skipped, profile.Flags & ~known);
            }
            finally
            {
                LibSeccomp.seccomp_release(filter);
            }
        }

        /// <summary>Adds one rule; returns the highest system call number it names (-1 for none known).</summary>
        private static unsafe int AddRule(void* filter, SeccompProfile profile, SeccompRule rule, List<string> skipped)
        {
            int newest = -1;
            if (rule.Action == profile.DefaultAction)
            {
                // libseccomp refuses it (EACCES) and it would change nothing: runc leaves it out too.
                foreach (string name in rule.Names)
                {
                    newest = Math.Max(newest, SeccompCalls.SeccompSyscallResolveName(name));
                }

                return newest;
            }

            // libseccomp compares each argument once per rule: with two conditions on one argument,
            // one rule per condition (either holds), as runc adds them.
            bool oneArgumentTwice = false;
            for (int i = 0; i < rule.Conditions.Count && !oneArgumentTwice; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    oneArgumentTwice |= rule.Conditions[i].Index == rule.Conditions[j].Index;
                }
            }

            int count = rule.Conditions.Count;
            ScmpArgCmp* conditions = stackalloc ScmpArgCmp[Math.Max(1, count)];
            for (int i = 0; i < count; i++)
            {
                conditions[i] = rule.Conditions[i].ToLibSeccomp();
            }

            uint action = rule.Action.ToLibSeccomp();
            foreach (string name in rule.Names)
            {
                int number = SeccompCalls.SeccompSyscallResolveName(name);
                if (number == LibSeccomp.NR_SCMP_ERROR)
                {
                    skipped.Add(name);
                    continue;
                }

                newest = Math.Max(newest, number);

                if (!oneArgumentTwice)
                {
                    Add(filter, action, number, (uint)count, conditions, name);
                    continue;
                }

                for (int i = 0; i < count; i++)
                {
                    Add(filter, action, number, 1, conditions + i, name);
                }
            }

            return newest;
        }

        /// <summary>
        /// runc's ENOSYS rule: a system call newer than every one the profile names was unknown to
        /// its author, so it fails with ENOSYS, not the default action. C libraries fall back on
        /// ENOSYS only (glibc's clone3 to clone, rseq): with EPERM a profile written before clone3
        /// would stop every thread from starting. Not needed when the default is to allow, log, or
        /// ENOSYS already. Only numbers libseccomp names are covered (runc patches the program for
        /// every number above; the rules here stay within libseccomp's API).
        /// </summary>
        private static unsafe void AddEnosysForNewerCalls(void* filter, SeccompProfile profile, int newest)
        {
            SeccompAction enosys = SeccompAction.Fail(Errno.ENOSYS);
            if (newest < 0 || profile.DefaultAction == enosys || profile.DefaultAction.Kind is SeccompActionKind.Allow or SeccompActionKind.Log)
            {
                return;
            }

            uint native = SeccompArchitectures.Native;
            for (int number = newest + 1; number <= HighestNumber; number++)
            {
                byte* name = (byte*)LibSeccomp.seccomp_syscall_resolve_num_arch(native, number);
                if (name == null)
                {
                    continue;
                }

                LibSeccomp.free(name);
                Add(filter, enosys.ToLibSeccomp(), number, 0, null, "number " + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        /// <summary>
        /// clone3 where a profile does not name it fails with ENOSYS, not the default action:
        /// glibc's pthread_create falls back to clone on ENOSYS only, and nsbox's init and start
        /// waiter (NativeAOT, glibc) start threads under the filter, so a profile written before
        /// clone3 (runtime-tools' default: EPERM) would stop them. Docker's and podman's profiles
        /// say the same explicitly (clone3, errnoRet 38). A deliberate difference from runc, whose
        /// Go init starts no thread there: under runc the command's pthread_create fails instead.
        /// </summary>
        private static unsafe void AddEnosysForClone3(void* filter, SeccompProfile profile)
        {
            SeccompAction enosys = SeccompAction.Fail(Errno.ENOSYS);
            if (profile.DefaultAction == enosys || profile.DefaultAction.Kind is SeccompActionKind.Allow or SeccompActionKind.Log)
            {
                return;
            }

            foreach (SeccompRule rule in profile.Rules)
            {
                if (System.Linq.Enumerable.Contains(rule.Names, Clone3))
                {
                    return;
                }
            }

            int number = SeccompCalls.SeccompSyscallResolveName(Clone3);
            if (number != LibSeccomp.NR_SCMP_ERROR)
            {
                // Already covered when every rule is older (AddEnosysForNewerCalls): libseccomp then refuses a second rule (EEXIST).
                int added = LibSeccomp.seccomp_rule_add_array(filter, enosys.ToLibSeccomp(), number, 0, null);
                if (added < 0 && added != -(int)Errno.EEXIST)
                {
                    throw new SandboxUsageException("seccomp rule for", (Errno)(-added), Clone3, "libseccomp refused it");
                }
            }
        }

        private const string Clone3 = "clone3";

        /// <summary>Above every system call number of the architectures nsbox runs on (x86_64 and aarch64 end in the 460s).</summary>
        private const int HighestNumber = 1023;

        private static unsafe void Add(void* filter, uint action, int number, uint count, ScmpArgCmp* conditions, string name)
        {
            int added = LibSeccomp.seccomp_rule_add_array(filter, action, number, count, conditions);
            if (added < 0)
            {
                throw new SandboxUsageException("seccomp rule for", (Errno)(-added), name, "libseccomp refused it");
            }
        }

        /// <summary>The program, written by libseccomp into an anonymous file and read back.</summary>
        private static unsafe byte[] Export(void* filter)
        {
            using FileDescriptor file = Sys.MemfdCreate("nsbox-seccomp", Native.MFD_CLOEXEC);
            int exported = LibSeccomp.seccomp_export_bpf(filter, file.DangerousGetHandle().ToInt32());
            if (exported < 0)
            {
                throw new SandboxUsageException("seccomp export", (Errno)(-exported), null, "libseccomp could not compile the profile");
            }

            using var handle = new SafeFileHandle(file.DangerousGetHandle(), ownsHandle: false);
            long length = RandomAccess.GetLength(handle);
            if (length % InstructionSize != 0 || length / InstructionSize > MaxInstructions)
            {
                throw new SandboxUsageException("seccomp profile", Errno.E2BIG, null, $"it compiles to {length / InstructionSize} instructions; the kernel takes {MaxInstructions}");
            }

            byte[] instructions = new byte[length];
            int read = RandomAccess.Read(handle, instructions, 0);
            return read == length ? instructions : throw new SandboxUsageException("seccomp export", Errno.EIO, null, "the program was cut short");
        }

        /// <summary>The flags of <see cref="SeccompProfile.KnownFlags"/> this kernel has (OCI features' <c>supportedFlags</c>).</summary>
        public static SeccompFilterFlags SupportedFlags => KernelFlags(~SeccompFilterFlags.None);

        /// <summary>The flags this kernel has: seccomp(2) with a NULL program fails EFAULT for a flag it knows, EINVAL for one it does not.</summary>
        private static unsafe SeccompFilterFlags KernelFlags(SeccompFilterFlags wanted)
        {
            SeccompFilterFlags known = SeccompFilterFlags.None;
            foreach ((_, SeccompFilterFlags flag) in SeccompProfile.KnownFlags)
            {
                if ((wanted & flag) != 0 && (Native.seccomp(Native.SECCOMP_SET_MODE_FILTER, (uint)flag | WithListener(flag), null) == 0 || System.Runtime.InteropServices.Marshal.GetLastSystemError() != (int)Errno.EINVAL))
                {
                    known |= flag;
                }
            }

            return known;
        }

        // WAIT_KILLABLE_RECV is only valid with NEW_LISTENER (EINVAL alone).
        private static uint WithListener(SeccompFilterFlags flag) => flag == SeccompFilterFlags.WaitKillableReceive ? Native.SECCOMP_FILTER_FLAG_NEW_LISTENER : 0;
    }
}
