using System.Collections.Generic;
using System.Text.Json.Serialization;
using Interop.Runtime.Json;

namespace Nsbox.Oci
{
    /// <summary>A container's state as <c>nsbox state</c> and <c>nsbox list --format json</c> print it: runc's fields, in runc's order.</summary>
    [JsonModel]
    internal sealed partial class StateReport
    {
        [JsonPropertyName("ociVersion")]
        public string OciVersion { get; set; } = "";

        [JsonPropertyName("id")]
        public string Id { get; set; } = "";

        [JsonPropertyName("pid")]
        public int Pid { get; set; }

        [JsonPropertyName("status")]
        public string Status { get; set; } = "";

        [JsonPropertyName("bundle")]
        public string Bundle { get; set; } = "";

        [JsonPropertyName("rootfs")]
        public string Rootfs { get; set; } = "";

        [JsonPropertyName("created")]
        public string Created { get; set; } = "";

        /// <summary>Left out when there are none, as runc leaves them out.</summary>
        [JsonPropertyName("annotations")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public Dictionary<string, string>? Annotations { get; set; }

        [JsonPropertyName("owner")]
        public string Owner { get; set; } = "";
    }
}
