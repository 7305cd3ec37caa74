using System.Collections.Generic;
using CommandLine;

namespace Nsbox.Options
{
    [Verb("check", HelpText = "Say which namespaces this kernel can create, as root and unprivileged; limits and cgroup layout.")]
    internal sealed class CheckOptions
    {
        /// <summary>Every option as given, in command-line order.</summary>
        public IReadOnlyList<OptionOccurrence> Occurrences { get; set; } = [];

        [Option("json", HelpText = "Write JSON instead of text.")]
        public bool Json { get; set; }
    }
}
