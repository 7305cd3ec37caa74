using System.Collections.Generic;
using CommandLine;

namespace Nsbox.Options
{
    [Verb("exec", HelpText = "Run a command in the namespaces of a running process or of kept files (like nsenter).")]
    internal sealed class ExecOptions
    {
        /// <summary>Every option as given, in command-line order.</summary>
        public IReadOnlyList<OptionOccurrence> Occurrences { get; set; } = [];

        [Option('t', "target", MetaValue = "PID", HelpText = "The process whose namespaces to enter.")]
        public int? Target { get; set; }

        [Option('a', "all", HelpText = "Enter every namespace of the target that differs from nsbox's own.")]
        public bool All { get; set; }

        [Option('u', "uts", HelpText = "Enter the target's UTS namespace.")]
        public bool Uts { get; set; }

        [Option('i', "ipc", HelpText = "Enter the target's IPC namespace.")]
        public bool Ipc { get; set; }

        [Option('p', "pid", HelpText = "Enter the target's PID namespace (the command runs inside it).")]
        public bool Pid { get; set; }

        [Option('n', "net", HelpText = "Enter the target's network namespace.")]
        public bool Net { get; set; }

        [Option('m', "mount", HelpText = "Enter the target's mount namespace.")]
        public bool Mount { get; set; }

        [Option('U', "user", HelpText = "Enter the target's user namespace.")]
        public bool User { get; set; }

        [Option('C', "cgroup", HelpText = "Enter the target's cgroup namespace.")]
        public bool Cgroup { get; set; }

        [Option('T', "time", HelpText = "Enter the target's time namespace.")]
        public bool Time { get; set; }

        [Option("ns-file", MetaValue = "TYPE=FILE", HelpText = "Enter the namespace kept in FILE (nsbox run --uts=FILE); repeatable. TYPE: uts ipc pid net mount user cgroup time.")]
        public IEnumerable<string> NamespaceFiles { get; set; } = [];

        [Option("preserve-credentials", HelpText = "In an entered user namespace, keep your ids instead of becoming its root (as nsenter).")]
        public bool PreserveCredentials { get; set; }

        [Option("chdir", MetaValue = "DIR", HelpText = "Working directory of the command (inside).")]
        public string? Chdir { get; set; }

        [Value(0, MetaName = "COMMAND", HelpText = "The command and its arguments, after --. Default: $SHELL, else /bin/sh.")]
        public IEnumerable<string> Command { get; set; } = [];
    }
}
