// Points the differential tests at the implementation under test.
//
// Today every method runs the oracle (System.Text.Json's source generator, OracleJsonContexts.cs),
// so the suite compiles and passes before the generated readers and writers exist. To test them,
// swap the bodies for Interop.Runtime.Json.JsonModel.Parse<T>(json) and
// JsonModel.Write(value, new JsonWriterOptions { ... }); they must throw System.Text.Json.JsonException
// with Path, LineNumber and BytePositionInLine set, as the serializer does.
using System.Text.Json;
using Interop.Runtime.Oci;
using Interop.Runtime.Oci.Hooks;
using Interop.Runtime.Seccomp;

namespace Interop.Tests.Runtime.Json
{
    /// <summary>The JSON readers and writers under test, one method per document the product reads or writes.</summary>
    internal static class Ours
    {
        /// <summary>config.json (names case-insensitive, unknown fields ignored).</summary>
        public static OciConfig? ReadConfig(string json) => JsonSerializer.Deserialize(json, OracleOciJsonContext.Default.OciConfig);

        /// <summary>linux.resources, as <c>nsbox update --resources</c> reads it.</summary>
        public static OciResources? ReadResources(string json) => JsonSerializer.Deserialize(json, OracleOciJsonContext.Default.OciResources);

        /// <summary>A process.json (<c>nsbox exec --process</c>).</summary>
        public static OciProcess? ReadProcess(string json) => JsonSerializer.Deserialize(json, OracleOciJsonContext.Default.OciProcess);

        /// <summary>A seccomp profile in config.json's linux.seccomp shape.</summary>
        public static OciSeccomp? ReadSeccomp(string json) => JsonSerializer.Deserialize(json, OracleOciJsonContext.Default.OciSeccomp);

        /// <summary>The state a hook reads (names case-sensitive).</summary>
        public static OciState? ReadState(string json) => JsonSerializer.Deserialize(json, OracleOciStateJsonContext.Default.OciState);

        /// <summary>The start waiter's hooks (names case-sensitive).</summary>
        public static StartContainerHooks? ReadStartHooks(string json) => JsonSerializer.Deserialize(json, OracleOciStateJsonContext.Default.StartContainerHooks);

        /// <summary>The state a hook reads: one line.</summary>
        public static string WriteState(OciState s) => JsonSerializer.Serialize(s, OracleOciStateJsonContext.Default.OciState);

        /// <summary>The start waiter's hooks: one line.</summary>
        public static string WriteStartHooks(StartContainerHooks h) => JsonSerializer.Serialize(h, OracleOciStateJsonContext.Default.StartContainerHooks);

        /// <summary><c>nsbox features</c>: indented by 4.</summary>
        public static string WriteFeatures(OciFeatures f) => JsonSerializer.Serialize(f, OracleOciFeaturesJsonContext.Default.OciFeatures);

        /// <summary>The seccomp agent's process state: one line.</summary>
        public static string WriteProcessState(SeccompProcessState s) => JsonSerializer.Serialize(s, OracleSeccompJsonContext.Default.SeccompProcessState);
    }
}
