using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("list", HelpText = "List the containers under --root, as runc lists them.")]
    internal sealed class ListOptions
    {
        [Option('f', "format", MetaValue = "table|json", HelpText = "The output: a table (default) or JSON.")]
        public string? Format { get; set; }

        [Option('q', "quiet", HelpText = "Only the ids.")]
        public bool Quiet { get; set; }
    }
}
