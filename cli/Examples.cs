namespace Nsbox
{
    /// <summary>What each help screen ends with: the exit statuses (verbs that run a command) and examples, one per line, never wrapped.</summary>
    internal static class Examples
    {
        private const string ExitStatus =
            "Exit status: the command's; 125 nsbox error; 126 cannot execute; 127 not found;\n" +
            "128+N killed by signal N.\n";

        // runc's statuses: the lifecycle verbs report their own errors with 1.
        private const string OciStatus = "Exit status: 0; 1 on an error (as runc).\n";

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
            "create" => OciStatus + """
                Examples:
                  nsbox create --bundle /srv/bundle --pid-file /run/box.pid box
                  nsbox --root /run/mine --log-format json --log /tmp/log create box

                """,
            "start" or "state" or "delete" => OciStatus + """
                Examples:
                  nsbox create --bundle /srv/bundle box && nsbox start box && nsbox state box
                  nsbox delete --force box

                """,
            "kill" => OciStatus + """
                Examples:
                  nsbox kill box
                  nsbox kill box KILL
                  nsbox kill --all box 9

                """,
            "list" => OciStatus + """
                Examples:
                  nsbox list
                  nsbox --root /run/mine list --format json

                """,
            "pause" => OciStatus + """
                Examples:
                  nsbox pause box
                  nsbox resume box

                """,
            "resume" => OciStatus + """
                Examples:
                  nsbox resume box

                """,
            "ps" => OciStatus + """
                Examples:
                  nsbox ps box
                  nsbox ps --format json box
                  nsbox ps box -o pid,comm

                """,
            "update" => OciStatus + """
                Examples:
                  nsbox update --memory 64m --memory-swap 128m --pids-limit 100 box
                  nsbox update --cpu-quota 25000 --cpu-period 100000 --cpuset-cpus 0 box
                  echo '{"memory": {"limit": 67108864}}' | nsbox update --resources - box

                """,
            "events" => OciStatus + """
                Examples:
                  nsbox events --stats box
                  nsbox events --interval 1s box

                """,
            _ => ExitStatus + "The OCI verbs (create, start, state, kill, delete, list, pause, resume, ps, update, events, run --bundle) exit 1 on an error, as runc.\n" +
                "Run 'nsbox help VERB' or 'nsbox VERB --help' (run, exec, ls, check, create, start, state, kill, delete, list, pause, resume, ps, update, events) for a command's options and examples.\n",
        };
    }
}
