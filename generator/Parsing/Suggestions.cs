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

            // Optimal string alignment: Levenshtein plus adjacent transpositions ("itn" -> "int" is one edit).
            var d = new int[a.Length + 1, b.Length + 1];
            for (int i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (int j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                    }
                }
            }

            return d[a.Length, b.Length];
        }
    }
}
