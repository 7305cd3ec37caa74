using System.Text.Json.Serialization;
using Interop.Runtime.Oci;
using Interop.Runtime.Oci.Hooks;
using Interop.Runtime.Json;

namespace Interop.Runtime.Seccomp
{
    /// <summary>The runtime spec's containerProcessState, what a seccomp agent gets with the listener.</summary>
    [JsonModel]
    public sealed partial class SeccompProcessState
    {
        /// <summary>The name of the listener in <see cref="Fds"/>.</summary>
        public const string ListenerName = "seccompFd";

        /// <summary>The runtime spec's version.</summary>
        [JsonPropertyName("ociVersion")]
        public string OciVersion { get; init; } = OciBundle.SpecVersion;

        /// <summary>What each descriptor of the message is, in order.</summary>
        [JsonPropertyName("fds")]
        public string[] Fds { get; init; } = [ListenerName];

        /// <summary>The container's process.</summary>
        [JsonPropertyName("pid")]
        public int Pid { get; init; }

        /// <summary>The profile's listenerMetadata, as given.</summary>
        [JsonPropertyName("metadata")]
        public string Metadata { get; init; } = "";

        /// <summary>The container's state.</summary>
        [JsonPropertyName("state")]
        public OciState State { get; init; } = new();
    }

}
