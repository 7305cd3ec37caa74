using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using Interop.Linux;
using Interop.Runtime.Spawning;

namespace Interop.Runtime.Oci.Hooks
{
    /// <summary>
    /// Runs config.json's hooks as the runtime spec and runc 1.1.5 run them: each entry in order,
    /// its <c>path</c> executed with <c>args</c> as its argv (argv[0] included) and <c>env</c> as
    /// its whole environment (no <c>env</c>: this process's, as Go's exec gives runc's), the
    /// container's state JSON on its stdin, its stdout and stderr kept for the error; a
    /// <c>timeout</c> (seconds) past which it is killed with SIGKILL. The first hook that fails
    /// stops the list with an <see cref="OciHookException"/> naming it (<c>hooks.createRuntime[1]
    /// /bin/hook</c>); whether that fails the operation is the caller's part (poststart and poststop
    /// failures are warnings, per the spec).
    /// <code>
    /// OciHookRunner.Run("createRuntime", bundle.Config.Hooks?.CreateRuntime, state);
    /// OciHookRunner.Run("createContainer", hooks.CreateContainer, state, enterPid: container.Pid);
    /// </code>
    /// Hooks are started by nsbox's own spawner (a plan without namespaces, or entering the
    /// container's with setns in the child: a multithreaded .NET process cannot setns itself into a
    /// mount or user namespace), so <c>args[0]</c> really is argv[0].
    /// </summary>
    public static unsafe class OciHookRunner
    {
        // What is kept of a hook's stdout and of its stderr for the error line.
        private const int KeptOutput = 4096;

        /// <summary>
        /// Runs <paramref name="hooks"/> (of config.json's <c>hooks.<paramref name="phase"/></c>) in
        /// order. <paramref name="workingDirectory"/>: where they run (null: this process's);
        /// <paramref name="enterPid"/>: a process whose namespaces (those that differ from this
        /// process's) the hooks enter, 0 for none.
        /// </summary>
        /// <exception cref="OciHookException">A hook could not start, failed, or ran past its timeout.</exception>
        public static void Run(string phase, IReadOnlyList<OciHook>? hooks, OciState state, string? workingDirectory = null, int enterPid = 0)
        {
            ArgumentNullException.ThrowIfNull(state);
            if (hooks is null)
            {
                return;
            }

            byte[] input = Encoding.UTF8.GetBytes(state.ToJson());
            CloneFlags enter = enterPid > 0 ? NamespacesDifferentFrom(enterPid) : 0;
            for (int i = 0; i < hooks.Count; i++)
            {
                RunOne(Name(phase, i, hooks[i]), hooks[i], input, workingDirectory, enterPid, enter);
            }
        }

        /// <summary>How errors name a hook: <c>hooks.PHASE[N] PATH</c>.</summary>
        public static string Name(string phase, int index, OciHook hook) =>
            "hooks." + phase + "[" + index.ToString(CultureInfo.InvariantCulture) + "] " + hook.Path;

        private static void RunOne(string name, OciHook hook, byte[] input, string? workingDirectory, int enterPid, CloneFlags enter)
        {
            string path = hook.Path ?? throw new OciHookException(name, Errno.EINVAL, "a hook needs a path");
            string[] args = hook.Args is { Length: > 0 } a ? a : [path];
            var builder = new SandboxBuilder(args[0], args[1..]);
            if (workingDirectory is not null)
            {
                builder.WorkingDirectory(workingDirectory);
            }

            if (enter != 0)
            {
                builder.Enter(enterPid, enter);
            }

            using var stdin = new HookPipe();
            using var stdout = new HookPipe();
            using var stderr = new HookPipe();
            SandboxPlan plan = builder.Build() with
            {
                ExecutablePath = path,
                // No env: this process's own, as runc's Go exec gives a hook runc's environment.
                Environment = hook.Env ?? ProcessEnvironment.Entries(),
                StandardInputFd = stdin.ReadFd,
                StandardOutputFd = stdout.WriteFd,
                StandardErrorFd = stderr.WriteFd,
                // The hook ends with us only if we are killed; a hook that outlives its runtime is the spec's concern, not a leak of ours.
                ParentDeathSignal = 0,
            };

            ChildProcess process;
            try
            {
                process = Spawner.Spawn(plan);
            }
            catch (SpawnException e)
            {
                throw new OciHookException(name, e.Errno, "the hook could not be started: " + e.Message);
            }

            using (process)
            {
                stdin.CloseRead();
                stdout.CloseWrite();
                stderr.CloseWrite();
                stdin.WriteInBackground(input);
                bool inTime = WaitCollecting(process, hook.Timeout, stdout, stderr);
                if (!inTime)
                {
                    process.Kill();
                    process.WaitForExit();
                    throw new OciHookException(name, Errno.ETIMEDOUT, "the hook ran past its timeout of " + hook.Timeout!.Value.ToString(CultureInfo.InvariantCulture) + "s and was killed" + Said(stdout, stderr));
                }

                ExitStatus status = process.WaitForExit();
                if (status.ToShellStatus() != 0)
                {
                    throw new OciHookException(name, Errno.ECANCELED, "the hook " + status + Said(stdout, stderr));
                }
            }
        }

        /// <summary>
        /// Reads the hook's stdout and stderr until it exits (then what is left in the pipes, not
        /// waiting for a child of the hook that still holds them), or until the timeout; false then.
        /// </summary>
        private static bool WaitCollecting(ChildProcess process, int? timeoutSeconds, HookPipe stdout, HookPipe stderr)
        {
            long deadline = timeoutSeconds is { } t ? Environment.TickCount64 + t * 1000L : long.MaxValue;
            int pidfd = process.PidFd is { } p ? (int)p.DangerousGetHandle() : -1;
            PollFd* polls = stackalloc PollFd[3];
            while (true)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    return false;
                }

