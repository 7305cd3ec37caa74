using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("features", HelpText = "Print what nsbox implements of the OCI runtime spec, as runc's features JSON.")]
    internal sealed class FeaturesOptions
    {
    }
}
