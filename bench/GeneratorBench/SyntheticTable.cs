using System.Text;

namespace GeneratorBench
{
    /// <summary>
    /// A syscall table of 375 entries written as YAML, shaped like the project's own table but larger:
    /// 200 functions, 50 syscalls with per-architecture numbers, 100 constants, 3 flag sets of 10 values
    /// (a flag set is one entry, parsed with its values), 20 structs and 2 errno values. Parameter kinds, return types, errno conventions and per-architecture forms
    /// rotate so every emitter path does work. Deterministic: the same text on every run.
    /// </summary>
    public static class SyntheticTable
    {
        public const int Functions = 200;
        public const int Syscalls = 50;
        public const int Constants = 100;
        public const int FlagSets = 3;
        public const int ValuesPerFlagSet = 10;
        public const int Structs = 20;
        public const int ErrnoValues = 2;

        /// <summary>What the generator parses one by one: a flag set with its values is one entry.</summary>
        public const int Entries = Functions + Syscalls + Constants + FlagSets + Structs + ErrnoValues;

        /// <summary>The doc of one function; <see cref="EditedFunctionDoc"/> replaces it for the "one entry edited" run.</summary>
        public static string FunctionDoc(int i) => $"Synthetic function number {i}, documented like a man page summary line.";

        public static string EditedFunctionDoc(int i) => $"Synthetic function number {i}, with an edited summary line.";

        /// <summary>One flag value's line, and the same line with another value, for the "one flag edited" run.</summary>
        public static string FlagValue(int set, int value) => $"value: 0x{1L << value:X}, since: \"2.6\", doc: \"Flag {value} of set {set}.\"";

        public static string EditedFlagValue(int set, int value) => $"value: 0x{1L << (value + 20):X}, since: \"2.6\", doc: \"Flag {value} of set {set}.\"";

        // Each shape: return type, errno convention, parameter list (flow mappings, as the real table writes them).
        // Every shape is valid for a syscall too: at most six integer or pointer parameters in the raw layer.
        private static readonly (string Returns, string Errno, string[] Params)[] s_shapes =
        [
            ("int", "minus-one", ["{ name: fd, type: int }", "{ name: flags, type: uint }"]),
            ("int", "minus-one", ["{ name: path, type: string, doc: \"the path, UTF-8\" }", "{ name: mode, type: mode_t }"]),
            ("ssize_t", "minus-one", ["{ name: fd, type: fd }", "{ name: buf, type: out-buffer, length: count }", "{ name: count, type: size_t }"]),
            ("ssize_t", "minus-one", ["{ name: fd, type: fd }", "{ name: buf, type: in-buffer, length: count }", "{ name: count, type: size_t }"]),
            ("fd", "minus-one", ["{ name: dirfd, type: fd }", "{ name: path, type: string }", "{ name: flags, type: int }", "{ name: mode, type: mode_t }"]),
            ("int", "none", []),
            ("void", "none", ["{ name: status, type: int }"]),
            ("int", "returned", ["{ name: handle, type: pointer }", "{ name: attr, type: \"S03*\" }"]),
            ("int", "minus-one", ["{ name: path, type: string }", "{ name: argv, type: string-array }", "{ name: envp, type: string-array }"]),
            ("int", "minus-one", ["{ name: source, type: \"string?\" }", "{ name: target, type: string }", "{ name: flags, type: ulong }", "{ name: data, type: pointer }"]),
            ("int", "minus-one", ["{ name: fd, type: fd }", "{ name: stat, type: out S00 }"]),
            ("pointer", "minus-one", ["{ name: addr, type: pointer }", "{ name: length, type: size_t }", "{ name: prot, type: int }", "{ name: flags, type: int }", "{ name: fd, type: int }", "{ name: offset, type: off_t }"]),
            ("int", "minus-one", ["{ name: which, type: int }", "{ name: value, type: out int }"]),
            ("long", "none", ["{ name: a, type: long }", "{ name: b, type: \"long*\" }", "{ name: c, type: \"S01*\" }"]),
        ];

