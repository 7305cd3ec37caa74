using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Interop.Generator.Yaml;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// The independent oracle: the system's own C headers, compiled by gcc. For every constant, flag
    /// value, struct (size and field offsets), errno value and message, and syscall number in
    /// syscalls.yaml, a generated C program prints what the headers say; the test compares that with
    /// the generated C# in Interop.Runtime (read by reflection) and, where the table gives a value
    /// per architecture, with the table's entry for this machine's architecture.
    /// </summary>
    /// <remarks>
    /// Every check is derived from the table, so an item is checked the day it is added. An item the
    /// headers do not declare (a misspelt or missing <c>c:</c> name) is a failure naming the item, never
    /// a silent pass: each item is printed from its own line of C, so gcc's error lines say which
    /// items failed, and the rest of the group is compiled again without them.
    /// </remarks>
    public sealed class COracleTests
    {
        private const string Gcc = "/usr/bin/gcc";

        /// <summary>
        /// The headers every name is looked up in first: the table's own <c>headers:</c> (what the header check and a C
        /// program using the table include), after the two this program needs itself (printf, strerror). Read from the
        /// table, so a header added for a new item (linux/filter.h for struct sock_fprog) is added in one place.
        /// </summary>
        private static string[] TableHeaders(YamlMapping table)
        {
            var headers = Assert.IsType<YamlSequence>(Table.Value(table, "headers")).Items.Cast<YamlScalar>().Select(h => h.Value).ToList();
            Assert.NotEmpty(headers);
            return ["stdio.h", "string.h", .. headers.Where(h => h is not ("stdio.h" or "string.h"))];
        }

        /// <summary>
        /// The kernel's UAPI headers, for names only they declare. They cannot share a program with
        /// some glibc headers (linux/mount.h redefines what sys/mount.h declares, linux/if.h what
        /// net/if.h does), so an item missing from the first set is tried again here on its own.
        /// </summary>
        private static readonly string[] s_kernelHeaders =
        [
            "stddef.h", "stdio.h", "string.h",
            "linux/capability.h", "linux/close_range.h", "linux/fcntl.h", "linux/fs.h", "linux/if.h", "linux/mount.h", "linux/nsfs.h",
            "linux/pidfd.h", "linux/prctl.h", "linux/sched.h", "linux/seccomp.h", "linux/securebits.h", "linux/signalfd.h", "linux/stat.h",
            "linux/wait.h", "asm/unistd.h",
        ];

        private static readonly Regex s_gccError = new(@"^(?<file>[^:\n]+):(?<line>\d+):\d+: (?:fatal )?error: (?<message>.*)$", RegexOptions.Multiline);

        [SkippableFact]
        public void EveryTableItemMatchesTheSystemHeaders()
        {
            Requirements.Program(Gcc);
            // The key of this machine's architecture in the table's per-architecture maps.
            string? arch = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x86_64",
                Architecture.Arm64 => "aarch64",
                _ => null,
            };
            Skip.If(arch is null, $"syscalls.yaml has no values for {RuntimeInformation.ProcessArchitecture}");

            YamlMapping table = Table.Read(Repo.Path("syscalls.yaml"));
            var generated = new GeneratedCode(typeof(global::Interop.Linux.Native).Assembly, table);
            List<Probe> probes = Probes(table, arch!, generated).ToList();
            string[] headers = TableHeaders(table);
            Assert.NotEmpty(probes);

            string work = Directory.CreateTempSubdirectory("interop-c-oracle-").FullName;
            var problems = new ConcurrentBag<string>();
            var printed = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            try
            {
                Parallel.ForEach(probes.GroupBy(p => p.Group), group =>
                {
                    CResult result = CProgram.Evaluate(Path.Combine(work, group.Key), headers, group.ToList());
                    foreach (KeyValuePair<string, string> value in result.Values)
                    {
                        printed[value.Key] = value.Value;
                    }

                    foreach (string problem in result.Problems)
                    {
                        problems.Add(problem);
                    }
                });
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }

            foreach (Probe probe in probes.Where(p => printed.ContainsKey(p.Key)))
            {
                foreach (Expected expected in probe.Expected)
                {
                    if (Mismatch(printed[probe.Key], expected) is string mismatch)
                    {
                        problems.Add($"{probe.Item}: {mismatch}");
                    }
                }
            }

            Assert.True(problems.IsEmpty,
                $"{problems.Count} of {probes.Count} checks against the C headers failed:\n" + string.Join("\n", problems.OrderBy(p => p, StringComparer.Ordinal)));
        }

        /// <summary>What to print from C for every item of the table, and what each printed value must equal.</summary>
        private static IEnumerable<Probe> Probes(YamlMapping table, string arch, GeneratedCode generated)
        {
            foreach (YamlMapping item in Table.Items(table, "constants"))
            {
                string name = Table.Text(item, "name")!;
                if (!Table.TryValueFor(item, "value", arch, out string? value, out bool perArch))
                {
                    continue; // Declared for other architectures only.
                }

                string c = Table.Text(item, "c") ?? name;
                Expected ours = generated.Constant(name);
                var expected = new List<Expected> { ours };
                if (perArch)
                {
                    expected.Add(Expected.FromTable($"the table's {arch} value", value, Table.Text(item, "type")));
                }

                yield return new Probe("constants", $"constant {name} (C {c})", $"constant {name}", c, ours is TextExpected, expected);
            }

            foreach (YamlMapping set in Table.Items(table, "flags"))
            {
                string setName = Table.Text(set, "name")!;
                foreach (YamlMapping item in Table.Items(set, "values"))
                {
                    string name = Table.Text(item, "name")!;
                    if (!Table.TryValueFor(item, "value", arch, out string? value, out bool perArch))
                    {
                        continue;
                    }

                    string c = Table.Text(item, "c") ?? name;
                    var expected = new List<Expected> { generated.FlagValue(setName, name) };
                    if (perArch)
                    {
                        expected.Add(Expected.FromTable($"the table's {arch} value", value, Table.Text(set, "type")));
                    }

                    yield return new Probe("flags", $"flag {setName}.{name} (C {c})", $"flag {setName}.{name}", c, false, expected);
                }
            }

            foreach (YamlMapping item in Table.Items(table, "structs"))
            {
                string name = Table.Text(item, "name")!;
                string c = Table.Text(item, "c") ?? name;
                var size = new List<Expected> { generated.StructLayoutSize(name), generated.ManagedSize(name), generated.SizeInBytes(name) };
                if (Table.TryValueFor(item, "size", arch, out string? tableSize, out bool sizePerArch) && sizePerArch)
                {
                    size.Add(Expected.FromTable($"the table's {arch} size", tableSize, null));
                }

                yield return new Probe("structs", $"struct {name} (C {c})", $"sizeof {name}", $"sizeof({c})", false, size);
                foreach (YamlMapping field in Table.Items(item, "fields"))
                {
                    string fieldName = Table.Text(field, "name")!;
                    string cField = Table.Text(field, "c") ?? fieldName;
                    var offset = new List<Expected> { generated.FieldOffset(name, fieldName) };
                    if (Table.TryValueFor(field, "offset", arch, out string? tableOffset, out bool offsetPerArch) && offsetPerArch)
                    {
                        offset.Add(Expected.FromTable($"the table's {arch} offset", tableOffset, null));
                    }

                    yield return new Probe("structs", $"field {name}.{fieldName} (C offsetof({c}, {cField}))", $"offsetof {name}.{fieldName}",
                        $"offsetof({c}, {cField})", false, offset);
                }
            }

            foreach (YamlMapping item in Table.Items(table, "errno"))
            {
                string name = Table.Text(item, "name")!;
                if (!Table.TryValueFor(item, "value", arch, out string? value, out bool perArch))
                {
                    continue;
                }

                string c = Table.Text(item, "c") ?? name;
                var expected = new List<Expected> { generated.Errno(name) };
                if (perArch)
                {
                    expected.Add(Expected.FromTable($"the table's {arch} value", value, "int"));
                }

                yield return new Probe("errno", $"errno {name} (C {c})", $"errno {name}", c, false, expected);
                yield return new Probe("errno", $"errno {name} message (C strerror({c}))", $"strerror {name}", $"strerror({c})", true,
                    [generated.ErrnoMessage(name)]);
            }

            // Syscalls bound by number: the table's number for this architecture, and the SYS_name constant
            // generated from it, must be the number <sys/syscall.h> gives.
            foreach (YamlMapping item in Table.Items(table, "syscalls"))
            {
                string name = Table.Text(item, "name")!;
                string c = "SYS_" + name;
                if (!Table.TryValueFor(item, "numbers", arch, out string? number, out _))
                {
                    continue;
                }

                yield return new Probe("syscalls", $"syscall {name} (C {c})", $"syscall {name}", c, false,
                    [Expected.FromTable($"the table's {arch} number", number, "int"), generated.Constant(c)]);
            }
        }

        private static string? Mismatch(string printed, Expected expected) => expected switch
        {
            MissingExpected missing => $"{missing.Source} is missing ({missing.Why}); C says {printed}",
            TextExpected text => text.Text == printed ? null : $"C says \"{printed}\", {text.Source} is \"{text.Text}\"",
            IntegerExpected integer => long.TryParse(printed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long c)
                ? integer.Matches(c) ? null : $"C says {c} (0x{c:x}), {integer.Source} is {integer.Describe()}"
                : $"C printed '{printed}', not an integer",
            _ => throw new InvalidOperationException(expected.GetType().Name),
        };

        /// <summary>One value to print from C (under <see cref="Key"/>) and what it must equal.</summary>
        private sealed record Probe(string Group, string Item, string Key, string CExpression, bool IsText, IReadOnlyList<Expected> Expected);

        /// <summary>A value the C program's output is compared with, and where it came from.</summary>
        private abstract record Expected(string Source)
        {
            public static Expected FromValue(string source, object? value)
            {
                if (value is Enum e)
                {
                    value = Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture);
                }

                return value switch
                {
                    string s => new TextExpected(source, s),
                    sbyte v => new IntegerExpected(source, unchecked((ulong)v), 8),
                    byte v => new IntegerExpected(source, v, 8),
                    short v => new IntegerExpected(source, unchecked((ulong)v), 16),
                    ushort v => new IntegerExpected(source, v, 16),
                    char v => new IntegerExpected(source, v, 16),
                    int v => new IntegerExpected(source, unchecked((ulong)v), 32),
                    uint v => new IntegerExpected(source, v, 32),
                    long v => new IntegerExpected(source, unchecked((ulong)v), 64),
                    ulong v => new IntegerExpected(source, v, 64),
                    nint v => new IntegerExpected(source, unchecked((ulong)(long)v), IntPtr.Size * 8),
                    nuint v => new IntegerExpected(source, v, IntPtr.Size * 8),
                    null => new MissingExpected(source, "null"),
                    _ => new MissingExpected(source, $"a {value.GetType().Name}, which this test cannot compare"),
                };
            }

            /// <summary>A literal from the table, as wide as its declared C# type (64 bits when it has none).</summary>
            public static Expected FromTable(string source, string? literal, string? type)
            {
                int width = type switch
                {
                    "sbyte" or "byte" => 8,
                    "short" or "ushort" => 16,
                    "int" or "uint" => 32,
                    _ => 64,
                };
                return Table.TryParseInteger(literal, out long value)
                    ? new IntegerExpected(source, unchecked((ulong)value), width)
                    : new MissingExpected(source, $"'{literal}' is not an integer literal");
            }
        }

        /// <summary>An integer of <see cref="Width"/> bits; C's value matches when its low bits are equal and it fits in that width.</summary>
        private sealed record IntegerExpected(string Source, ulong Bits, int Width) : Expected(Source)
        {
            public bool Matches(long c)
            {
                ulong bits = unchecked((ulong)c);
                ulong mask = Width == 64 ? ulong.MaxValue : (1UL << Width) - 1;
                ulong low = bits & mask;
                int unused = 64 - Width;
                bool fits = low == bits || unchecked((ulong)((long)(low << unused) >> unused)) == bits;
                return fits && low == (Bits & mask);
            }

            public string Describe() => $"{Bits & (Width == 64 ? ulong.MaxValue : (1UL << Width) - 1)} (0x{Bits:x}, {Width}-bit)";
        }

        private sealed record TextExpected(string Source, string Text) : Expected(Source);

        /// <summary>The generated code or the table lacks the value: always a mismatch.</summary>
        private sealed record MissingExpected(string Source, string Why) : Expected(Source);

        /// <summary>The C side's result: every printed value by key, and every item gcc could not compile.</summary>
        private sealed record CResult(IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Problems);

        /// <summary>Writes, compiles and runs the C programs of one group of probes.</summary>
        private static class CProgram
        {
            public static CResult Evaluate(string directory, string[] headers, IReadOnlyList<Probe> probes)
            {
                Directory.CreateDirectory(directory);
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                var problems = new List<string>();

                // First every item against glibc's headers; items gcc rejects are set aside and the
                // rest compiled again. A failure that names no item (a broken header) fails them all.
                var remaining = probes.ToList();
                var rejected = new Dictionary<Probe, string>();
                for (int attempt = 0; remaining.Count > 0; attempt++)
                {
                    Compiled compiled = Compile(directory, "glibc" + attempt, headers, remaining);
                    if (compiled.Binary is string binary)
                    {
                        Execute(binary, values, problems);
                        break;
                    }

                    if (compiled.Rejected.Count == 0 || attempt == 3)
                    {
                        problems.Add($"the C program for {remaining.Count} {remaining[0].Group} items did not compile:\n{compiled.Errors}");
                        remaining.Clear();
                        break;
                    }

                    foreach (KeyValuePair<Probe, string> r in compiled.Rejected)
                    {
                        rejected[r.Key] = r.Value;
                    }

                    remaining = remaining.Where(p => !compiled.Rejected.ContainsKey(p)).ToList();
                }

                // Then each rejected item on its own against the kernel's headers.
                foreach (var (r, index) in rejected.Select((r, index) => (r, index)))
                {
                    Compiled compiled = Compile(directory, "kernel" + index, s_kernelHeaders, [r.Key]);
                    if (compiled.Binary is string binary)
                    {
                        Execute(binary, values, problems);
                    }
                    else
                    {
                        problems.Add($"{r.Key.Item}: not declared by the system headers (gcc: {r.Value}); check its name or 'c:' key in syscalls.yaml");
                    }
                }

                return new CResult(values, problems);
            }

            private sealed record Compiled(string? Binary, IReadOnlyDictionary<Probe, string> Rejected, string Errors);

            private static Compiled Compile(string directory, string name, IEnumerable<string> headers, IReadOnlyList<Probe> probes)
            {
                string source = Path.Combine(directory, name + ".c");
                string binary = Path.Combine(directory, name);
                var lines = new List<string> { "#define _GNU_SOURCE" };
                lines.AddRange(headers.Select(h => $"#include <{h}>"));
                lines.Add("#define INTEGER(key, value) printf(\"%s\\t%lld\\n\", key, (long long)(value))");
                lines.Add("#define TEXT(key, value) printf(\"%s\\t%s\\n\", key, (value))");
                lines.Add("int main(void)");
                lines.Add("{");
                var probeAtLine = new Dictionary<int, Probe>();
                foreach (Probe probe in probes)
                {
                    lines.Add($"    {(probe.IsText ? "TEXT" : "INTEGER")}(\"{probe.Key}\", {probe.CExpression});");
                    probeAtLine[lines.Count] = probe;
                }

                lines.Add("    return 0;");
                lines.Add("}");
                File.WriteAllLines(source, lines);

                // LC_ALL=C: plain ASCII quotes in the messages the failure report repeats.
                var environment = new Dictionary<string, string> { ["LC_ALL"] = "C" };
                RunResult gcc = Run.Program(Gcc, ["-std=gnu11", "-w", "-o", binary, source], TimeSpan.FromMinutes(2), environment);
                if (gcc.ExitCode == 0)
                {
                    return new Compiled(binary, new Dictionary<Probe, string>(), "");
                }

                var rejected = new Dictionary<Probe, string>();
                foreach (Match error in s_gccError.Matches(gcc.Stderr))
                {
                    if (error.Groups["file"].Value == source
                        && probeAtLine.TryGetValue(int.Parse(error.Groups["line"].Value, CultureInfo.InvariantCulture), out Probe? probe))
                    {
                        rejected.TryAdd(probe, error.Groups["message"].Value);
                    }
                }

                return new Compiled(null, rejected, gcc.Stderr);
            }

            private static void Execute(string binary, Dictionary<string, string> values, List<string> problems)
            {
                RunResult run = Run.Program(binary, []);
                if (run.ExitCode != 0)
                {
                    problems.Add($"{binary} failed: {run}");
                    return;
                }

                foreach (string line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    string[] parts = line.Split('\t', 2);
                    values[parts[0]] = parts.Length > 1 ? parts[1] : "";
                }
            }
        }

        /// <summary>The values the generator emitted, read by reflection under the table's namespace and class names.</summary>
        private sealed class GeneratedCode(Assembly assembly, YamlMapping table)
        {
            private const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
            private readonly string _namespace = Table.Text(table, "namespace") ?? "Interop.Linux";
            private readonly string _nativeClass = Table.Text(table, "native_class") ?? "Native";

            public Expected Constant(string name)
            {
                string source = $"generated {_nativeClass}.{name}";
                return Type(_nativeClass) is not Type native ? new MissingExpected(source, $"no type {_namespace}.{_nativeClass}")
                    : native.GetField(name, Static) is FieldInfo field ? Expected.FromValue(source, field.GetValue(null))
                    : native.GetProperty(name, Static) is PropertyInfo property ? Expected.FromValue(source, property.GetValue(null))
                    : new MissingExpected(source, "no such field or property");
            }

            public Expected FlagValue(string set, string name) => EnumMember(set, name);

            public Expected Errno(string name) => EnumMember("Errno", name);

            public Expected ErrnoMessage(string name)
            {
                string source = $"generated Errno.{name}.Message()";
                Type? errno = Type("Errno");
                MethodInfo? message = assembly.GetTypes()
                    .Where(t => t.Namespace == _namespace)
                    .SelectMany(t => t.GetMethods(Static))
                    .FirstOrDefault(m => m.Name == "Message" && m.GetParameters() is [var p] && p.ParameterType == errno);
                return errno?.GetField(name, Static) is not FieldInfo member ? new MissingExpected(source, "no such Errno member")
                    : message is null ? new MissingExpected(source, "no Message(Errno) method")
                    : Expected.FromValue(source, message.Invoke(null, [member.GetValue(null)]));
            }

            public Expected StructLayoutSize(string name)
            {
                string source = $"generated [StructLayout(Size)] of {LayoutName(name)}";
                return Layout(name) is not Type type ? new MissingExpected(source, "no such struct")
                    : type.StructLayoutAttribute is { Size: > 0 } layout ? Expected.FromValue(source, layout.Size)
                    : new MissingExpected(source, "no explicit Size");
            }

            /// <summary>The size the runtime gives the struct, which a field reaching past the declared Size would grow.</summary>
            public Expected ManagedSize(string name)
            {
                string source = $"Unsafe.SizeOf<{LayoutName(name)}>()";
                MethodInfo sizeOf = typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!;
                return Layout(name) is Type type
                    ? Expected.FromValue(source, sizeOf.MakeGenericMethod(type).Invoke(null, null))
                    : new MissingExpected(source, "no such struct");
            }

            /// <summary>The struct's SizeInBytes: a constant, or a property that answers for the running architecture.</summary>
            public Expected SizeInBytes(string name)
            {
                string source = $"generated {name}.SizeInBytes";
                return Type(name) is not Type type ? new MissingExpected(source, "no such struct")
                    : type.GetField("SizeInBytes", Static) is FieldInfo field ? Expected.FromValue(source, field.GetValue(null))
                    : type.GetProperty("SizeInBytes", Static) is PropertyInfo property ? Expected.FromValue(source, property.GetValue(null))
                    : new MissingExpected(source, "no SizeInBytes");
            }

            public Expected FieldOffset(string structName, string field)
            {
                string source = $"generated [FieldOffset] of {LayoutName(structName)}.{field}";
                return Layout(structName)?.GetField(field, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance) is not FieldInfo info
                    ? new MissingExpected(source, "no such field")
                    : info.GetCustomAttribute<FieldOffsetAttribute>() is FieldOffsetAttribute offset ? Expected.FromValue(source, offset.Value)
                    : new MissingExpected(source, "no [FieldOffset]");
            }

            /// <summary>
            /// The type that holds the struct's layout on this machine. A struct whose layout differs per
            /// architecture, generated without a RuntimeIdentifier, is a union of one nested struct per
            /// architecture (Stat.X64, Stat.Arm64); otherwise it is the struct itself.
            /// </summary>
            private Type? Layout(string name) =>
                Type(name) is Type type ? type.GetNestedType(RuntimeInformation.ProcessArchitecture.ToString()) ?? type : null;

            private string LayoutName(string name) =>
                Layout(name) is Type type && type.DeclaringType is not null ? $"{name}.{type.Name}" : name;

            private Expected EnumMember(string enumName, string member)
            {
                string source = $"generated {enumName}.{member}";
                return Type(enumName) is not Type type ? new MissingExpected(source, $"no type {_namespace}.{enumName}")
                    : type.GetField(member, Static) is FieldInfo field ? Expected.FromValue(source, field.GetValue(null))
                    : new MissingExpected(source, "no such member");
            }

            private Type? Type(string name) => assembly.GetType($"{_namespace}.{name}");
        }

        /// <summary>Just enough of syscalls.yaml, read with the generator's own YAML reader but not its parser (which the test checks).</summary>
        private static class Table
        {
            public static YamlMapping Read(string path)
            {
                YamlDocument document = YamlReader.Read(File.ReadAllText(path));
                Assert.True(document.Errors.Count == 0, string.Join("\n", document.Errors.Select(e => $"{path}({e.Line},{e.Column}): {e.Message}")));
                return Assert.IsType<YamlMapping>(document.Root);
            }

            public static YamlNode? Value(YamlMapping map, string key) =>
                map.Entries.FirstOrDefault(e => e.Key.Value == key).Value;

            public static string? Text(YamlMapping map, string key) => (Value(map, key) as YamlScalar)?.Value;

            public static IEnumerable<YamlMapping> Items(YamlMapping map, string key) =>
                Value(map, key) is YamlSequence sequence ? sequence.Items.OfType<YamlMapping>() : [];

            /// <summary>
            /// The value of <paramref name="key"/> on <paramref name="arch"/>: a plain value, or the entry for
            /// the architecture of a map such as <c>{ x86_64: 56, aarch64: 220 }</c>. False when the key is
            /// missing or the map has no entry for the architecture.
            /// </summary>
            public static bool TryValueFor(YamlMapping item, string key, string arch, out string? value, out bool perArch)
            {
                YamlNode? node = Value(item, key);
                perArch = node is YamlMapping;
                value = node switch
                {
                    YamlScalar scalar => scalar.Value,
                    YamlMapping map => Text(map, arch),
                    _ => null,
                };
                return value is not null;
            }

            public static bool TryParseInteger(string? literal, out long value)
            {
                value = 0;
                if (literal is null)
                {
                    return false;
                }

                string text = literal.Trim().Replace("_", "", StringComparison.Ordinal);
                bool negative = text.StartsWith('-');
                text = negative ? text[1..] : text;
                bool parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    ? ulong.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong bits)
                    : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bits);
                value = negative ? -unchecked((long)bits) : unchecked((long)bits);
                return parsed;
            }
        }
    }
}
