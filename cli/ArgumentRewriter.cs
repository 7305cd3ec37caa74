using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Nsbox
{
    /// <summary>
    /// Rewrites what CommandLineParser cannot read before it sees the arguments: unshare's
    /// <c>--uts=FILE</c> (a switch with an optional value that keeps the new namespace alive in FILE)
    /// becomes <c>--uts --keep uts=FILE</c>. Only before "--": the command's own arguments are never touched.
    /// </summary>
    internal static partial class ArgumentRewriter
    {
        [GeneratedRegex("^--(uts|ipc|pid|net|mount|user|cgroup|time)=(.+)$")]
        private static partial Regex NamespaceFile();

        public static string[] ExpandNamespaceFiles(string[] args)
        {
            if (args.Length == 0 || args[0] != "run")
            {
                return args;
            }

            var result = new List<string>(args.Length + 4);
            bool options = true;
            foreach (string arg in args)
            {
                if (arg == "--")
                {
                    options = false;
                }

                Match match = options ? NamespaceFile().Match(arg) : Match.Empty;
                if (match.Success)
                {
                    result.Add("--" + match.Groups[1].Value);
                    result.Add("--keep");
                    result.Add(match.Groups[1].Value + "=" + match.Groups[2].Value);
                }
                else
                {
                    result.Add(arg);
                }
            }

            return result.ToArray();
        }
    }
}
