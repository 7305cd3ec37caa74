using System;
using System.Collections.Generic;
using Interop.Text;

namespace Interop.Generator.Parsing
{
    /// <summary>"Did you mean ...?" for misspelt keys and type names (edit distance).</summary>
    public static class Suggestions
    {
        /// <summary>The closest candidate within a small edit distance (about one typo per three characters, case ignored), or null.</summary>
        public static string? Closest(string word, IEnumerable<string> candidates) =>
            // Further away is a guess, not a suggestion.
            EditDistance.Closest(word, candidates, Math.Max(1, word.Length / 3), ignoreCase: true);

        /// <summary>" Did you mean 'x'?" or, when nothing is close, " Expected one of: a, b, c."</summary>
        public static string Hint(string word, IReadOnlyCollection<string> candidates)
        {
            string? closest = Closest(word, candidates);
            return closest is not null
                ? $" Did you mean '{closest}'?"
                : $" Expected one of: {string.Join(", ", candidates)}.";
        }
    }
}
