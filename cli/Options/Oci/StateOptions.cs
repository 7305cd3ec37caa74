using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("state", HelpText = "Print a container's state as the OCI runtime spec's JSON.")]
    internal sealed class StateOptions
    {
        [Value(0, MetaName = "ID", HelpText = "The container's id.")]
        public string? Id { get; set; }
    }
}
