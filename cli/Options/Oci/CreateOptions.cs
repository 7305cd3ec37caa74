using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("create", HelpText = "Create an OCI container from a bundle: set up and waiting for start.")]
    internal sealed class CreateOptions
    {
        [Option('b', "bundle", MetaValue = "DIR", HelpText = "The bundle: a directory holding config.json (default: the current directory).")]
        public string? Bundle { get; set; }

        [Option("pid-file", MetaValue = "FILE", HelpText = "Write the container process's pid to FILE.")]
        public string? PidFile { get; set; }

        [Option("console-socket", MetaValue = "SOCKET", HelpText = "The AF_UNIX socket that receives the pty master when config.json asks for a terminal.")]
        public string? ConsoleSocket { get; set; }

        [Value(0, MetaName = "ID", HelpText = "The container's id.")]
        public string? Id { get; set; }
    }
}
