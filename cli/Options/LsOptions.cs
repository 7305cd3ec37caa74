using System.Collections.Generic;
using CommandLine;

namespace Nsbox.Options
{
    [Verb("ls", HelpText = "List the namespaces in use on this host, like lsns.")]
    internal sealed class LsOptions
    {
        /// <summary>Every option as given, in command-line order.</summary>
        public IReadOnlyList<OptionOccurrence> Occurrences { get; set; } = [];

        [Option('t', "type", MetaValue = "TYPE", HelpText = "Only namespaces of this type: cgroup, ipc, mnt (or mount), net, pid, time, user, uts.")]
        public string? Type { get; set; }

        [Option("json", HelpText = "Write JSON: {\"namespaces\":[{\"ns\":N,\"type\":T,\"nprocs\":N,\"pid\":N,\"uid\":N,\"user\":U,\"command\":C}]}.")]
        public bool Json { get; set; }
    }
}
