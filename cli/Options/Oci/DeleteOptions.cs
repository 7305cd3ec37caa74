using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("delete", HelpText = "Delete a stopped (or created) container's state.")]
    internal sealed class DeleteOptions
    {
        [Option('f', "force", HelpText = "Kill a running container first (SIGKILL).")]
        public bool Force { get; set; }

        [Value(0, MetaName = "ID", HelpText = "The container's id.")]
        public string? Id { get; set; }
    }
}
