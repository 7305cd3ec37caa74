using System.Collections.Generic;
using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("kill", HelpText = "Send a signal (default SIGTERM) to a container's process.")]
    internal sealed class KillOptions
    {
        [Option('a', "all", HelpText = "Every process in the container's cgroup.")]
        public bool All { get; set; }

        [Value(0, MetaName = "ID [SIGNAL]", HelpText = "The container's id, then the signal: a number, or a name with or without SIG.")]
        public IEnumerable<string> Operands { get; set; } = [];
    }
}
