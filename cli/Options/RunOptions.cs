using System.Collections.Generic;
using CommandLine;

namespace Nsbox.Options
{
    /// <summary>
    /// <c>nsbox run</c>'s options, declared with CommandLineParser's attributes; the parser is generated
    /// from them at build time (cli-generator). A bool option with a MetaValue takes an optional value,
    /// given only as <c>--uts=FILE</c>, as unshare's <c>--uts[=FILE]</c>.
    /// </summary>
    [Verb("run", HelpText = "Run a command in new namespaces.")]
    internal sealed class RunOptions
    {
        /// <summary>Every option as given, in command-line order (mounts, environment, --TYPE=FILE depend on it).</summary>
        public IReadOnlyList<OptionOccurrence> Occurrences { get; set; } = [];

        [Option('u', "uts", MetaValue = "FILE", HelpText = "New UTS namespace: hostname and domain name changes stay inside. With =FILE (likewise for every type) it is also kept alive in FILE.")]
        public bool Uts { get; set; }

        [Option('i', "ipc", MetaValue = "FILE", HelpText = "New IPC namespace: System V IPC and POSIX message queues.")]
        public bool Ipc { get; set; }

        [Option('p', "pid", MetaValue = "FILE", HelpText = "New PID namespace: nsbox's init is PID 1 (see --no-init).")]
        public bool Pid { get; set; }

        [Option('n', "net", MetaValue = "FILE", HelpText = "New network namespace: only lo, brought up.")]
        public bool Net { get; set; }

        [Option('m', "mount", MetaValue = "FILE", HelpText = "New mount namespace (made private, nothing reaches the host).")]
        public bool Mount { get; set; }

        [Option('U', "user", MetaValue = "FILE", HelpText = "New user namespace.")]
        public bool User { get; set; }

        [Option('C', "cgroup", MetaValue = "FILE", HelpText = "New cgroup namespace: the current cgroup is / inside.")]
        public bool Cgroup { get; set; }

        [Option('T', "time", MetaValue = "FILE", HelpText = "New time namespace (with --monotonic/--boottime offsets).")]
        public bool Time { get; set; }

        [Option('a', "all", HelpText = "Every namespace above.")]
        public bool All { get; set; }

        [Option('r', "map-root-user", HelpText = "Map your user and group to root inside (implies --user).")]
        public bool MapRootUser { get; set; }

        [Option('c', "map-current-user", HelpText = "Map your user and group to themselves inside (implies --user).")]
        public bool MapCurrentUser { get; set; }

        [Option("map-users", MetaValue = "INSIDE:OUTSIDE:COUNT", HelpText = "Map a uid range (newuidmap, or directly as root); repeatable (implies --user).")]
        public IEnumerable<string> MapUsers { get; set; } = [];

        [Option("map-groups", MetaValue = "INSIDE:OUTSIDE:COUNT", HelpText = "Map a gid range (newgidmap, or directly as root); repeatable (implies --user).")]
        public IEnumerable<string> MapGroups { get; set; } = [];

        [Option("hostname", MetaValue = "NAME", HelpText = "Set the hostname inside (implies --uts).")]
        public string? Hostname { get; set; }

        [Option("domainname", MetaValue = "NAME", HelpText = "Set the NIS domain name inside (implies --uts).")]
        public string? Domainname { get; set; }

        [Option("root", MetaValue = "DIR", HelpText = "pivot_root into DIR (implies --mount).")]
        public string? Root { get; set; }

        [Option("bind", MetaValue = "SRC[:DST]", HelpText = "Bind-mount SRC at DST (default SRC); repeatable (implies --mount).")]
        public IEnumerable<string> Bind { get; set; } = [];

        [Option("ro-bind", MetaValue = "SRC[:DST]", HelpText = "Like --bind, read-only.")]
        public IEnumerable<string> ReadOnlyBind { get; set; } = [];

        [Option("tmpfs", MetaValue = "DIR", HelpText = "Mount an empty tmpfs on DIR; repeatable.")]
        public IEnumerable<string> Tmpfs { get; set; } = [];

        [Option("proc", MetaValue = "DIR", HelpText = "Mount proc on DIR (use with --pid).")]
        public IEnumerable<string> Proc { get; set; } = [];

        [Option("dev", MetaValue = "DIR", HelpText = "Mount a minimal /dev on DIR.")]
        public IEnumerable<string> Dev { get; set; } = [];

