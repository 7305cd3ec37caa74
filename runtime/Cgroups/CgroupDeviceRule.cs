using System.Collections.Generic;
using System.Globalization;
using Interop.Linux;

namespace Interop.Runtime.Cgroups
{
    /// <summary>
    /// One device access rule of the v1 devices controller: <paramref name="Allow"/> or deny
    /// <paramref name="Access"/> (some of r, w, m) to devices of <paramref name="Type"/> ('a' all,
    /// 'c' character, 'b' block) with <paramref name="Major"/>:<paramref name="Minor"/> (null: any).
    /// </summary>
    public sealed record CgroupDeviceRule(bool Allow, char Type, long? Major, long? Minor, string Access)
    {
        /// <summary>
        /// What runc 1.1 allows every container after the config's own rules: mknod of any node,
        /// /dev/null, zero, full, random, urandom, tty, ptmx, net/tun and the pty slaves.
        /// </summary>
        public static IReadOnlyList<CgroupDeviceRule> RuncDefaults { get; } =
        [
            new(true, 'c', null, null, "m"),
            new(true, 'b', null, null, "m"),
            new(true, 'c', 1, 3, "rwm"),
            new(true, 'c', 1, 8, "rwm"),
            new(true, 'c', 1, 7, "rwm"),
            new(true, 'c', 5, 0, "rwm"),
            new(true, 'c', 1, 5, "rwm"),
            new(true, 'c', 1, 9, "rwm"),
            new(true, 'c', 136, null, "rwm"),
            new(true, 'c', 5, 2, "rwm"),
            new(true, 'c', 10, 200, "rwm"),
        ];

        /// <summary>
        /// A rule from config.json's fields: no type is 'a', no access is "rwm", no major or minor
        /// is any, as the spec says.
        /// </summary>
        /// <exception cref="SandboxUsageException">A type other than a, b, c; an access with other letters than r, w, m; a negative number.</exception>
        public static CgroupDeviceRule FromSpec(string field, bool allow, string? type, long? major, long? minor, string? access)
        {
            if (type is not (null or "" or "a" or "b" or "c"))
            {
                throw new SandboxUsageException(field + ".type", Errno.EINVAL, "'" + type + "'", "a (all), b (block) or c (character)");
            }

            string rights = string.IsNullOrEmpty(access) ? "rwm" : access;
            foreach (char c in rights)
            {
                if (c is not ('r' or 'w' or 'm'))
                {
                    throw new SandboxUsageException(field + ".access", Errno.EINVAL, "'" + access + "'", "some of r (read), w (write), m (mknod)");
                }
            }

            if (major < 0 || minor < 0)
            {
                throw new SandboxUsageException(field + (major < 0 ? ".major" : ".minor"), Errno.EINVAL, (major < 0 ? major : minor)!.Value.ToString(CultureInfo.InvariantCulture), "a device number, or none for any");
            }

            return new CgroupDeviceRule(allow, string.IsNullOrEmpty(type) ? 'a' : type[0], major, minor, rights);
        }

        /// <summary>The line devices.allow and devices.deny take: "c 1:3 rwm", "a *:* rwm".</summary>
        public override string ToString() =>
            Type + " " + Number(Major) + ":" + Number(Minor) + " " + Access;

        private static string Number(long? number) => number is { } n ? n.ToString(CultureInfo.InvariantCulture) : "*";
    }
}
