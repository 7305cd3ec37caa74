// Points the differential tests at the implementation under test: json-generator's readers and
// writers (runtime/Json, docs/json.md), through JsonModel, exactly as the product calls them.
using System.Text.Json;
using Interop.Runtime.Json;
using Interop.Runtime.Oci;
using Interop.Runtime.Oci.Hooks;
using Interop.Runtime.Seccomp;

namespace Interop.Tests.Runtime.Json
{
    /// <summary>The JSON readers and writers under test, one method per document the product reads or writes.</summary>
    internal static class Ours
    {
        /// <summary>config.json (names case-insensitive, unknown fields ignored).</summary>
        public static OciConfig? ReadConfig(string json) => JsonModel.Parse<OciConfig>(json);

        /// <summary>linux.resources, as <c>nsbox update --resources</c> reads it.</summary>
        public static OciResources? ReadResources(string json) => JsonModel.Parse<OciResources>(json);

        /// <summary>A process.json (<c>nsbox exec --process</c>).</summary>
        public static OciProcess? ReadProcess(string json) => JsonModel.Parse<OciProcess>(json);

        /// <summary>A seccomp profile in config.json's linux.seccomp shape.</summary>
        public static OciSeccomp? ReadSeccomp(string json) => JsonModel.Parse<OciSeccomp>(json);

        /// <summary>The state a hook reads (names ignoring case, as every model: docs/json.md).</summary>
        public static OciState? ReadState(string json) => OciState.FromJson(json);

        /// <summary>The start waiter's hooks (names ignoring case, as every model: docs/json.md).</summary>
        public static StartContainerHooks? ReadStartHooks(string json) => JsonModel.Parse<StartContainerHooks>(json);

        /// <summary>The state a hook reads: one line.</summary>
        public static string WriteState(OciState s) => s.ToJson();

        /// <summary>The start waiter's hooks: one line.</summary>
        public static string WriteStartHooks(StartContainerHooks h) => h.ToJson();

        /// <summary><c>nsbox features</c>: indented by 4.</summary>
        public static string WriteFeatures(OciFeatures f) => f.ToJson();

        /// <summary>The seccomp agent's process state: one line.</summary>
        public static string WriteProcessState(SeccompProcessState s) => System.Text.Encoding.UTF8.GetString(JsonModel.WriteUtf8(s));
    }
}
