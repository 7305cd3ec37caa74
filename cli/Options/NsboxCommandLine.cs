using Nsbox.Options.Oci;
using Nsbox.Parsing;

namespace Nsbox.Options
{
    /// <summary>
    /// nsbox's command line: <c>Parse(args)</c>, the help blocks and the usage errors are generated at
    /// build time from the verbs' CommandLineParser attributes (cli-generator), so nsbox does no
    /// reflection over its options and CommandLineParser's code never runs.
    /// </summary>
    [GeneratedCommandLine("nsbox", typeof(RunOptions), typeof(ExecOptions), typeof(LsOptions), typeof(CheckOptions),
        typeof(CreateOptions), typeof(StartOptions), typeof(StateOptions), typeof(KillOptions), typeof(DeleteOptions), typeof(ListOptions),
        typeof(FeaturesOptions), typeof(SpecOptions),
        typeof(PauseOptions), typeof(ResumeOptions), typeof(PsOptions), typeof(UpdateOptions), typeof(EventsOptions),
        Global = typeof(GlobalOptions))]
    internal static partial class NsboxCommandLine;
}
