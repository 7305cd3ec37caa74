using System;
using Nsbox.Options;

namespace Nsbox
{
    /// <summary>The examples and the exit-status line at the end of each --help.</summary>
    internal static class Examples
    {
        private const string ExitStatus = "Exit status: the command's; 125 nsbox error; 126 cannot execute; 127 not found; 128+N killed by signal N.";

        public static string[] For(Type? verb)
        {
            if (verb == typeof(RunOptions))
            {
                return
                [
                    ExitStatus,
                    "Examples:",
                    "  nsbox run --uts --hostname box -- sh -c hostname",
                    "  nsbox run --all --root /srv/rootfs --proc /proc --dev /dev --tmpfs /tmp -- /bin/sh",
                    "  nsbox run -r --net -- ip link                      (as any user: root inside, only lo)",
                    "  nsbox run --uts=/run/ns/uts --hostname kept -- true   (keep the namespace in a file)",
                ];
            }

            if (verb == typeof(ExecOptions))
            {
                return
                [
                    ExitStatus,
                    "Examples:",
                    "  nsbox exec --target 4242 --all -- sh",
                    "  nsbox exec --target 4242 --net --uts -- ip addr",
                    "  nsbox exec --ns-file uts=/run/ns/uts -- hostname",
                ];
            }

            if (verb == typeof(LsOptions))
            {
                return ["Examples:", "  nsbox ls", "  nsbox ls --type net", "  nsbox ls --json | jq '.namespaces[] | select(.nprocs == 1)'"];
            }

            if (verb == typeof(CheckOptions))
            {
                return ["Examples:", "  nsbox check", "  nsbox check --json | jq '.namespaces[] | {type, unprivileged: .unprivileged.supported}'"];
            }

            return [ExitStatus, "Run 'nsbox VERB --help' (run, exec, ls, check) for a command's options and examples."];
        }
    }
}
