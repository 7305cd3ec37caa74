namespace Nsbox
{
    /// <summary>
    /// A help screen: the heading, the options block the generator laid out from the declarations
    /// (as CommandLineParser's HelpText would), then the exit statuses and examples, each once.
    /// </summary>
    internal static class HelpScreen
    {
        public const string Heading = "nsbox " + Program.Version + ": run commands in new Linux namespaces";

        public static string Render(string? verb, string optionsBlock) => Heading + "\n\n" + optionsBlock + Examples.For(verb);
    }
}
