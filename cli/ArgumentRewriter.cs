using System;
using System.Collections.Generic;

namespace Nsbox
{
    /// <summary>
    /// Rewrites what CommandLineParser cannot read before it sees the arguments: unshare's
    /// <c>--uts=FILE</c> (a switch with an optional value that keeps the new namespace alive in FILE)
    /// becomes <c>--uts --keep uts=FILE</c>. Only before "--": the command's own arguments are never touched.
    /// </summary>
    internal static class ArgumentRewriter
    {
        // Plain string work, no Regex: the engine would cost start-up time and binary size on every run.
        private static readonly string[] s_types = ["uts", "ipc", "pid", "net", "mount", "user", "cgroup", "time"];

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

                int eq = arg.IndexOf('=');
                string type = options && arg.StartsWith("--", StringComparison.Ordinal) && eq > 2 && eq < arg.Length - 1 ? arg[2..eq] : "";
                if (Array.IndexOf(s_types, type) >= 0)
                {
                    result.Add("--" + type);
                    result.Add("--keep");
                    result.Add(type + "=" + arg[(eq + 1)..]);
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
