using System.Text.Json.Serialization;

namespace Interop.Runtime.Oci
{
    /// <summary>
    /// config.json's reader, made by System.Text.Json's source generator: no reflection, so it is
    /// trimming- and NativeAOT-safe. Names match case-insensitively and unknown fields are
    /// skipped, as Go's encoding/json (runc's reader) does and as the spec asks.
    /// </summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true, GenerationMode = JsonSourceGenerationMode.Metadata)]
    [JsonSerializable(typeof(OciConfig))]
    [JsonSerializable(typeof(OciResources))]
    internal sealed partial class OciJsonContext : JsonSerializerContext
    {
    }
}
