using Interop.Runtime.Json;
namespace Interop.Runtime.Oci
{
    /// <summary>config.json's <c>hooks</c>, by the point of the life cycle they run at.</summary>
    [JsonModel]
    public sealed partial class OciHooks
    {
        /// <summary>Deprecated: before the container's process starts, in the runtime's namespace.</summary>
        public OciHook[]? Prestart { get; init; }

        /// <summary>After the namespaces exist, in the runtime's namespace.</summary>
        public OciHook[]? CreateRuntime { get; init; }

        /// <summary>After the namespaces exist, in the container's namespace.</summary>
        public OciHook[]? CreateContainer { get; init; }

        /// <summary>Just before the user's program runs, in the container.</summary>
        public OciHook[]? StartContainer { get; init; }

        /// <summary>After the user's program started.</summary>
        public OciHook[]? Poststart { get; init; }

        /// <summary>After the container was deleted.</summary>
        public OciHook[]? Poststop { get; init; }
    }

    /// <summary>One hook: a program, its arguments and environment, a timeout.</summary>
    [JsonModel]
    public sealed partial class OciHook
    {
        /// <summary>The program (absolute).</summary>
        public string? Path { get; init; }

        /// <summary>Its arguments, argv[0] included.</summary>
        public string[]? Args { get; init; }

        /// <summary>Its environment.</summary>
        public string[]? Env { get; init; }

        /// <summary>Seconds before it is killed.</summary>
        public int? Timeout { get; init; }
    }
}
