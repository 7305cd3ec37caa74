using System;
using System.Collections.Generic;
using Nsbox.Options;

namespace Nsbox.Commands
{
    /// <summary>
    /// The order of the options whose meaning depends on it (mounts, environment changes), read
    /// back from the arguments: CommandLineParser keeps every value of a repeatable option but not
    /// the order between different options. A stopgap until the generated parser hands the verb
    /// its <see cref="OptionOccurrence"/> list itself.
    /// </summary>
    internal static class CommandLineOrder
    {
        public static IReadOnlyList<OptionOccurrence> Of(string[] args, string[] orderedOptions)
        {
            var occurrences = new List<OptionOccurrence>();
            for (int i = 1; i < args.Length; i++)
            {
                string arg = args[i];
                if (arg == "--")
                {
                    break;
                }

                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    continue;
                }

                int eq = arg.IndexOf('=');
                string name = eq > 0 ? arg[2..eq] : arg[2..];
                if (Array.IndexOf(orderedOptions, name) < 0)
                {
                    continue;
                }

                if (eq > 0)
                {
                    occurrences.Add(new OptionOccurrence(name, arg[(eq + 1)..]));
                }
                else if (i + 1 < args.Length)
                {
                    occurrences.Add(new OptionOccurrence(name, args[++i]));
                }
            }

            return occurrences;
        }
    }
}
