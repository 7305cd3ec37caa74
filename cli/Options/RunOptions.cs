using System.Collections.Generic;
using CommandLine;

namespace Nsbox.Options
{
    [Verb("run", HelpText = "Run a command in new namespaces.")]
    internal sealed class RunOptions
    {
        /// <summary>The options that take a value, as typed on the command line.</summary>
        public static readonly string[] ValueOptions = ["--hostname"];

        [Option('u', "uts", HelpText = "New UTS namespace: hostname and domain name changes stay inside.")]
        public bool Uts { get; set; }

        [Option("hostname", MetaValue = "NAME", HelpText = "Set the hostname inside (implies --uts).")]
        public string? Hostname { get; set; }

        [Value(0, MetaName = "COMMAND", HelpText = "The command and its arguments, after --. Default: $SHELL, else /bin/sh.")]
        public IEnumerable<string> Command { get; set; } = [];
    }
}
