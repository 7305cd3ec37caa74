using System;

namespace Interop.Runtime
{
    /// <summary>How a process ended, decoded from its wait status.</summary>
    public readonly struct ExitStatus : IEquatable<ExitStatus>
    {
        private ExitStatus(int exitCode, int signal)
        {
            ExitCode = exitCode;
            Signal = signal;
        }

        /// <summary>The exit code when the process exited normally, else -1.</summary>
        public int ExitCode { get; }

        /// <summary>The signal that killed the process, else 0.</summary>
        public int Signal { get; }

        /// <summary>True when the process exited by itself (exit or return from main).</summary>
        public bool Exited => Signal == 0;

        /// <summary>A normal exit with the given code.</summary>
        public static ExitStatus FromExitCode(int code) => new ExitStatus(code, 0);

        /// <summary>Death by the given signal.</summary>
        public static ExitStatus FromSignal(int signal) => new ExitStatus(-1, signal);

        /// <summary>Decodes a raw waitpid(2) status (WIFEXITED/WEXITSTATUS/WTERMSIG).</summary>
        public static ExitStatus FromWaitStatus(int status) =>
            (status & 0x7f) == 0 ? FromExitCode((status >> 8) & 0xff) : FromSignal(status & 0x7f);

        /// <summary>The status a shell would report: the exit code, or 128+N for death by signal N.</summary>
        public int ToShellStatus() => Exited ? ExitCode : ExitCodes.SignalBase + Signal;

        /// <inheritdoc/>
        public bool Equals(ExitStatus other) => ExitCode == other.ExitCode && Signal == other.Signal;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is ExitStatus other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(ExitCode, Signal);

        /// <inheritdoc/>
        public override string ToString() => Exited ? $"exited with {ExitCode}" : $"killed by signal {Signal}";
    }
}
