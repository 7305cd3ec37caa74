using System.Collections.Generic;

namespace Interop.Runtime.Seccomp
{
    /// <summary>
    /// One rule of a profile: what the named system calls get when every condition holds. A name
    /// this libseccomp does not know is skipped when the profile is compiled, as runc skips it, so a
    /// profile written for a newer kernel still loads.
    /// </summary>
    public sealed record SeccompRule(IReadOnlyList<string> Names, SeccompAction Action, IReadOnlyList<SeccompCondition> Conditions)
    {
        /// <summary>A rule without conditions.</summary>
        public SeccompRule(IReadOnlyList<string> names, SeccompAction action)
            : this(names, action, [])
        {
        }
    }
}
