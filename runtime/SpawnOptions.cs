using System.Collections.Generic;
using Interop.Linux;

namespace Interop.Runtime
{
    /// <summary>What to start and how to isolate it: the counterpart of Go's exec.Cmd plus SysProcAttr.</summary>
    public sealed class SpawnOptions
    {
        /// <summary>The command: a path, or a name looked up in PATH (in the parent, like execvp).</summary>
        public required string FileName { get; init; }

        /// <summary>Arguments after argv[0] (argv[0] is <see cref="FileName"/> as given).</summary>
        public IReadOnlyList<string> Arguments { get; init; } = [];

        /// <summary>The namespaces to create: any of the CloneFlags.New* values except NewTime.</summary>
        public CloneFlags Namespaces { get; init; }

        /// <summary>The hostname to set inside (needs <see cref="CloneFlags.NewUts"/>), or null to keep the inherited one.</summary>
        public string? Hostname { get; init; }

        /// <summary>The environment as KEY=VALUE entries, or null to pass on this process's environment.</summary>
        public IReadOnlyList<string>? Environment { get; init; }
    }
}
