using Interop.Runtime.Oci;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;
using Nsbox.Output;

namespace Nsbox.Commands.Oci
{
    /// <summary><c>nsbox features</c>: runc's features JSON, each list asked of the code that implements it (<see cref="OciFeatures"/>).</summary>
    internal static class FeaturesCommand
    {
        public static int Execute(FeaturesOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            StandardStream.Out.Write(OciFeatures.Current(Program.Version).ToJson() + "\n");
            return 0;
        });
    }
}
