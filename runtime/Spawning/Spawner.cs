using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using Interop.Linux;
using Interop.Runtime;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// The parent side of a spawn: prepare the plan, clone a CLONE_VM|CLONE_VFORK child on the stack below
    /// this thread's frame (see <see cref="ChildStack"/>), and learn over the error pipe whether it reached execve. With VFORK this thread is
    /// suspended until the child has exec'd or exited, so when clone returns the outcome is known.
    /// </summary>
    public static unsafe class Spawner
    {
        static Spawner() => PrepareChildCode();

        /// <summary>Starts the command in the requested namespaces.</summary>
        /// <exception cref="SpawnException">The command could not be started; nothing is left running.</exception>
        public static ChildProcess Spawn(SpawnOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            CheckNamespaces(options);
            string path = CommandResolver.Resolve(options.FileName);

            using var arena = new NativeArena();
            ChildPlan* plan = BuildPlan(arena, options, path);

            int* pipe = stackalloc int[2];
            if (Native.pipe2(pipe, Native.O_CLOEXEC) == -1)
            {
                throw new SpawnException(ChildStep.None, "pipe2", LastErrno.Read());
            }

            try
            {
                plan->ErrorPipe = pipe[1];
                int pid = Clone(plan, options.Namespaces, out Errno cloneErrno);
                Native.close(pipe[1]);
                pipe[1] = -1;
                if (pid == -1)
                {
                    throw CloneFailed(cloneErrno, options.Namespaces);
                }

                ChildFailure failure;
                if (ReadFailure(pipe[0], &failure))
                {
                    // The child has already exited (VFORK): reap it so no zombie stays.
                    var child = new ChildProcess(pid);
                    child.WaitForExit();
                    throw StepFailed((ChildStep)failure.Step, (Errno)failure.Errno, options, path);
                }

                return new ChildProcess(pid);
            }
            finally
            {
                Native.close(pipe[0]);
                if (pipe[1] != -1)
                {
                    Native.close(pipe[1]);
                }
            }
        }

        private static int Clone(ChildPlan* plan, CloneFlags namespaces, out Errno errno)
        {
            // The child runs below this frame, on this thread's stack (see ChildStack for why).
            byte frameMarker = 0;
            void* stackTop = ChildStack.TopBelow(&frameMarker);

            // Block every signal so none runs a .NET handler in the child; the child restores the
            // saved mask itself right before execve, and the parent as soon as clone returns.
            SigSet all;
            Native.sigfillset(&all);
            Native.pthread_sigmask(Native.SIG_BLOCK, &all, &plan->ParentSignalMask);

            CloneFlags flags = namespaces | CloneFlags.Vm | CloneFlags.Vfork;
            int pid = Native.clone((delegate* unmanaged<void*, int>)&ChildEntry.Run, stackTop, unchecked((int)(ulong)flags) | Native.SIGCHLD, plan);
            errno = pid == -1 ? LastErrno.Read() : Errno.None;

            Native.pthread_sigmask(Native.SIG_SETMASK, &plan->ParentSignalMask, null);
            return pid;
        }

        private static ChildPlan* BuildPlan(NativeArena arena, SpawnOptions options, string path)
        {
            ChildPlan* plan = arena.Allocate<ChildPlan>();
            plan->Path = arena.Utf8(path);

            var argv = new List<string>(options.Arguments.Count + 1) { options.FileName };
            argv.AddRange(options.Arguments);
            plan->Argv = arena.Utf8Array(argv);
            plan->Envp = arena.Utf8Array(options.Environment ?? CurrentEnvironment());

            if (options.Hostname is not null)
            {
                plan->Hostname = arena.Utf8(options.Hostname, out nuint length);
                plan->HostnameLength = length;
            }

            return plan;
        }

        private static List<string> CurrentEnvironment()
        {
            var entries = new List<string>();
            foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            {
                entries.Add((string)e.Key + "=" + (string?)e.Value);
            }

            return entries;
        }

        /// <summary>Reads a (step, errno) report; false at EOF, which means execve succeeded and closed the pipe.</summary>
        private static bool ReadFailure(int fd, ChildFailure* failure)
        {
            nint n;
            do
            {
                n = Native.read(fd, (byte*)failure, (nuint)sizeof(ChildFailure));
            }
            while (n == -1 && LastErrno.Read() == Errno.EINTR);

            return n == sizeof(ChildFailure);
        }

        private static void CheckNamespaces(SpawnOptions options)
        {
            const CloneFlags Supported = CloneFlags.NewMount | CloneFlags.NewUts | CloneFlags.NewIpc | CloneFlags.NewPid
                | CloneFlags.NewNet | CloneFlags.NewUser | CloneFlags.NewCgroup;
            if ((options.Namespaces & ~Supported) != 0)
            {
                throw new ArgumentException($"Namespaces may hold only {Supported}; got {options.Namespaces}.", nameof(options));
            }

            if (options.Hostname is not null && (options.Namespaces & CloneFlags.NewUts) == 0)
            {
                // Setting the hostname without a UTS namespace would change the host's name.
                throw new ArgumentException("A hostname needs a new UTS namespace (CloneFlags.NewUts).", nameof(options));
            }
        }

        private static SpawnException CloneFailed(Errno errno, CloneFlags namespaces)
        {
            string? hint = errno switch
            {
                Errno.EPERM when (namespaces & ~CloneFlags.NewUser) != 0 =>
                    "creating namespaces needs CAP_SYS_ADMIN: run as root (sudo), or inside a user namespace where unprivileged ones are allowed (unshare --user --map-root-user)",
                Errno.EPERM or Errno.ENOSPC or Errno.EUSERS =>
                    "user namespaces are disabled or exhausted here: check /proc/sys/user/max_user_namespaces and kernel.unprivileged_userns_clone",
                _ => null,
            };
            return new SpawnException(ChildStep.None, "clone", errno, Describe(namespaces), hint);
        }

        private static SpawnException StepFailed(ChildStep step, Errno errno, SpawnOptions options, string path) => step switch
        {
            ChildStep.SetHostname => new SpawnException(step, "sethostname", errno, options.Hostname,
                errno == Errno.EINVAL ? "a hostname is at most 64 bytes" : null),
            ChildStep.Exec => new SpawnException(step, "exec", errno, path),
            ChildStep.ResetSignals => new SpawnException(step, "sigaction", errno),
            ChildStep.RestoreSignalMask => new SpawnException(step, "pthread_sigmask", errno),
            ChildStep.CloseInheritedFds => new SpawnException(step, "close_range", errno, null, "needs Linux 5.11 or later"),
            _ => new SpawnException(step, "child", errno, $"(unknown step {(int)step})"),
        };

        /// <summary>"(CLONE_NEWUTS|CLONE_NEWPID)": the flags in the form the man page uses.</summary>
        private static string Describe(CloneFlags namespaces)
        {
            var names = new List<string>();
            if ((namespaces & CloneFlags.NewUser) != 0) names.Add("CLONE_NEWUSER");
            if ((namespaces & CloneFlags.NewMount) != 0) names.Add("CLONE_NEWNS");
            if ((namespaces & CloneFlags.NewUts) != 0) names.Add("CLONE_NEWUTS");
            if ((namespaces & CloneFlags.NewIpc) != 0) names.Add("CLONE_NEWIPC");
            if ((namespaces & CloneFlags.NewPid) != 0) names.Add("CLONE_NEWPID");
            if ((namespaces & CloneFlags.NewNet) != 0) names.Add("CLONE_NEWNET");
            if ((namespaces & CloneFlags.NewCgroup) != 0) names.Add("CLONE_NEWCGROUP");
            return names.Count == 0 ? "(no namespaces)" : "(" + string.Join("|", names) + ")";
        }

        /// <summary>
        /// Under the JIT, compile the child's code and bind every P/Invoke it calls now: measured, an
        /// uncompiled child compiled itself into memory shared with the parent and the parent aborted.
        /// The methods are AggressiveOptimization, so tiering never recompiles them behind our back.
        /// Under NativeAOT all of it is already compiled and bound; nothing to do.
        /// </summary>
        private static void PrepareChildCode()
        {
            if (!RuntimeFeature.IsDynamicCodeCompiled)
            {
                return;
            }

            foreach (MethodInfo method in typeof(ChildEntry).GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }

            Native.PrelinkAll();
        }
    }
}