                int count = 0;
                polls[count++] = Poll(stdout.ReadFd);
                polls[count++] = Poll(stderr.ReadFd);
                if (pidfd >= 0)
                {
                    polls[count++] = Poll(pidfd);
                }

                int wait = deadline == long.MaxValue ? (pidfd >= 0 ? -1 : 50) : (int)Math.Min(left, pidfd >= 0 ? int.MaxValue : 50);
                if (Native.poll(polls, (ulong)count, wait) == -1 && LastErrno.Read() != Errno.EINTR)
                {
                    throw new ErrnoException("poll", LastErrno.Read());
                }

                stdout.ReadIfReady(polls[0].revents);
                stderr.ReadIfReady(polls[1].revents);
                bool exited = pidfd >= 0 ? polls[2].revents != 0 : Exited(process);
                if (exited)
                {
                    stdout.Drain();
                    stderr.Drain();
                    return true;
                }
            }
        }

        // Without a pidfd (before Linux 5.3): ask waitid without reaping.
        private static bool Exited(ChildProcess process)
        {
            SigInfo info = default;
            return Native.waitid(Native.P_PID, (uint)process.Pid, &info, Native.WEXITED | Native.WNOHANG | Native.WNOWAIT) == 0 && info.pid != 0;
        }

        private static PollFd Poll(int fd)
        {
            PollFd poll = default;
            poll.fd = fd;
            poll.events = Native.POLLIN;
            return poll;
        }

        private static string Said(HookPipe stdout, HookPipe stderr) =>
            ", stdout: " + stdout.Text() + ", stderr: " + stderr.Text();

        /// <summary>The namespace types in which <paramref name="pid"/> is elsewhere than this process: the container's own.</summary>
        private static CloneFlags NamespacesDifferentFrom(int pid)
        {
            CloneFlags differ = 0;
            foreach (NamespaceType kind in NamespaceType.All)
            {
                (string file, CloneFlags type) = (kind.Name, kind.Flag);
                string? theirs = new FileInfo("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/ns/" + file).LinkTarget;
                string? ours = new FileInfo("/proc/self/ns/" + file).LinkTarget;
                if (theirs is null)
                {
                    // The process is gone (or the kernel has no such namespace type): nothing to enter for it.
                    continue;
                }

                if (theirs != ours)
                {
                    differ |= type;
                }
            }

            return differ;
        }

        /// <summary>A pipe between us and a hook: our end private (above the descriptors the spawner hands on), the hook's end closed here once it runs.</summary>
        private sealed class HookPipe : IDisposable
        {
            private readonly MemoryStream _kept = new();
            private int _read, _write;

            public HookPipe()
            {
                int* fds = stackalloc int[2];
                if (Native.pipe2(fds, Native.O_CLOEXEC) == -1 || !PrivateDescriptor.MoveUp(fds))
                {
                    throw new ErrnoException("pipe2", LastErrno.Read());
                }

                _read = fds[0];
                _write = fds[1];
            }

            public int ReadFd => _read;

            public int WriteFd => _write;

            public void CloseRead() => Close(ref _read);

            public void CloseWrite() => Close(ref _write);

            /// <summary>The state to the hook's stdin, on a thread of its own: a state larger than the pipe would block us until the hook reads it; a hook that never reads ends it with EPIPE.</summary>
            public void WriteInBackground(byte[] bytes)
            {
                int fd = _write;
                _write = -1;
                var writer = new Thread(() =>
                {
                    fixed (byte* start = bytes)
                    {
                        int done = 0;
                        while (done < bytes.Length)
                        {
                            nint n = Native.write(fd, start + done, (nuint)(bytes.Length - done));
                            if (n == -1 && LastErrno.Read() == Errno.EINTR)
                            {
                                continue;
                            }

                            if (n <= 0)
                            {
                                break;
                            }

                            done += (int)n;
                        }
                    }

                    Native.close(fd);
                })
                { IsBackground = true, Name = "hook stdin" };
                writer.Start();
            }

            /// <summary>One read after poll said the pipe is readable (or at its end): never blocks.</summary>
            public void ReadIfReady(short revents)
            {
                if (revents != 0 && _read != -1)
                {
                    ReadOnce();
                }
            }

            /// <summary>What is in the pipe now, without waiting for more.</summary>
            public void Drain()
            {
                PollFd poll = Poll(_read);
                while (_read != -1 && Native.poll(&poll, 1, 0) == 1 && ReadOnce())
                {
                }
            }

            private bool ReadOnce()
            {
                byte* buffer = stackalloc byte[4096];
                nint n = Native.read(_read, buffer, 4096);
                if (n > 0)
                {
                    int keep = (int)Math.Min(n, KeptOutput - _kept.Length);
                    _kept.Write(new ReadOnlySpan<byte>(buffer, Math.Max(keep, 0)));
                    return true;
                }

                if (n == 0 || LastErrno.Read() != Errno.EINTR)
                {
                    // At its end: stop polling it (a closed pipe stays readable).
                    Close(ref _read);
                }

                return false;
            }

            public string Text() => Encoding.UTF8.GetString(_kept.ToArray()).ReplaceLineEndings(" ").Trim();

            private static void Close(ref int fd)
            {
                if (fd != -1)
                {
                    Native.close(fd);
                    fd = -1;
                }
            }

            public void Dispose()
            {
                Close(ref _read);
                Close(ref _write);
            }
        }
    }
}
