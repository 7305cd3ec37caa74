using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Nsbox.CommandLineGenerator.Model;

namespace Nsbox.CommandLineGenerator.Emit
{
    /// <summary>
    /// The options block of a help screen, laid out at build time exactly as CommandLineParser's
    /// HelpText lays it out at run time (80 columns, GetoptMode names): two spaces, the names padded
    /// to the widest, four spaces, the help text word-wrapped and indented under itself, a blank line
    /// after each entry. Only difference: an optional value reads <c>--uts[=FILE]</c>.
    /// </summary>
    public static class HelpLayout
    {
        /// <summary>The library's default width when there is no console to measure (and ours always).</summary>
        public const int Width = 80;
        private const int Indent = 2;
        private const int Separator = 4;

        public const string HelpEntry = "Display this help screen.";
        public const string VersionEntry = "Display version information.";
        public const string HelpVerbEntry = "Display more information on a specific command.";

        /// <summary>A verb's options (visible ones, in order), then --help and --version, then its operands.</summary>
        public static string Options(VerbModel verb)
        {
            var rows = verb.Options.Where(o => !o.Hidden).Select(o => (Name(o), o.HelpText)).ToList();
            rows.Add(("--help", HelpEntry));
            rows.Add(("--version", VersionEntry));
            if (verb.Operands is { } operands)
            {
                rows.Add((operands.MetaName.Length > 0 ? operands.MetaName + " (pos. 0)" : "value pos. 0", operands.HelpText));
            }

            return Block(rows);
        }

        /// <summary>The index of verbs, then the help and version verbs.</summary>
        public static string Verbs(IEnumerable<VerbModel> verbs)
        {
            var rows = verbs.Select(v => (v.Name, v.HelpText)).ToList();
            rows.Add(("help", HelpVerbEntry));
            rows.Add(("version", VersionEntry));
            return Block(rows);
        }

        /// <summary>How the library names an option in GetoptMode: <c>-t PID, --target=PID</c>.</summary>
        public static string Name(OptionModel option)
        {
            var name = new StringBuilder();
            bool optional = option.Kind == OptionKind.OptionalValue;
            if (option.ShortName != '\0')
            {
                name.Append('-').Append(option.ShortName);
                if (option.MetaValue.Length > 0 && !optional)
                {
                    name.Append(' ').Append(option.MetaValue);
                }

                if (option.LongName.Length > 0)
                {
                    name.Append(", ");
                }
            }

            if (option.LongName.Length > 0)
            {
                name.Append("--").Append(option.LongName);
                if (option.MetaValue.Length > 0)
                {
                    name.Append(optional ? "[=" + option.MetaValue + "]" : "=" + option.MetaValue);
                }
            }

            return name.ToString();
        }

        private static string Block(List<(string Name, string Help)> rows)
        {
            int nameWidth = rows.Max(r => r.Name.Length);
            int helpWidth = Width - (nameWidth + Indent + Separator);
            var text = new StringBuilder();
            foreach ((string name, string help) in rows)
            {
                text.Append(' ', Indent).Append(name.PadRight(nameWidth)).Append(' ', Separator)
                    .Append(WrapAndIndent(help, nameWidth + Indent + Separator, helpWidth).TrimStart())
                    .Append('\n').Append('\n');
            }

            return text.ToString();
        }

        /// <summary>The library's TextWrapper: wrap each line at spaces to <paramref name="width"/> (splitting a longer word), then indent every line.</summary>
        public static string WrapAndIndent(string input, int indent, int width)
        {
            width = Math.Max(1, width);
            IEnumerable<string> lines = input.Replace("\r", "").Split('\n').SelectMany(line => WrapLine(line, width));
            return string.Join("\n", lines.Select(line => new string(' ', indent) + line));
        }

        private static IEnumerable<string> WrapLine(string line, int width)
        {
            string unindented = line.TrimStart();
            int lineIndent = Math.Min(line.Length - unindented.Length, width - 1);
            width -= lineIndent;
            var lines = new List<StringBuilder>();
            foreach (string whole in unindented.Split(' '))
            {
                string word = whole;
                string previous = lines.Count == 0 ? "" : lines[lines.Count - 1].ToString();
                bool wrap = lines.Count == 0 || (word.Length > 0 && previous.Length + word.Length > width);
                if (!wrap)
                {
                    lines[lines.Count - 1].Append(word).Append(' ');
                    continue;
                }

                do
                {
                    int take = Math.Min(width, word.Length);
                    lines.Add(new StringBuilder(word.Substring(0, take)).Append(' '));
                    word = word.Substring(take);
                }
                while (word.Length > 0);
            }

            return lines.Select(b => new string(' ', lineIndent) + b.ToString().TrimEnd());
        }
    }
}
