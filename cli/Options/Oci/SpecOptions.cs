using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("spec", HelpText = "Write a starter config.json into the bundle, as runc spec writes it.")]
    internal sealed class SpecOptions
    {
        [Option('b', "bundle", MetaValue = "DIR", HelpText = "The bundle directory (default: the current directory).")]
        public string? Bundle { get; set; }

        [Option("rootless", HelpText = "A configuration for a rootless container (a user namespace mapping the caller to root, /sys bound).")]
        public bool Rootless { get; set; }
    }
}
