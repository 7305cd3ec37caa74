using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("pause", HelpText = "Freeze every process of a created or running container (its cgroup's freezer).")]
    internal sealed class PauseOptions
    {
        [Value(0, MetaName = "ID", HelpText = "The container's id.")]
        public string? Id { get; set; }
    }
}
