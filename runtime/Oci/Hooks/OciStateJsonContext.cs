using System.Text.Json.Serialization;

namespace Interop.Runtime.Oci.Hooks
{
    /// <summary>System.Text.Json's generated (de)serializers for the hooks' state and the hooks handed to the start waiter: no reflection, NativeAOT-clean.</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(OciState))]
    [JsonSerializable(typeof(StartContainerHooks))]
    internal sealed partial class OciStateJsonContext : JsonSerializerContext;
}
