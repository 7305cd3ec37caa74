using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("start", HelpText = "Start a created container: its process executes the command.")]
    internal sealed class StartOptions
    {
        [Value(0, MetaName = "ID", HelpText = "The container's id.")]
        public string? Id { get; set; }
    }
}
