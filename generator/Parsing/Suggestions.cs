using System;
using System.Collections.Generic;

namespace Interop.Generator.Parsing
{
    /// <summary>"Did you mean ...?" for misspelt keys and type names (edit distance).</summary>
    public static class Suggestions
    {
        /// <summary>The closest candidate within a small edit distance, or null.</summary>
        public static string? Closest(string word, IEnumerable<string> candidates)
        {
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (string candidate in candidates)
            {
                int d = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = candidate;
                }
            }

            // Allow about one typo per three characters: further away is a guess, not a suggestion.
            return best is not null && bestDistance <= Math.Max(1, word.Length / 3) ? best : null;
        }

        /// <summary>" Did you mean 'x'?" or, when nothing is close, " Expected one of: a, b, c."</summary>
        public static string Hint(string word, IReadOnlyCollection<string> candidates)
        {
            string? closest = Closest(word, candidates);
            return closest is not null
                ? $" Did you mean '{closest}'?"
                : $" Expected one of: {string.Join(", ", candidates)}.";
        }

        private static int Distance(string a, string b)
        {
            if (a.Length > 64 || b.Length > 64)
            {
                return int.MaxValue / 2;
            }

            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }

                int[] swap = previous;
                previous = current;
                current = swap;
            }

            return previous[b.Length];
        }
    }
}
