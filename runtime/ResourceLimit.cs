using System;
using Interop.Linux;

namespace Interop.Runtime
{
    /// <summary>
    /// A resource limit the command starts with (setrlimit in the child, before the user changes),
    /// as config.json's <c>process.rlimits</c> lists them. <see cref="Native.RLIM_INFINITY"/> is no limit.
    /// </summary>
    /// <param name="Resource">An RLIMIT_* number (<see cref="Parse"/>).</param>
    /// <param name="Soft">The limit the kernel enforces.</param>
    /// <param name="Hard">The ceiling the soft limit may be raised to; raising it needs CAP_SYS_RESOURCE.</param>
    public readonly record struct ResourceLimit(int Resource, ulong Soft, ulong Hard)
    {
        // Indexed by number: the RLIMIT_* names of the runtime-spec (and of runc), RLIMIT_CPU = 0 ... RLIMIT_RTTIME = 15.
        private static readonly string[] s_names =
        [
            "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE",
            "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
        ];

        /// <summary>The number of the resources this table knows.</summary>
        public static int Count => s_names.Length;

        /// <summary>The number of "RLIMIT_NOFILE" (exactly so: the spec's names are upper case).</summary>
        /// <exception cref="FormatException">Not a resource the spec names.</exception>
        public static int Parse(string name)
        {
            int index = Array.IndexOf(s_names, name);
            return index >= 0 ? index : throw new FormatException($"'{name}' is not a resource limit (RLIMIT_CPU ... RLIMIT_RTTIME)");
        }

        /// <summary>The RLIMIT_* name of a resource number.</summary>
        public static string Name(int resource) => resource >= 0 && resource < s_names.Length ? s_names[resource] : "RLIMIT_" + resource.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <inheritdoc/>
        public override string ToString() => Name(Resource) + " " + Text(Soft) + ":" + Text(Hard);

        private static string Text(ulong limit) => limit == Native.RLIM_INFINITY ? "unlimited" : limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
