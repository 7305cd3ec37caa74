using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Interop.Runtime.Json;

namespace Interop.Runtime.Oci
{
    /// <summary>
    /// A bundle's config.json as the OCI runtime specification (1.x) defines it, Linux fields only.
    /// Fields the spec defines but nsbox does not carry out yet are kept too, so that
    /// <see cref="OciBundle"/> can refuse them by name instead of dropping them; fields the spec
    /// does not define are ignored, as the spec says. Property names match case-insensitively, as
    /// Go's encoding/json (and so runc) reads them.
    /// </summary>
    [JsonModel]
    public sealed partial class OciConfig
    {
        /// <summary>The runtime-spec version the bundle complies with (SemVer; any 1.x is accepted).</summary>
        public string? OciVersion { get; init; }

        /// <summary>The container's root file system.</summary>
        public OciRoot? Root { get; init; }

        /// <summary>Mounts, in the order they are made.</summary>
        public OciMount[]? Mounts { get; init; }

        /// <summary>The container's process.</summary>
        public OciProcess? Process { get; init; }

        /// <summary>The hostname inside (needs a new UTS namespace).</summary>
        public string? Hostname { get; init; }

        /// <summary>The NIS domain name inside (needs a new UTS namespace).</summary>
        public string? Domainname { get; init; }

        /// <summary>Programs run at points of the container's life cycle.</summary>
        public OciHooks? Hooks { get; init; }

        /// <summary>Arbitrary metadata; kept for the container's state, never acted on.</summary>
        public Dictionary<string, string>? Annotations { get; init; }

        /// <summary>The Linux-specific part: namespaces, id maps, devices, cgroups, seccomp, ...</summary>
        public OciLinux? Linux { get; init; }

        /// <summary>A virtual-machine container (not carried out: refused when present).</summary>
        public JsonElement? Vm { get; init; }
    }

    /// <summary>config.json's <c>root</c>.</summary>
    [JsonModel]
    public sealed partial class OciRoot
    {
        /// <summary>The root file system: absolute, or relative to the bundle directory.</summary>
        public string? Path { get; init; }

        /// <summary>Mount the root file system read-only (its own mount; mounts on it keep their flags).</summary>
        [JsonPropertyName("readonly")]
        public bool ReadOnly { get; init; }
    }
}
