using System.Text.Json;
using System.Text.Json.Serialization;
using Interop.Runtime.Json;

namespace Interop.Runtime.Oci
{
    /// <summary>config.json's <c>process</c>: what runs in the container and how.</summary>
    [JsonModel]
    public sealed partial class OciProcess
    {
        /// <summary>Attach a terminal (a pty handed over the console socket).</summary>
        public bool Terminal { get; init; }

        /// <summary>The terminal's size; only used with <see cref="Terminal"/>.</summary>
        public JsonElement? ConsoleSize { get; init; }

        /// <summary>The user and groups the process runs as.</summary>
        public OciUser? User { get; init; }

        /// <summary>The program (looked up as execvp does) and its arguments.</summary>
        public string[]? Args { get; init; }

        /// <summary>The whole environment, KEY=VALUE.</summary>
        public string[]? Env { get; init; }

        /// <summary>The working directory inside (absolute).</summary>
        public string? Cwd { get; init; }

        /// <summary>The five capability sets.</summary>
        public OciCapabilities? Capabilities { get; init; }

        /// <summary>Resource limits (setrlimit).</summary>
        public OciRlimit[]? Rlimits { get; init; }

        /// <summary>Set no_new_privs.</summary>
        public bool NoNewPrivileges { get; init; }

        /// <summary>The process's oom_score_adj.</summary>
        public int? OomScoreAdj { get; init; }

        /// <summary>An AppArmor profile.</summary>
        public string? ApparmorProfile { get; init; }

        /// <summary>An SELinux label.</summary>
        public string? SelinuxLabel { get; init; }

        /// <summary>The I/O priority (ioprio_set).</summary>
        public JsonElement? IoPriority { get; init; }

        /// <summary>The scheduling policy (sched_setattr).</summary>
        public JsonElement? Scheduler { get; init; }

        /// <summary>CPU affinity at exec.</summary>
        [JsonPropertyName("execCPUAffinity")]
        public JsonElement? ExecCpuAffinity { get; init; }
    }

    /// <summary>config.json's <c>process.user</c>.</summary>
    [JsonModel]
    public sealed partial class OciUser
    {
        /// <summary>The user id inside.</summary>
        public uint Uid { get; init; }

        /// <summary>The group id inside.</summary>
        public uint Gid { get; init; }

        /// <summary>The umask (null: the runtime's own).</summary>
        public uint? Umask { get; init; }

        /// <summary>Supplementary groups.</summary>
        public uint[]? AdditionalGids { get; init; }
    }

    /// <summary>config.json's <c>process.capabilities</c>: capability names (CAP_...) per set; a missing set is empty.</summary>
    [JsonModel]
    public sealed partial class OciCapabilities
    {
        /// <summary>The bounding set.</summary>
        public string[]? Bounding { get; init; }

        /// <summary>The effective set.</summary>
        public string[]? Effective { get; init; }

        /// <summary>The inheritable set.</summary>
        public string[]? Inheritable { get; init; }

        /// <summary>The permitted set.</summary>
        public string[]? Permitted { get; init; }

        /// <summary>The ambient set.</summary>
        public string[]? Ambient { get; init; }
    }

    /// <summary>One of config.json's <c>process.rlimits</c>.</summary>
    [JsonModel]
    public sealed partial class OciRlimit
    {
        /// <summary>RLIMIT_NOFILE, RLIMIT_NPROC, ...</summary>
        public string? Type { get; init; }

        /// <summary>The soft limit.</summary>
        public ulong Soft { get; init; }

        /// <summary>The hard limit.</summary>
        public ulong Hard { get; init; }
    }
}