        public static string Yaml()
        {
            var y = new StringBuilder();
            y.AppendLine("# A synthetic table for bench/GeneratorBench; not bound by anything.");
            y.AppendLine("namespace: Bench.Synthetic");
            y.AppendLine("native_class: Native");
            y.AppendLine("friendly_class: Sys");
            y.AppendLine("library: libc");
            y.AppendLine();

            y.AppendLine("functions:");
            for (int i = 0; i < Functions; i++)
            {
                Callable(y, $"f_{i:D3}", FunctionDoc(i), s_shapes[i % s_shapes.Length], child: i % 5 == 0, numbers: null);
            }

            y.AppendLine("syscalls:");
            for (int i = 0; i < Syscalls; i++)
            {
                // Half the numbers differ per architecture (the pre-5.1 syscalls), half are the same (newer ones).
                string numbers = i % 2 == 0 ? $"{{ x86_64: {100 + i}, aarch64: {200 + i} }}" : $"{{ x86_64: {500 + i}, aarch64: {500 + i} }}";
                Callable(y, $"sys_{i:D2}", $"Synthetic syscall number {i}, bound through syscall(2).", s_shapes[(i + 3) % s_shapes.Length], child: i % 3 == 0, numbers);
            }

            y.AppendLine("structs:");
            for (int i = 0; i < Structs; i++)
            {
                Struct(y, i);
            }

            y.AppendLine("constants:");
            string[] types = ["int", "uint", "long", "ulong", "short"];
            for (int i = 0; i < Constants; i++)
            {
                string value = i % 4 == 0 ? $"{{ x86_64: {i * 3}, aarch64: {i * 5} }}" : $"0x{i * 16:X}";
                y.AppendLine($"  - {{ name: C_{i:D3}, type: {types[i % types.Length]}, value: {value}, since: \"2.6\", doc: \"Synthetic constant {i}.\" }}");
            }

            y.AppendLine("flags:");
            string[] flagTypes = ["int", "uint", "ulong"];
            for (int s = 0; s < FlagSets; s++)
            {
                y.AppendLine($"  - name: Flags{s}");
                y.AppendLine($"    type: {flagTypes[s]}");
                y.AppendLine("    since: \"2.6\"");
                y.AppendLine($"    doc: Synthetic flag set {s}.");
                y.AppendLine("    values:");
                for (int v = 0; v < ValuesPerFlagSet; v++)
                {
                    y.AppendLine($"      - {{ name: Value{v}, c: FLAG{s}_{v}, {FlagValue(s, v)} }}");
                }
            }

            y.AppendLine("errno:");
            y.AppendLine("  - { name: EPERM, value: 1, doc: \"Operation not permitted\" }");
            y.AppendLine("  - { name: ENOENT, value: 2, doc: \"No such file or directory\" }");
            return y.ToString();
        }

        private static void Callable(StringBuilder y, string name, string doc, (string Returns, string Errno, string[] Params) shape, bool child, string? numbers)
        {
            y.AppendLine($"  - name: {name}");
            if (child)
            {
                y.AppendLine("    child: true");
            }

            y.AppendLine("    since: \"2.6\"");
            y.AppendLine($"    doc: {doc}");
            y.AppendLine($"    returns: {shape.Returns}");
            y.AppendLine($"    errno: {shape.Errno}");
            if (numbers is not null)
            {
                y.AppendLine($"    numbers: {numbers}");
            }

            if (shape.Params.Length == 0)
            {
                y.AppendLine("    params: []");
                return;
            }

            y.AppendLine("    params:");
            foreach (string p in shape.Params)
            {
                y.AppendLine($"      - {p}");
            }
        }

        // S00 is a small plain struct that others embed; every fourth struct has a per-architecture size
        // and field offset (like struct stat); the rest are plain explicit layouts with a fixed buffer.
        private static void Struct(StringBuilder y, int i)
        {
            y.AppendLine($"  - name: S{i:D2}");
            y.AppendLine("    since: \"2.6\"");
            y.AppendLine($"    doc: Synthetic struct {i}.");
            y.AppendLine($"    c: struct synthetic_{i}");
            if (i == 0)
            {
                y.AppendLine("    size: 16");
                y.AppendLine("    fields:");
                y.AppendLine("      - { name: lo, type: long, offset: 0 }");
                y.AppendLine("      - { name: hi, type: long, offset: 8 }");
                return;
            }

            bool perArchitecture = i % 4 == 0;
            bool embeds = !perArchitecture && i % 3 == 1;
            y.AppendLine(perArchitecture ? "    size: { x86_64: 56, aarch64: 48 }" : embeds ? "    size: 56" : "    size: 40");
            y.AppendLine("    fields:");
            y.AppendLine("      - { name: a, type: int, offset: 0, doc: \"the first field\" }");
            y.AppendLine("      - { name: b, type: uint, offset: 4 }");
            y.AppendLine("      - { name: c, type: long, offset: 8 }");
            y.AppendLine("      - { name: d, type: pointer, offset: 16 }");
            y.AppendLine("      - { name: e, type: \"byte[16]\", offset: 24 }");
            if (perArchitecture)
            {
                y.AppendLine("      - { name: f, type: { x86_64: ulong, aarch64: uint }, offset: { x86_64: 48, aarch64: 40 } }");
            }
            else if (embeds)
            {
                y.AppendLine("      - { name: inner, type: S00, offset: 40 }");
            }
        }
    }
}
