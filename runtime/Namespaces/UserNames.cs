using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Interop.Runtime.Namespaces
{
    /// <summary>
    /// User names from /etc/passwd, read by hand: nsbox is a static binary without libc's
    /// getpwuid (and NSS), so names that live only in LDAP or similar show as numbers.
    /// </summary>
    internal sealed class UserNames
    {
        private readonly Dictionary<uint, string> _names = new();

        private UserNames()
        {
        }

        /// <summary>The names in <paramref name="passwdFile"/>; none when it is missing or unreadable.</summary>
        public static UserNames Read(string passwdFile = "/etc/passwd")
        {
            var names = new UserNames();
            string[] lines;
            try
            {
                lines = File.ReadAllLines(passwdFile);
            }
            catch (IOException)
            {
                return names;
            }
            catch (System.UnauthorizedAccessException)
            {
                return names;
            }

            foreach (string line in lines)
            {
                // name:password:uid:gid:gecos:home:shell
                string[] fields = line.Split(':');
                if (fields.Length >= 3 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid))
                {
                    // The first line for a uid wins, as getpwuid's does.
                    names._names.TryAdd(uid, fields[0]);
                }
            }

            return names;
        }

        /// <summary>The name of <paramref name="uid"/>, or the number when it has none.</summary>
        public string NameOf(uint uid) => _names.TryGetValue(uid, out string? name) ? name : uid.ToString(CultureInfo.InvariantCulture);
    }
}
