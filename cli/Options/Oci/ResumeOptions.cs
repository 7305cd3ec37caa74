using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("resume", HelpText = "Thaw a paused container.")]
    internal sealed class ResumeOptions
    {
        [Value(0, MetaName = "ID", HelpText = "The container's id.")]
        public string? Id { get; set; }
    }
}
