using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Interop.Generator.Diagnostics;
using Interop.Generator.Parsing;
using Interop.Generator.Yaml;

namespace Interop.Generator.HeaderProbe
{
    /// <summary>
    /// Checks a syscall table against the C headers of the machine that builds it: every constant, flag value
    /// with a C name, syscall number, struct size, field offset and field size the table writes for this
    /// machine's architecture is printed by a C program compiled with the system compiler, and each value that
    /// differs is a SYSGEN016 diagnostic at the YAML position of the wrong value.
    /// </summary>
    /// <remarks>
    /// Each check is one line of C, so the compiler's error lines say which C names the headers do not declare;
    /// those are tried once more with the kernel's UAPI headers (which cannot share a program with some glibc
    /// headers), and a name neither declares is reported too, at the name that was looked up.
    /// </remarks>
    public static class HeaderCheck
    {
        /// <summary>glibc's headers plus the kernel headers that combine with them; a table's 'headers:' replaces this list.</summary>
        public static readonly string[] DefaultHeaders =
        [
            "errno.h", "fcntl.h", "limits.h", "poll.h", "sched.h", "signal.h", "stddef.h", "time.h", "unistd.h",
            "net/if.h", "sys/epoll.h", "sys/eventfd.h", "sys/ioctl.h", "sys/mman.h", "sys/mount.h", "sys/prctl.h",
            "sys/resource.h", "sys/signalfd.h", "sys/socket.h", "sys/stat.h", "sys/statvfs.h", "sys/syscall.h", "sys/types.h",
            "sys/auxv.h", "sys/uio.h", "sys/utsname.h", "sys/wait.h", "linux/capability.h", "linux/nsfs.h", "linux/sched.h",
        ];

        /// <summary>Tried for the names the first program could not compile.</summary>
        public static readonly string[] KernelHeaders =
        [
            "stddef.h", "linux/capability.h", "linux/close_range.h", "linux/fcntl.h", "linux/fs.h", "linux/if.h", "linux/mount.h",
            "linux/nsfs.h", "linux/pidfd.h", "linux/prctl.h", "linux/sched.h", "linux/signalfd.h", "linux/stat.h", "linux/wait.h", "asm/unistd.h",
        ];

        /// <summary>One value to print: a C expression and what the table says it is.</summary>
        /// <param name="Name">Where the C name is written (the 'c:' value, else the item's name): a name the headers lack is reported there.</param>
        private sealed record Check(string CExpression, decimal Expected, int Bytes, int Line, int Column, int Length, string What, (int Line, int Column, int Length) Name);

        private static readonly Regex s_compileError = new(@"^[^:\n]*probe\d?\.c:(?<line>\d+):\d+: (?:fatal )?error:", RegexOptions.Multiline);

        /// <summary>Every value of the table that differs from the headers, as diagnostics; empty when all agree.</summary>
        /// <param name="architectureKey">The table's name of this machine's architecture (x86_64, aarch64).</param>
        public static IReadOnlyList<DiagnosticInfo> Run(string path, string text, string compiler, string architectureKey, string workDirectory)
        {
            var diagnostics = new List<DiagnosticInfo>();
            (string topLevel, List<TableChunk> chunks) = TableSplitter.Split(text, TableParser.Sections.Keys.ToList());
            string[] headers = Headers(topLevel);
            var checks = new List<Check>();
            foreach (TableChunk chunk in chunks)
            {
                if (YamlReader.Read(chunk.Text).Root is YamlSequence { Items.Count: 1 } list && list.Items[0] is YamlMapping item)
                {
                    checks.AddRange(ChecksOf(chunk.Section, item, chunk.FirstLine - 1, architectureKey));
                }
            }

            Directory.CreateDirectory(workDirectory);
            if (CompilerProblem(compiler) is string problem)
            {
                // Not a silent pass: a build that asked for the check and cannot run it fails, once, saying why.
                return [new DiagnosticInfo(DiagnosticDescriptors.HeaderCheckCannotRun.Id, path, 1, 1, 1, problem)];
            }

            var printed = new Dictionary<int, (decimal Signed, decimal Unsigned)>();
            List<int> missing = Evaluate(compiler, workDirectory, "probe1", headers, checks, Enumerable.Range(0, checks.Count).ToList(), printed, diagnostics, path);
            List<int> stillMissing = missing.Count == 0 ? missing : Evaluate(compiler, workDirectory, "probe2", KernelHeaders, checks, missing, printed, diagnostics, path);
            foreach (int i in stillMissing)
            {
                Check c = checks[i];
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.HeaderMismatch.Id, path, c.Name.Line, c.Name.Column, c.Name.Length,
                    $"{c.What}: '{c.CExpression}' is not declared by the headers; check the C name ('c:'), or list the header that declares it under 'headers:'."));
            }

