using System.Collections.Generic;
using Interop.Runtime.Text;

namespace Interop.Runtime
{
    /// <summary>
    /// This process's environment exactly as it received it, KEY=VALUE entries in order, lossless
    /// (see <see cref="ProcessArguments"/>): what a sandbox inherits unless told otherwise.
    /// </summary>
    public static class ProcessEnvironment
    {
        /// <summary>Every entry, as the kernel passed it at execve.</summary>
        public static IReadOnlyList<string> Entries() => InitialStack.Environment();
    }
}
