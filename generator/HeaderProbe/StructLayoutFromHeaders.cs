using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Interop.Generator.HeaderProbe
{
    /// <summary>
    /// A struct's layout read from the C headers and written as the table's YAML: size, and each field's offset
    /// and an integer type of its size (or a byte array for anything else), for the architecture that runs it.
    /// </summary>
    public static class StructLayoutFromHeaders
    {
        public static string Yaml(string cStruct, IReadOnlyList<string> fields, string[] headers, string compiler, string work)
        {
            Directory.CreateDirectory(work);
            var c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n");
            foreach (string h in headers)
            {
                c.Append("#include <").Append(h).Append(">\n");
            }

            c.Append("int main(void) {\n");
            c.Append($"printf(\"size %zu %zu\\n\", sizeof({cStruct}), _Alignof({cStruct}));\n");
            foreach (string f in fields)
            {
                c.Append($"printf(\"{f} %zu %zu\\n\", offsetof({cStruct}, {f}), sizeof((({cStruct}*)0)->{f}));\n");
            }

            c.Append("return 0; }\n");
            string source = Path.Combine(work, "layout.c"), binary = Path.Combine(work, "layout");
            File.WriteAllText(source, c.ToString());
            (int exit, string output) = Run(compiler, ["-w", "-o", binary, source]);
            if (exit != 0)
            {
                throw new InvalidOperationException($"{compiler} could not compile the layout probe:\n{output}");
            }

            (_, string printed) = Run(binary, []);
            var lines = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
            var yaml = new StringBuilder();
            yaml.Append($"    c: {cStruct}\n    size: {lines[0][1]}\n    fields:\n");
            foreach (string[] f in lines.Skip(1))
            {
                int size = int.Parse(f[2], CultureInfo.InvariantCulture);
                string type = size switch { 1 => "byte", 2 => "ushort", 4 => "uint", 8 => "ulong", _ => $"\"byte[{size}]\"" };
                yaml.Append($"      - {{ name: {f[0]}, type: {type}, offset: {f[1]} }}\n");
            }

            return yaml.ToString();
        }

        private static (int Exit, string Output) Run(string program, string[] arguments)
        {
            var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }
    }
}
