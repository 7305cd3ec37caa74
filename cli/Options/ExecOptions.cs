using System.Collections.Generic;
using CommandLine;

namespace Nsbox.Options
{
    [Verb("exec", HelpText = "Run a command in the namespaces of a running process or of kept files (like nsenter), or in an OCI container (like runc exec).")]
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

        [Option('U', "user", MetaValue = "UID", HelpText = "Enter the target's user namespace. OCI: --user=UID[:GID] (with '=') is the user and group to run as in the container, as runc's --user.")]
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

        // runc's exec (a container under --root): these long options, or an operand naming a
        // container with no target given, make it the OCI exec (Commands/Oci/OciExecCommand.cs).
        // Short options keep their nsenter meanings (-t target, -u uts, -p pid); runc's -d, -e, -c
        // and -g, which nsenter does not have, are runc's.

        [Option("process", MetaValue = "FILE", HelpText = "OCI: the process to run in container ID, a runtime-spec process object (process.json); replaces the container's own.")]
        public string? Process { get; set; }

        [Option("pid-file", MetaValue = "FILE", HelpText = "OCI: write the new process's pid to FILE.")]
        public string? PidFile { get; set; }

        [Option('d', "detach", HelpText = "OCI: return once the process runs, instead of waiting for it.")]
        public bool Detach { get; set; }

        [Option("console-socket", MetaValue = "SOCKET", HelpText = "OCI: the AF_UNIX socket that receives the pty master (with --tty or a terminal in the process).")]
        public string? ConsoleSocket { get; set; }

        [Option("tty", HelpText = "OCI: give the process a terminal (runc's -t; -t here is --target).")]
        public bool Tty { get; set; }

        [Option("cwd", MetaValue = "DIR", HelpText = "OCI: the process's working directory in the container.")]
        public string? Cwd { get; set; }

        [Option('e', "env", MetaValue = "KEY=VALUE", HelpText = "OCI: add to the process's environment; repeatable.")]
        public IEnumerable<string> Env { get; set; } = [];

        [Option('g', "additional-gids", MetaValue = "GID", HelpText = "OCI: a supplementary group; repeatable.")]
        public IEnumerable<string> AdditionalGids { get; set; } = [];

        [Option('c', "cap", MetaValue = "CAP", HelpText = "OCI: add a capability to the bounding, effective and permitted sets; repeatable.")]
        public IEnumerable<string> Cap { get; set; } = [];

        [Option("no-new-privs", HelpText = "OCI: set no_new_privs for the process.")]
        public bool NoNewPrivs { get; set; }

        [Option("process-label", MetaValue = "LABEL", HelpText = "OCI: the process's SELinux label.")]
        public string? ProcessLabel { get; set; }

        [Option("apparmor", MetaValue = "PROFILE", HelpText = "OCI: the process's AppArmor profile.")]
        public string? Apparmor { get; set; }

        [Option("preserve-fds", MetaValue = "N", HelpText = "OCI: pass descriptors 3 to 3+N-1 on to the process.")]
        public int? PreserveFds { get; set; }

        [Option("ignore-paused", HelpText = "OCI: allow exec in a paused container.")]
        public bool IgnorePaused { get; set; }

        /// <summary>The long options only runc's exec has: one of them makes the exec runc's.</summary>
        public static readonly IReadOnlyList<string> OciOnlyOptions =
        [
            "process", "pid-file", "detach", "console-socket", "tty", "cwd", "env", "additional-gids", "cap",
            "no-new-privs", "process-label", "apparmor", "preserve-fds", "ignore-paused",
        ];

        /// <summary>
        /// Which exec this is, as <c>run</c> tells a bundle from a command: runc's (the operand is a
        /// container id under --root) when an option only runc's exec has is given (--user=UID
        /// with its '=' counts), or when nothing says what to enter (no --target, --ns-file, --all
        /// or namespace flag) and either runc's global options came before the verb
        /// (<paramref name="runtimeOptions"/>: --root, --log, --log-format, --debug, which nsenter's
        /// exec has no use for) or the first operand names a container (<paramref name="isContainer"/>);
        /// otherwise nsenter's.
        /// </summary>
        public bool IsOciExec(System.Func<string, bool> isContainer, bool runtimeOptions = false)
        {
            foreach (OptionOccurrence occurrence in Occurrences)
            {
                if (System.Linq.Enumerable.Contains(OciOnlyOptions, occurrence.Name) || (occurrence.Name == "user" && occurrence.Value is not null))
                {
                    return true;
                }
            }

            bool targeted = Target is not null || System.Linq.Enumerable.Any(NamespaceFiles) || All || Uts || Ipc || Pid || Net || Mount || User || Cgroup || Time;
            string? first = System.Linq.Enumerable.FirstOrDefault(Command);
            return !targeted && first is not null && (runtimeOptions || isContainer(first));
        }

        [Value(0, MetaName = "COMMAND", HelpText = "The command and its arguments, after --. Default: $SHELL, else /bin/sh.")]
        public IEnumerable<string> Command { get; set; } = [];
    }
}
