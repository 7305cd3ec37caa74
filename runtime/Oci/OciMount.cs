using System.Text.Json;
using Interop.Runtime.Json;

namespace Interop.Runtime.Oci
{
    /// <summary>One of config.json's <c>mounts</c>: a file system or a bind, with mount(8) options.</summary>
    [JsonModel]
    public sealed partial class OciMount
    {
        /// <summary>Where it is mounted, as the container sees it (absolute).</summary>
        public string? Destination { get; init; }

        /// <summary>The file system type (tmpfs, proc, sysfs, ...), or "bind"/"none" for a bind.</summary>
        public string? Type { get; init; }

        /// <summary>A device or host path (relative to the bundle for a bind), or the file system's name.</summary>
        public string? Source { get; init; }

        /// <summary>mount(8) options: flags (ro, nosuid, bind, rbind, rprivate, ...), the rest passed to the file system.</summary>
        public string[]? Options { get; init; }

        /// <summary>An idmapped mount's uid map (not carried out: refused when present).</summary>
        public JsonElement? UidMappings { get; init; }

        /// <summary>An idmapped mount's gid map (not carried out: refused when present).</summary>
        public JsonElement? GidMappings { get; init; }
    }
}