            foreach (KeyValuePair<int, (decimal Signed, decimal Unsigned)> value in printed)
            {
                Check c = checks[value.Key];
                if (!SameValue(c.Expected, value.Value, c.Bytes))
                {
                    decimal actual = c.Expected < 0 ? value.Value.Signed : Truncate(value.Value.Unsigned, c.Bytes);
                    diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.HeaderMismatch.Id, path, c.Line, c.Column, c.Length,
                        $"{c.What} is {Format(c.Expected)} in the table, but {Format(actual)} in the C headers ({c.CExpression})."));
                }
            }

            return diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
        }

        private static string[] Headers(string topLevel)
        {
            if (YamlReader.Read(topLevel).Root is YamlMapping root
                && root.Entries.FirstOrDefault(e => e.Key.Value == "headers").Value is YamlSequence list)
            {
                return list.Items.OfType<YamlScalar>().Select(s => s.Value).ToArray();
            }

            return DefaultHeaders;
        }

        private static IEnumerable<Check> ChecksOf(string section, YamlMapping item, int shift, string arch)
        {
            string? name = Scalar(item, "name")?.Value;
            if (name is null)
            {
                yield break;
            }

            switch (section)
            {
                case "constants":
                    if (ForArchitecture(Value(item, "value"), arch) is YamlScalar constant && Bytes(Scalar(item, "type")?.Value) is int size)
                    {
                        string c = Scalar(item, "c")?.Value ?? name;
                        if (Number(constant.Value) is decimal expected)
                        {
                            yield return At(constant, Scalar(item, "c") ?? Scalar(item, "name"), shift, c, expected, size, $"Constant {name}");
                        }
                    }

                    break;
                case "flags":
                    if (Bytes(Scalar(item, "type")?.Value) is int flagSize && Value(item, "values") is YamlSequence values)
                    {
                        foreach (YamlMapping v in values.Items.OfType<YamlMapping>())
                        {
                            if (Scalar(v, "c")?.Value is string c && Scalar(v, "value") is YamlScalar node && Number(node.Value) is decimal expected)
                            {
                                yield return At(node, Scalar(v, "c"), shift, c, expected, flagSize, $"Flag {name}.{Scalar(v, "name")?.Value}");
                            }
                        }
                    }

                    break;
                case "syscalls":
                    if (ForArchitecture(Value(item, "numbers"), arch) is YamlScalar number && Number(number.Value) is decimal n)
                    {
                        yield return At(number, Scalar(item, "name"), shift, "SYS_" + name, n, 8, $"The {arch} number of syscall {name}");
                    }

                    break;
                case "structs":
                    if (Scalar(item, "c")?.Value is not string cStruct)
                    {
                        yield break;
                    }

                    if (ForArchitecture(Value(item, "size"), arch) is YamlScalar sizeNode && Number(sizeNode.Value) is decimal structSize)
                    {
                        yield return At(sizeNode, Scalar(item, "c"), shift, $"sizeof({cStruct})", structSize, 8, $"The size of {cStruct}");
                    }

                    if (Value(item, "fields") is YamlSequence fields)
                    {
                        foreach (YamlMapping f in fields.Items.OfType<YamlMapping>())
                        {
                            string? field = Scalar(f, "name")?.Value;
                            string cField = Scalar(f, "c")?.Value ?? field ?? "";
                            if (field is null)
                            {
                                continue;
                            }

                            if (ForArchitecture(Value(f, "offset"), arch) is YamlScalar offsetNode && Number(offsetNode.Value) is decimal offset)
                            {
                                yield return At(offsetNode, Scalar(f, "c") ?? Scalar(f, "name"), shift, $"offsetof({cStruct}, {cField})", offset, 8, $"The offset of {cStruct}.{cField}");
                            }

                            if (ForArchitecture(Value(f, "type"), arch) is YamlScalar typeNode && FieldSize(typeNode.Value) is int fieldSize)
                            {
                                yield return At(typeNode, Scalar(f, "c") ?? Scalar(f, "name"), shift, $"sizeof((({cStruct}*)0)->{cField})", fieldSize, 8, $"The size of {cStruct}.{cField}");
                            }
                        }
                    }

                    break;
            }
        }

        /// <summary>Compiles and runs the checks; returns the ones whose line did not compile.</summary>
        private static List<int> Evaluate(string compiler, string work, string name, string[] headers, List<Check> checks, List<int> which,
            Dictionary<int, (decimal, decimal)> printed, List<DiagnosticInfo> diagnostics, string path)
        {
            var failed = new HashSet<int>();
            for (int attempt = 0; attempt < 8; attempt++)
            {
                var body = new StringBuilder();
                foreach (string h in headers)
                {
                    body.Append("#include <").Append(h).Append(">\n");
                }

                body.Append("int main(void) {\n");
                // Lines 1-2 are _GNU_SOURCE and stdio.h, then one line per header, then main's opening line.
                int firstLine = headers.Length + 4;
                var lineOf = new Dictionary<int, int>();
                foreach (int i in which.Where(i => !failed.Contains(i)))
                {
                    lineOf[firstLine + lineOf.Count] = i;
                    string e = checks[i].CExpression;
                    body.Append($"printf(\"{i} %lld %llu\\n\", (long long)({e}), (unsigned long long)({e}));\n");
                }

                body.Append("return 0; }\n");
                string source = Path.Combine(work, name + ".c");
                string binary = Path.Combine(work, name);
                // _GNU_SOURCE: glibc declares some names (ST_NODEV, CLONE_NEWTIME) only for it, as a Linux program sees them.
                File.WriteAllText(source, "#define _GNU_SOURCE\n#include <stdio.h>\n" + body);
                (int exit, string output) = Execute(compiler, ["-w", "-o", binary, source]);
                if (exit != 0)
                {
                    var errorLines = s_compileError.Matches(output).Select(m => int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture)).ToList();
                    var culprits = errorLines.Where(lineOf.ContainsKey).Select(l => lineOf[l]).ToList();
                    if (culprits.Count == 0)
                    {
                        // The headers themselves do not compile: nothing can be checked against them.
                        diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.HeaderMismatch.Id, path, 1, 1, 1,
                            $"The C headers ({string.Join(", ", headers)}) do not compile with {compiler}: {FirstLine(output)}"));
                        return new List<int>();
                    }

                    failed.UnionWith(culprits);
                    continue;
                }

                (int runExit, string values) = Execute(binary, []);
                foreach (string line in values.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    string[] parts = line.Split(' ');
                    if (parts.Length == 3 && int.TryParse(parts[0], out int index))
                    {
                        printed[index] = (decimal.Parse(parts[1], CultureInfo.InvariantCulture), decimal.Parse(parts[2], CultureInfo.InvariantCulture));
                    }
                }

                _ = runExit;
                return failed.ToList();
            }

            return which.Where(i => !printed.ContainsKey(i)).ToList();
        }

        /// <summary>Why <paramref name="compiler"/> cannot compile the check (it does not start), or null when it runs.</summary>
        public static string? CompilerProblem(string compiler)
        {
            try
            {
                Execute(compiler, ["--version"]);
                return null;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return $"The C compiler '{compiler}' does not start ({e.Message}), so the table cannot be checked against the C headers. "
                    + "Install gcc (the static NativeAOT link needs it too) or set InteropHeaderCompiler to a C compiler; to build without the check, set InteropVerifyHeaders to false.";
            }
        }

        private static (int Exit, string Output) Execute(string program, string[] arguments)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
            System.Threading.Tasks.Task<string> stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }

        /// <summary>Equal as C compares them after a conversion to the table's type of that many bytes.</summary>
        private static bool SameValue(decimal expected, (decimal Signed, decimal Unsigned) actual, int bytes) =>
            expected < 0 ? expected == actual.Signed || Truncate(actual.Unsigned, bytes) == Truncate(expected + Power(bytes), bytes)
                : Truncate(actual.Unsigned, bytes) == expected;

        private static decimal Power(int bytes) => bytes >= 8 ? 18446744073709551616m : (decimal)(1UL << (bytes * 8));

        private static decimal Truncate(decimal value, int bytes) => bytes >= 8 ? value : value % Power(bytes);

        private static string Format(decimal value) => value >= 10 ? $"{value} (0x{(ulong)value:X})" : value.ToString(CultureInfo.InvariantCulture);

        private static string FirstLine(string text) => text.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.Ordinal))?.Trim() ?? text.Trim();

        private static Check At(YamlScalar node, YamlScalar? nameNode, int shift, string c, decimal expected, int bytes, string what)
        {
            YamlScalar name = nameNode ?? node;
            return new Check(c, expected, bytes, node.Line + shift, node.Column, Math.Max(1, node.Value.Length), what,
                (name.Line + shift, name.Column, Math.Max(1, name.Value.Length)));
        }

        private static YamlNode? Value(YamlMapping m, string key) => m.Entries.FirstOrDefault(e => e.Key.Value == key).Value;

        private static YamlScalar? Scalar(YamlMapping m, string key) => Value(m, key) as YamlScalar;

        /// <summary>The value for this architecture: the scalar itself, or the entry of a per-architecture map.</summary>
        private static YamlNode? ForArchitecture(YamlNode? node, string arch) =>
            node is YamlMapping map ? map.Entries.FirstOrDefault(e => e.Key.Value == arch).Value : node;

        private static decimal? Number(string text) => TableParser.TryParseInteger(text, out decimal value) ? value : null;

        private static int? Bytes(string? type) => type is null ? null : TypeNames.Integer(type) is string t ? TypeNames.SizeOf(t) : null;

        /// <summary>The size of a field type the table writes: an integer, a pointer, or an integer array.</summary>
        private static int? FieldSize(string type)
        {
            Match array = Regex.Match(type, @"^(?<element>[a-z_]+)\[(?<n>\d+)\]$");
            if (array.Success)
            {
                return Bytes(array.Groups["element"].Value) * int.Parse(array.Groups["n"].Value, CultureInfo.InvariantCulture);
            }

            return type.Trim().EndsWith('*') || type == "pointer" ? 8 : Bytes(type.Trim());
        }
    }
}
