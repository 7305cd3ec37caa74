using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Reflection;
using CommandLine;

namespace Nsbox
{
    /// <summary>"Did you mean '--hostname'?" for a misspelt option, from the verb's own option names.</summary>
    internal static class OptionSuggestions
    {
        /// <summary>The hint for an unknown option of the verb parsed (null: none).</summary>
        public static string Hint(string token, Type? verb)
        {
            // typeof literals, so the trimmer keeps the properties this reads.
            string[] names = verb == typeof(Options.RunOptions) ? Names(typeof(Options.RunOptions))
                : verb == typeof(Options.ExecOptions) ? Names(typeof(Options.ExecOptions))
                : verb == typeof(Options.LsOptions) ? Names(typeof(Options.LsOptions))
                : verb == typeof(Options.CheckOptions) ? Names(typeof(Options.CheckOptions))
                : [];
            string? best = names.OrderBy(n => Distance(token, n)).FirstOrDefault();
            return best is not null && Distance(token, best) <= Math.Max(2, token.Length / 3) ? $"; did you mean '--{best}'?" : "";
        }

        private static string[] Names([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type verb) =>
            verb.GetProperties()
                .Select(p => p.GetCustomAttribute<OptionAttribute>()?.LongName)
                .Where(n => !string.IsNullOrEmpty(n))
                .Select(n => n!)
                .ToArray();

        private static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (int j = 0; j <= b.Length; j++) d[0, j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }
            }

            return d[a.Length, b.Length];
        }
    }
}
