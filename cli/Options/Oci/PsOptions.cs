using System.Collections.Generic;
using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("ps", HelpText = "Show the processes in a container: ps(1)'s lines for them, or their pids as JSON.")]
    internal sealed class PsOptions
    {
        [Option('f', "format", MetaValue = "table|json", HelpText = "table (default): ps(1) run with the PS-ARGS (default -ef), its header and the container's lines; json: the array of pids.")]
        public string? Format { get; set; }

        [Value(0, MetaName = "ID [PS-ARGS...]", HelpText = "The container's id, then ps(1)'s arguments.")]
        public IEnumerable<string> Operands { get; set; } = [];
    }
}
