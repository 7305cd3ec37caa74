using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Interop.Runtime.Json;

namespace Interop.Runtime.Oci.Hooks
{
    /// <summary>
    /// The container's state as the runtime spec defines it ("State" in runtime.md), what a hook
    /// reads on its stdin: the fields and order runc 1.1.5 writes (its <c>specs.State</c>), pid left
    /// out when 0 (stopped) and annotations when there are none. <c>nsbox state</c> prints runc's
    /// longer form of it (rootfs, created, owner besides), which runc does not give its hooks either.
    /// </summary>
    [JsonModel]
    public sealed partial class OciState
    {
        /// <summary>The statuses the spec names.</summary>
        public const string Creating = "creating", Created = "created", Running = "running", Stopped = "stopped";

        /// <summary>The runtime-spec version nsbox implements.</summary>
        [JsonPropertyName("ociVersion")]
        public string OciVersion { get; init; } = OciBundle.SpecVersion;

        /// <summary>The container's id.</summary>
        [JsonPropertyName("id")]
        public string Id { get; init; } = "";

        /// <summary>creating, created, running or stopped.</summary>
        [JsonPropertyName("status")]
        public string Status { get; init; } = Creating;

        /// <summary>The container's process as the hook's PID namespace sees it.</summary>
        [JsonPropertyName("pid")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public int Pid { get; init; }

        /// <summary>The bundle directory, absolute.</summary>
        [JsonPropertyName("bundle")]
        public string Bundle { get; init; } = "";

        /// <summary>config.json's annotations.</summary>
        [JsonPropertyName("annotations")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public Dictionary<string, string>? Annotations { get; init; }

        /// <summary>The JSON a hook reads (one line, as runc writes it).</summary>
        public string ToJson() => JsonModel.Write(this);

        /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
        public static OciState? FromJson(string json) => JsonModel.Parse<OciState>(json);
    }
}
