using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Interop.Generator.Diagnostics;

namespace Interop.Generator.HeaderProbe
{
    /// <summary>
    /// <c>check [--cc COMPILER] TABLE...</c>: every value that differs from the C headers, one MSBuild error line
    /// each (<c>file(line,col): error SYSGEN016: ...</c>, which MSBuild's Exec reports as a build error).
    /// <c>layout [--cc COMPILER] [--include HEADER]... 'struct NAME' FIELD...</c>: the struct's size and the given
    /// fields' offsets and sizes from the headers, printed as the table's YAML, so a layout is never typed by hand.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string compiler = "cc";
            var includes = new List<string>();
            var rest = new List<string>();
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == "--cc" && i + 1 < args.Length)
                {
                    compiler = args[++i];
                }
                else if (args[i] == "--include" && i + 1 < args.Length)
                {
                    includes.Add(args[++i]);
                }
                else
                {
                    rest.Add(args[i]);
                }
            }

            string? arch = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x86_64",
                Architecture.Arm64 => "aarch64",
                _ => null,
            };
            if (arch is null)
            {
                Console.Error.WriteLine($"Interop.HeaderProbe: the table has no values for {RuntimeInformation.ProcessArchitecture}; nothing to check.");
                return 0;
            }

            string work = Path.Combine(Path.GetTempPath(), "interop-header-probe-" + Guid.NewGuid().ToString("N"));
            try
            {
                switch (args.FirstOrDefault())
                {
                    case "check" when rest.Count > 0:
                        if (HeaderCheck.CompilerProblem(compiler) is string problem)
                        {
                            // One line for the whole build, however many tables it checks.
                            Console.WriteLine($"Interop.HeaderProbe : error {DiagnosticDescriptors.HeaderCheckCannotRun.Id}: {problem}");
                            return 1;
                        }

                        int errors = 0;
                        foreach (string table in rest)
                        {
                            string path = Path.GetFullPath(table);
                            foreach (DiagnosticInfo d in HeaderCheck.Run(path, File.ReadAllText(path), compiler, arch, work))
                            {
                                Console.WriteLine($"{d.FilePath}({d.Line},{d.Column}): error {d.Id}: {d.Message}");
                                errors++;
                            }
                        }

                        return errors == 0 ? 0 : 1;
                    case "layout" when rest.Count > 0:
                        Console.Write(StructLayoutFromHeaders.Yaml(rest[0], rest.Skip(1).ToList(), includes.Count > 0 ? includes.ToArray() : HeaderCheck.DefaultHeaders, compiler, work));
                        return 0;
                    default:
                        Console.Error.WriteLine("usage: Interop.HeaderProbe check [--cc COMPILER] TABLE...\n       Interop.HeaderProbe layout [--cc COMPILER] [--include HEADER]... 'struct NAME' FIELD...");
                        return 2;
                }
            }
            finally
            {
                if (Directory.Exists(work))
                {
                    Directory.Delete(work, recursive: true);
                }
            }
        }
    }
}
