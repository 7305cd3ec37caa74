using CommandLine;

namespace Nsbox.Options.Oci
{
    [Verb("events", HelpText = "Show a container's cgroup usage (cpu, memory, pids) and OOM kills as runc's JSON events, every --interval, or once with --stats.")]
    internal sealed class EventsOptions
    {
        [Option("stats", HelpText = "Print the usage once, then exit.")]
        public bool Stats { get; set; }

        [Option("interval", MetaValue = "DURATION", HelpText = "Between two stats events (Go's spelling: 5s, 500ms, 1m; default 5s).")]
        public string? Interval { get; set; }

        [Value(0, MetaName = "ID", HelpText = "The container's id.")]
        public string? Id { get; set; }
    }
}
