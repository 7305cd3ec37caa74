// One copy in the repository of the "did you mean" measure. Compiled into the runtime (seccomp
// system call names) and, linked, into the syscall generator (table keys and types); the CLI's
// generator embeds this file and emits it into the parser it writes (option and verb names). So it
// is plain C# every one of them compiles: netstandard2.0, no runtime-only API.
#nullable enable

using System;
using System.Collections.Generic;

namespace Interop.Text
{
    /// <summary>
    /// How far apart two words are, for "did you mean": optimal string alignment, that is
    /// Levenshtein plus adjacent transpositions ("itn" to "int" is one edit, not two).
    /// </summary>
    internal static class EditDistance
    {
        /// <summary>The number of insertions, deletions, substitutions and adjacent swaps from <paramref name="a"/> to <paramref name="b"/>.</summary>
        public static int Between(string a, string b)
        {
            // Three rows of the table: the one before the previous is what a swap looks back to.
            int[] beforePrevious = new int[b.Length + 1];
            int[] previous = new int[b.Length + 1];
            int[] current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    int best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitute);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        best = Math.Min(best, beforePrevious[j - 2] + 1);
                    }

                    current[j] = best;
                }

                int[] reused = beforePrevious;
                beforePrevious = previous;
                previous = current;
                current = reused;
            }

            return previous[b.Length];
        }

        /// <summary>
        /// The candidate closest to <paramref name="word"/> (the first of equals), when it is at most
        /// <paramref name="maxDistance"/> edits away; else null. With <paramref name="ignoreCase"/> the
        /// two are compared in lower case (invariant culture).
        /// </summary>
        public static string? Closest(string word, IEnumerable<string> candidates, int maxDistance, bool ignoreCase = false)
        {
            string typed = ignoreCase ? word.ToLowerInvariant() : word;
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (string candidate in candidates)
            {
                int distance = Between(typed, ignoreCase ? candidate.ToLowerInvariant() : candidate);
                if (distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            return bestDistance <= maxDistance ? best : null;
        }
    }
}
