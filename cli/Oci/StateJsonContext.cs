using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Nsbox.Oci
{
    /// <summary>System.Text.Json's generated (de)serializers for the container state: no reflection, NativeAOT-clean.</summary>
    [JsonSourceGenerationOptions(WriteIndented = true)]
    [JsonSerializable(typeof(ContainerState))]
    [JsonSerializable(typeof(StateReport))]
    [JsonSerializable(typeof(List<StateReport>))]
    internal sealed partial class StateJsonContext : JsonSerializerContext;
}
