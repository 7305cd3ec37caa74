using System.Collections.Generic;
using System.Globalization;
using Interop.Linux;
using Interop.Runtime.Spawning;

namespace Interop.Runtime
{
    /// <summary>A started child: its pid, what the setup warned about, and waiting for it (which also reaps it).</summary>
    public sealed unsafe class ChildProcess
    {
        private ExitStatus? _status;

        internal ChildProcess(int pid, IReadOnlyList<string> warnings)
        {
            Pid = pid;
            Warnings = warnings;
        }

        /// <summary>The child's pid, as seen from this process's PID namespace.</summary>
        public int Pid { get; }

        /// <summary>Things the setup did differently than asked and went on (e.g. chroot instead of pivot_root), one line each.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>Blocks until the child ends and returns how it ended. Safe to call again.</summary>
        public ExitStatus WaitForExit()
        {
            if (_status is ExitStatus done)
            {
                return done;
            }

            int status;
            while (Native.waitpid(Pid, &status, 0) == -1)
            {
                Errno errno = LastErrno.Read();
                if (errno != Errno.EINTR)
                {
                    throw new ErrnoException("waitpid", errno, Pid.ToString(CultureInfo.InvariantCulture));
                }
            }

            ExitStatus result = ExitStatus.FromWaitStatus(status);
            _status = result;
            return result;
        }

        /// <summary>Sends a signal to the child (before it has been waited for).</summary>
        public void Signal(int signal)
        {
            if (_status is null && Native.kill(Pid, signal) == -1)
            {
                throw new ErrnoException("kill", LastErrno.Read(), Pid.ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
