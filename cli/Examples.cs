namespace Nsbox
{
    /// <summary>What each help screen ends with: the exit statuses (verbs that run a command) and examples, one per line, never wrapped.</summary>
    internal static class Examples
    {
        private const string ExitStatus =
            "Exit status: the command's; 125 nsbox error; 126 cannot execute; 127 not found;\n" +
            "128+N killed by signal N.\n";

        /// <summary>The text after the options block of <paramref name="verb"/>'s help (null: the verb index).</summary>
        public static string For(string? verb) => verb switch
        {
            "run" => ExitStatus + """
                Examples:
                  nsbox run --uts --hostname box -- sh -c hostname
                  nsbox run --all --root /srv/rootfs --proc /proc --dev /dev --tmpfs /tmp -- /bin/sh
                  nsbox run -r --net -- ip link                          (as any user: root inside, only lo)
                  nsbox run --uts=/run/ns/uts --hostname kept -- true    (keep the namespace in a file)

                """,
            "exec" => ExitStatus + """
                Examples:
                  nsbox exec --target 4242 --all -- sh
                  nsbox exec --target 4242 --net --uts -- ip addr
                  nsbox exec --ns-file uts=/run/ns/uts -- hostname

                """,
            "ls" => """
                Examples:
                  nsbox ls
                  nsbox ls --type net
                  nsbox ls --json | jq '.namespaces[] | select(.nprocs == 1)'

                """,
            "check" => """
                Examples:
                  nsbox check
                  nsbox check --json | jq '.namespaces[] | {type, unprivileged: .unprivileged.supported}'

                """,
            _ => ExitStatus + "Run 'nsbox help VERB' or 'nsbox VERB --help' (run, exec, ls, check) for a command's options and examples.\n",
        };
    }
}