        [Option("chdir", MetaValue = "DIR", HelpText = "Working directory of the command (inside).")]
        public string? Chdir { get; set; }

        [Option("setenv", MetaValue = "KEY=VALUE", HelpText = "Set an environment variable; repeatable.")]
        public IEnumerable<string> SetEnv { get; set; } = [];

        [Option("unsetenv", MetaValue = "KEY", HelpText = "Remove an environment variable; repeatable.")]
        public IEnumerable<string> UnsetEnv { get; set; } = [];

        [Option("clearenv", HelpText = "Start with an empty environment.")]
        public bool ClearEnv { get; set; }

        [Option("new-session", HelpText = "Run the command in a new session (setsid).")]
        public bool NewSession { get; set; }

        [Option("no-init", HelpText = "With --pid, make the command PID 1 instead of nsbox's init.")]
        public bool NoInit { get; set; }

        [Option("monotonic", MetaValue = "SECONDS", HelpText = "CLOCK_MONOTONIC offset inside (implies --time).")]
        public long? Monotonic { get; set; }

        [Option("boottime", MetaValue = "SECONDS", HelpText = "CLOCK_BOOTTIME offset inside (implies --time).")]
        public long? Boottime { get; set; }

        [Option("keep-caps", HelpText = "Keep capabilities across exec, also for a non-root user inside (ambient).")]
        public bool KeepCaps { get; set; }

        [Option("drop-cap", MetaValue = "CAP", HelpText = "Drop a capability (CAP_SYS_ADMIN, net_raw, 21, or ALL); repeatable.")]
        public IEnumerable<string> DropCap { get; set; } = [];

        [Option("seccomp", MetaValue = "PROFILE", HelpText = "Start the command under a seccomp filter: a profile in the OCI format (linux.seccomp of config.json) read from the file PROFILE, or 'default' (nsbox's built-in deny list, see docs/seccomp.md). Sets no_new_privs, as bwrap does.")]
        public string? Seccomp { get; set; }

        [Option("deny-syscall", MetaValue = "NAME[:ERRNO]", HelpText = "Make the system call NAME fail with ERRNO (EPERM, ENOSYS, or a number; default EPERM); repeatable, added to --seccomp's profile or alone (all else allowed). Sets no_new_privs.")]
        public IEnumerable<string> DenySyscall { get; set; } = [];

        [Option("memory", MetaValue = "SIZE", HelpText = "Limit the sandbox's memory, swap included, to SIZE with a cgroup of its own: bytes, or with k, m, g, t (K, M, G, T; KiB, MiB, GiB, TiB), all powers of 1024, as docker and systemd read them. Beyond it the kernel kills the command: one line says so and the status is 137.")]
        public string? Memory { get; set; }

        [Option("pids", MetaValue = "N", HelpText = "At most N processes and threads at once in the sandbox (pids.max): fork fails with EAGAIN beyond it.")]
        public long? Pids { get; set; }

        [Option("cpus", MetaValue = "FRACTION", HelpText = "At most FRACTION CPUs' worth of time (0.25, 1.5), as docker's --cpus: a CFS quota of FRACTION x 100000 us per 100000 us.")]
        public string? Cpus { get; set; }

        [Option("cpuset", MetaValue = "CPUS", HelpText = "Run only on the CPUs listed (0, 0-1,3), as docker's --cpuset-cpus.")]
        public string? Cpuset { get; set; }

        [Option('v', "verbose", HelpText = "Say what nsbox decides on its own (e.g. adding a user namespace).")]
        public bool Verbose { get; set; }

        [Option('b', "bundle", MetaValue = "DIR", HelpText = "OCI: run the bundle in DIR as container ID (create, start, wait, delete), as runc run.")]
        public string? Bundle { get; set; }

        [Option("pid-file", MetaValue = "FILE", HelpText = "OCI: write the container process's pid to FILE.")]
        public string? PidFile { get; set; }

        [Option('d', "detach", HelpText = "OCI: return once the container runs, leaving it to nsbox state/kill/delete.")]
        public bool Detach { get; set; }

        [Option("console-socket", MetaValue = "SOCKET", HelpText = "OCI: the AF_UNIX socket that receives the pty master when config.json asks for a terminal.")]
        public string? ConsoleSocket { get; set; }

        [Value(0, MetaName = "COMMAND", HelpText = "The command and its arguments, after --. Default: $SHELL, else /bin/sh.")]
        public IEnumerable<string> Command { get; set; } = [];
    }
}
