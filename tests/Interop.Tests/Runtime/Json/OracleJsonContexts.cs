using System.Text.Json.Serialization;
using Interop.Runtime.Oci;
using Interop.Runtime.Oci.Hooks;
using Interop.Runtime.Seccomp;

namespace Interop.Tests.Runtime.Json
{
    // The oracle of the differential tests: System.Text.Json's source generator with exactly the
    // options the product's contexts had when the product read and wrote its JSON with it
    // (runtime/Oci/OciJsonContext.cs, runtime/Oci/Hooks/OciStateJsonContext.cs, runtime/Oci/OciFeatures.cs,
    // runtime/Seccomp/SeccompProcessState.cs, removed since), but where json-generator differs on
    // purpose (docs/json.md, "On purpose different"): the state's names are matched ignoring case.

    /// <summary>config.json, linux.resources, process.json and linux.seccomp: camelCase, names matched case-insensitively.</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true, GenerationMode = JsonSourceGenerationMode.Metadata)]
    [JsonSerializable(typeof(OciConfig))]
    [JsonSerializable(typeof(OciResources))]
    [JsonSerializable(typeof(OciProcess))]
    [JsonSerializable(typeof(OciSeccomp))]
    internal sealed partial class OracleOciJsonContext : JsonSerializerContext;

    /// <summary>The hooks' state and the start waiter's hooks: camelCase, names matched ignoring case (the product's context matched them as written).</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
    [JsonSerializable(typeof(OciState))]
    [JsonSerializable(typeof(StartContainerHooks))]
    internal sealed partial class OracleOciStateJsonContext : JsonSerializerContext;

    /// <summary><c>nsbox features</c>: indented by 4.</summary>
    [JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 4)]
    [JsonSerializable(typeof(OciFeatures))]
    internal sealed partial class OracleOciFeaturesJsonContext : JsonSerializerContext;

    /// <summary>The seccomp agent's process state: the defaults.</summary>
    [JsonSerializable(typeof(SeccompProcessState))]
    internal sealed partial class OracleSeccompJsonContext : JsonSerializerContext;
}
