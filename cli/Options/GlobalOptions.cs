using CommandLine;

namespace Nsbox.Options
{
    /// <summary>The options runc takes before the verb (<c>nsbox --root DIR --log FILE --log-format json create ...</c>), as podman and containerd pass them.</summary>
    internal sealed class GlobalOptions
    {
        [Option("root", MetaValue = "DIR", HelpText = "Where container state is kept (default /run/nsbox).")]
        public string? Root { get; set; }

        [Option("log", MetaValue = "FILE", HelpText = "Also write errors to FILE (appended).")]
        public string? Log { get; set; }

        [Option("log-format", MetaValue = "text|json", HelpText = "The --log lines: text, or JSON lines {\"level\",\"msg\",\"time\"}.")]
        public string? LogFormat { get; set; }

        [Option("debug", HelpText = "Log what nsbox does, not only errors.")]
        public bool Debug { get; set; }
    }
}
