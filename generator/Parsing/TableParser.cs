using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Interop.Generator.Diagnostics;
using Interop.Generator.Model;
using Interop.Generator.Yaml;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Interop.Generator.Parsing
{
    /// <summary>The parser's result: a model of everything in the table that is right, and every problem found.</summary>
    public sealed record ParseResult(TableModel? Table, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>
    /// Turns a syscall table into the equatable model, checking every key, type, name and value. It never
    /// throws: each problem becomes a diagnostic that points at the offending node and says what to write
    /// instead, and the entry it is in is left out while the rest of the table is generated. The generator runs
    /// it in three steps (<see cref="Outline"/>, <see cref="ParseEntry"/> per entry, <see cref="TableChecker"/>);
    /// <see cref="Parse"/> runs them in a row.
    /// </summary>
    public sealed partial class TableParser
    {
        private static readonly string[] s_topKeys = { "namespace", "native_class", "friendly_class", "library", "visibility", "headers", "functions", "syscalls", "constants", "flags", "structs", "errno" };

        /// <summary>The top-level keys that hold lists of entries, and the kind of entry each holds.</summary>
        public static readonly IReadOnlyDictionary<string, EntryKind> Sections = new Dictionary<string, EntryKind>
        {
            ["functions"] = EntryKind.Function,
            ["syscalls"] = EntryKind.Syscall,
            ["constants"] = EntryKind.Constant,
            ["flags"] = EntryKind.FlagSet,
            ["structs"] = EntryKind.Struct,
            ["errno"] = EntryKind.Errno,
        };

        private readonly string _path;
        private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
        private readonly HashSet<string> _structNames = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Structs whose layout is written per architecture: they may not be fields of other structs.</summary>
        private readonly HashSet<string> _perArchitectureStructs = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Flag sets by name, with their underlying type: usable as parameter and return types.</summary>
        private readonly Dictionary<string, string> _flagTypes = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The table's namespace: struct types are written fully qualified, so a friendly method named like a struct (Stat) cannot hide it.</summary>
        private string _namespace = "Interop.Linux";

        private TableParser(string path) => _path = path;

        private TableParser(string path, TableVocabulary vocabulary)
        {
            _path = path;
            _namespace = vocabulary.Namespace;
            _structNames.UnionWith(vocabulary.Structs);
            _perArchitectureStructs.UnionWith(vocabulary.PerArchitectureStructs);
            foreach (string f in vocabulary.FlagSets)
            {
                int colon = f.IndexOf(':');
                _flagTypes[f.Substring(0, colon)] = f.Substring(colon + 1);
            }
        }

        /// <summary>The whole table at once: what the generator does in its incremental steps, for tools and tests.</summary>
        public static ParseResult Parse(string path, string text, string? visibilityOverride = null)
        {
            TableOutline outline = Outline(path, text, visibilityOverride);
            var results = outline.Entries.Select(ParseEntry).ToList();
            TableAssembly assembly = TableChecker.Check(outline, results);
            TableModel? table = assembly.Generates
                ? new TableModel(
                    assembly.Settings,
                    assembly.Units.Where(u => u.Function is not null).Select(u => u.Function!).ToEquatableArray(),
                    assembly.Syscalls,
                    assembly.Constants,
                    assembly.Units.Where(u => u.Flags is not null).Select(u => u.Flags!).ToEquatableArray(),
                    assembly.Units.Where(u => u.Struct is not null).Select(u => u.Struct!).ToEquatableArray(),
                    assembly.Errno)
                : null;
            return new ParseResult(table, assembly.Diagnostics);
        }

        /// <summary>
        /// The top-level keys (namespace, classes, library, visibility) and the entries, split by lines and not yet
        /// parsed, with the names every entry may use as types.
        /// </summary>
        public static TableOutline Outline(string path, string text, string? visibilityOverride = null)
        {
            var parser = new TableParser(path);
            (string topLevel, List<TableChunk> chunks) = TableSplitter.Split(text ?? "", Sections.Keys.ToList());
            TableSettings settings = new TableSettings("Interop.Linux", "Native", "Sys", "libc");
            bool generates = false;
            try
            {
                (settings, generates) = parser.ParseTopLevel(topLevel, visibilityOverride);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                parser.ReportBug(e);
            }

            var structs = new List<string>();
            var perArchitecture = new List<string>();
            var flags = new List<string>();
            foreach (TableChunk chunk in chunks)
            {
                if (chunk.Section != "structs" && chunk.Section != "flags")
                {
                    continue;
                }

                // Only names (and a flag set's type) are read here; the entry's own parse reports its problems.
                if (YamlReader.Read(chunk.Text).Root is YamlSequence { Items.Count: 1 } list && list.Items[0] is YamlMapping item
                    && NodeOf(item, "name") is YamlScalar { Value: var name } && SyntaxFacts.IsValidIdentifier(name))
                {
                    if (chunk.Section == "structs")
                    {
                        structs.Add(name);
                        if (HasPerArchitectureLayout(item))
                        {
                            perArchitecture.Add(name);
                        }
                    }
                    else
                    {
                        // A flag set whose type is wrong is still a known name (its own entry reports the type): with a
                        // stand-in type, the entries that use it are left out quietly instead of reporting an unknown type.
                        string underlying = NodeOf(item, "type") is YamlScalar { Value: var type } && TypeNames.Integer(type) is string t ? t : "long";
                        flags.Add(name + ":" + underlying);
                    }
                }
            }

            var vocabulary = new TableVocabulary(settings.Namespace, structs.ToEquatableArray(), perArchitecture.ToEquatableArray(), flags.ToEquatableArray());
            return new TableOutline(
                path,
                settings,
                generates,
                chunks.Select(c => new EntryInput(path, settings, vocabulary, c.Section, c.Text)).ToEquatableArray(),
                chunks.Select(c => c.FirstLine).ToEquatableArray(),
                parser._diagnostics.ToEquatableArray());
        }

        private (TableSettings Settings, bool Generates) ParseTopLevel(string text, string? visibilityOverride)
        {
            var fallback = new TableSettings("Interop.Linux", "Native", "Sys", "libc");
            YamlDocument document = YamlReader.Read(text);
            foreach (YamlError error in document.Errors)
            {
                Report(DiagnosticDescriptors.MalformedYaml, error.Line, error.Column, 1, error.Message);
            }

            if (document.Errors.Count > 0)
            {
                return (fallback, false);
            }

            if (document.Root is not YamlMapping root)
            {
                Report(DiagnosticDescriptors.WrongNodeKind, document.Root?.Line ?? 1, document.Root?.Column ?? 1, 1,
                    "The syscall table must be a mapping with the keys 'namespace', 'functions', 'constants', 'flags', 'structs' and 'errno'.");
                return (fallback, false);
            }

            Dictionary<string, YamlNode> keys = Keys(root, s_topKeys, new[] { "namespace" }, "the table");
            foreach (string section in Sections.Keys)
            {
                // Items on the key's own line, or a key not at column 0, were not split into entries.
                if (keys.TryGetValue(section, out YamlNode? node) && !(node is YamlScalar { Value.Length: 0, IsQuoted: false }) && !(node is YamlSequence { Items.Count: 0 }))
                {
                    Report(DiagnosticDescriptors.WrongNodeKind, node, $"'{section}' must be written at the start of a line with its items below it, one '- name: ...' per item.");
                }
            }

            // Without a usable namespace and class names nothing can be generated; any other top-level mistake
            // (an unknown key, a bad visibility) is reported and the table still generates.
            string? givenNamespace = QualifiedName(keys, "namespace");
            string? givenNative = IdentifierValue(keys, "native_class");
            string? givenFriendly = IdentifierValue(keys, "friendly_class");
            bool namesOk = givenNamespace is not null
                && (givenNative is not null || !keys.ContainsKey("native_class"))
                && (givenFriendly is not null || !keys.ContainsKey("friendly_class"));
            string ns = givenNamespace ?? "Interop.Linux";
            string nativeClass = givenNative ?? "Native";
            string friendlyClass = givenFriendly ?? "Sys";
            string library = StringValue(keys, "library") ?? "libc";
            if (library.Length == 0 || library.Any(c => c == '"' || c == '\\' || char.IsControl(c)))
            {
                library = "libc";
                Report(DiagnosticDescriptors.InvalidValue, keys["library"], $"'{library}' is not a library name: write the name the loader finds, e.g. 'libc' or 'libc.so.6'.");
            }

            if (nativeClass == friendlyClass && keys.ContainsKey("friendly_class"))
            {
                namesOk = false;
                Report(DiagnosticDescriptors.DuplicateName, keys["friendly_class"], $"'friendly_class' and 'native_class' are both '{nativeClass}'; the raw and friendly layers need classes of their own.");
            }

            // Read by the header check only; here it must at least be a list of header names.
            if (keys.TryGetValue("headers", out YamlNode? headersNode) && (headersNode is not YamlSequence list || list.Items.Any(i => i is not YamlScalar)))
            {
                Report(DiagnosticDescriptors.WrongNodeKind, headersNode, "'headers' is a list of C headers: 'headers: [sys/mount.h, linux/sched.h]'.");
            }

            string? visibility = StringValue(keys, "visibility");
            if (visibility is not null && visibility != "public" && visibility != "internal")
            {
                visibility = null;
                Report(DiagnosticDescriptors.InvalidValue, keys["visibility"], $"'visibility' is 'public' or 'internal', not '{visibility}'.");
            }

            // The MSBuild property (InteropGeneratorVisibility) wins over the table: one table can serve a library and an app.
            string chosen = visibilityOverride is "public" or "internal" ? visibilityOverride : visibility == "public" ? "public" : "internal";
            _namespace = ns;
            return (new TableSettings(ns, nativeClass, friendlyClass, library) { Visibility = chosen }, namesOk);
        }

        /// <summary>Parses one entry on its own. Positions in the result are relative to the entry's first line.</summary>
        public static EntryResult ParseEntry(EntryInput input)
        {
            var parser = new TableParser(input.Path, input.Vocabulary);
            EntryKind kind = Sections[input.Section];
            try
            {
                return parser.ParseEntryText(input, kind);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                parser.ReportBug(e);
                return parser.Result(input, kind);
            }
        }

        private EntryResult ParseEntryText(EntryInput input, EntryKind kind)
        {
            YamlDocument document = YamlReader.Read(input.Text);
            foreach (YamlError error in document.Errors)
            {
                Report(DiagnosticDescriptors.MalformedYaml, error.Line, error.Column, 1, error.Message);
            }

            if (document.Errors.Count > 0 || document.Root is null)
            {
                return Result(input, kind);
            }

            if (document.Root is not YamlSequence sequence || sequence.Items.Count != 1 || sequence.Items[0] is not YamlMapping item)
            {
                YamlNode at = document.Root is YamlSequence { Items.Count: > 0 } s ? s.Items[0] : document.Root;
                Report(DiagnosticDescriptors.WrongNodeKind, at, $"Each item of '{input.Section}' must be a mapping ('- name: ...').");
                return Result(input, kind);
            }

            _entryNames.Clear();
            switch (kind)
            {
                case EntryKind.Function: _function = ParseFunction(item); break;
                case EntryKind.Syscall: _syscall = ParseSyscall(item); break;
                case EntryKind.Constant: _constant = ParseConstant(item); break;
                case EntryKind.FlagSet: _flags = ParseFlagSet(item); break;
                case EntryKind.Struct: _struct = ParseStruct(item); break;
                default: _errno = ParseErrno(item); break;
            }

            return Result(input, kind);
        }

        private FunctionModel? _function;
        private SyscallModel? _syscall;
        private ConstantModel? _constant;
        private FlagSetModel? _flags;
        private StructModel? _struct;
        private ErrnoValueModel? _errno;
        private StructFacts? _layout;
        private readonly List<NamedAt> _entryNames = new List<NamedAt>();
        private readonly HashSet<string> _references = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The entry's result. Any problem in an entry leaves its model out, so it is not generated.</summary>
        private EntryResult Result(EntryInput input, EntryKind kind)
        {
            bool ok = _diagnostics.Count == 0;
            return new EntryResult(
                input.Path,
                kind,
                ok ? _function : null,
                ok ? _syscall : null,
                ok ? _constant : null,
                ok ? _flags : null,
                ok ? _struct : null,
                ok ? _errno : null,
                ok ? _entryNames.ToEquatableArray() : EquatableArray<NamedAt>.Empty,
                _references.OrderBy(r => r, StringComparer.Ordinal).ToEquatableArray(),
                ok ? _layout : null,
                _diagnostics.ToEquatableArray());
        }

        /// <summary>Records a name this entry defines, for the table-wide duplicate and collision checks.</summary>
        private void Define(string scope, string name, YamlNode at) =>
            _entryNames.Add(new NamedAt(scope, name, PositionOf(at)));

        private static Position PositionOf(YamlNode node) => new Position(node.Line, node.Column, node is YamlScalar s ? Math.Max(1, s.Value.Length) : 1);

        private void ReportBug(Exception e) =>
            // A bug of ours must still not crash the compiler (CS8785): report it where it happened.
            Report(DiagnosticDescriptors.MalformedYaml, 1, 1, 1, $"The syscall table could not be read ({e.GetType().Name}: {e.Message}). Please report this as a generator bug.");

        // ---- Shared checks -------------------------------------------------------------------

        /// <summary>The entries of a mapping by key; reports unknown keys (with a suggestion) and missing required ones.</summary>
        private Dictionary<string, YamlNode> Keys(YamlMapping mapping, string[] allowed, string[] required, string what)
        {
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (KeyValuePair<YamlScalar, YamlNode> entry in mapping.Entries)
            {
                string key = entry.Key.Value;
                if (Array.IndexOf(allowed, key) < 0)
                {
                    Report(DiagnosticDescriptors.UnknownKey, entry.Key, $"Unknown key '{key}' in {what}.{Suggestions.Hint(key, allowed)}");
                    continue;
                }

                result[key] = entry.Value;
            }

            foreach (string key in required)
            {
                if (!result.ContainsKey(key))
                {
                    string name = mapping.Entries.FirstOrDefault(e => e.Key.Value == "name").Value is YamlScalar n ? $" '{n.Value}'" : "";
                    Report(DiagnosticDescriptors.MissingKey, mapping, $"{Capitalize(what)}{name} has no '{key}'; add '{key}: ...'.");
                }
            }

            return result;
        }

        /// <summary>The mappings listed under a key; an absent key is an empty list.</summary>
        private IReadOnlyList<YamlMapping> Items(Dictionary<string, YamlNode> keys, string key)
        {
            if (!keys.TryGetValue(key, out YamlNode? node) || node is YamlScalar { Value.Length: 0, IsQuoted: false })
            {
                return Array.Empty<YamlMapping>();
            }

            if (node is not YamlSequence sequence)
            {
                Report(DiagnosticDescriptors.WrongNodeKind, node, $"'{key}' must be a list ('- name: ...' items).");
                return Array.Empty<YamlMapping>();
            }

            var items = new List<YamlMapping>();
            foreach (YamlNode child in sequence.Items)
            {
                if (child is YamlMapping m)
                {
                    items.Add(m);
                }
                else
                {
                    Report(DiagnosticDescriptors.WrongNodeKind, child, $"Each item of '{key}' must be a mapping ('- name: ...').");
                }
            }

            return items;
        }

        private string? StringValue(Dictionary<string, YamlNode> keys, string key) =>
            keys.TryGetValue(key, out YamlNode? node) ? ScalarText(node, key) : null;

        /// <summary>The text of a scalar node; a list or mapping where one value belongs is reported.</summary>
        private string? ScalarText(YamlNode node, string key)
        {
            if (node is YamlScalar scalar)
            {
                return scalar.Value;
            }

            Report(DiagnosticDescriptors.WrongNodeKind, node, $"'{key}' must be a single value, not a list or mapping.");
            return null;
        }

        private bool BooleanValue(Dictionary<string, YamlNode> keys, string key)
        {
            string? value = StringValue(keys, key);
            switch (value)
            {
                case null: case "false": return false;
                case "true": return true;
                default:
                    Report(DiagnosticDescriptors.InvalidValue, keys[key], $"'{key}' is true or false, not '{value}'.");
                    return false;
            }
        }

        private string? IdentifierValue(Dictionary<string, YamlNode> keys, string key)
        {
            string? value = StringValue(keys, key);
            if (value is null)
            {
                return null;
            }

            if (!SyntaxFacts.IsValidIdentifier(value))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, keys[key], $"'{value}' is not a valid C# identifier: use letters, digits and '_', not starting with a digit.");
                return null;
            }

            return value;
        }

        private string? QualifiedName(Dictionary<string, YamlNode> keys, string key)
        {
            string? value = StringValue(keys, key);
            if (value is null)
            {
                return null;
            }

            if (value.Split('.').Any(part => !SyntaxFacts.IsValidIdentifier(part) || SyntaxFacts.GetKeywordKind(part) != SyntaxKind.None))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, keys[key], $"'{value}' is not a valid C# namespace: write identifiers separated by dots, e.g. 'MyApp.Native'.");
                return null;
            }

            return value;
        }

        private string? IntegerType(Dictionary<string, YamlNode> keys)
        {
            string? text = StringValue(keys, "type");
            if (text is null)
            {
                return null;
            }

            string? type = TypeNames.Integer(text);
            if (type is null)
            {
                Report(DiagnosticDescriptors.UnknownType, keys["type"], $"Unknown integer type '{text}'.{Suggestions.Hint(text, TypeNames.IntegerNames.ToList())}");
            }

            return type;
        }

        /// <summary>A decimal or 0x-hex integer checked against the range of <paramref name="type"/>; returned as C# literal text.</summary>
        private string? IntegerValue(Dictionary<string, YamlNode> keys, string key, string type) =>
            keys.TryGetValue(key, out YamlNode? node) ? IntegerScalar(node, key, type) : null;

        /// <summary>The node form of <see cref="IntegerValue"/>, for values inside per-architecture maps.</summary>
        private string? IntegerScalar(YamlNode node, string key, string type)
        {
            string? text = ScalarText(node, key);
            if (text is null)
            {
                return null;
            }

            if (!TryParseInteger(text, out decimal value))
            {
                Report(DiagnosticDescriptors.InvalidValue, node, $"'{text}' is not an integer as C reads it: write a decimal (17, -1), hexadecimal (0x20000) or octal (0755, digits 0-7 after a leading 0) number.");
                return null;
            }

            TypeNames.TryRange(type, out decimal min, out decimal max);
            if (value < min || value > max)
            {
                Report(DiagnosticDescriptors.ValueOutOfRange, node, $"{text} does not fit in {type} ({min}..{max}); use a wider type or fix the value.");
                return null;
            }

            return value.ToString(CultureInfo.InvariantCulture);
        }

        internal static bool TryParseInteger(string text, out decimal value)
        {
            value = 0;
            string t = text.Trim().Replace("_", "");
            bool negative = t.StartsWith("-");
            if (negative)
            {
                t = t.Substring(1);
            }

            if (t.StartsWith("0x") || t.StartsWith("0X"))
            {
                string hex = t.Substring(2);
                if (hex.Length == 0 || hex.Length > 16 || !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong h))
                {
                    return false;
                }

                value = h;
            }
            else if (t.Length > 1 && t[0] == '0')
            {
                // As C reads it: a leading 0 makes an octal number (mode 0755 is 493), digits 0-7 only.
                if (t.Length > 23 || !t.All(c => c >= '0' && c <= '7'))
                {
                    return false;
                }

                ulong o = 0;
                foreach (char c in t.Substring(1))
                {
                    if (o > ulong.MaxValue >> 3)
                    {
                        return false;
                    }

                    o = (o << 3) | (uint)(c - '0');
                }

                value = o;
            }
            else if (t.Length == 0 || t.Length > 20 || !t.All(c => c >= '0' && c <= '9') || !decimal.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value))
            {
                return false;
            }

            if (negative)
            {
                value = -value;
            }

            return true;
        }

        private ItemDocs Docs(Dictionary<string, YamlNode> keys) => new ItemDocs(StringValue(keys, "doc")?.Trim(), LineValue(keys, "since"));

        /// <summary>
        /// A value that is one line by meaning (a kernel version, a C name): a line break in it, which only an escape in a
        /// quoted value can write (<c>"5.\n8"</c>), is reported where the value is instead of being carried into a comment.
        /// </summary>
        private string? LineValue(Dictionary<string, YamlNode> keys, string key)
        {
            string? value = StringValue(keys, key);
            if (value is not null && value.Any(Emit.DocComments.IsLineBreak))
            {
                string what = key == "since" ? "a kernel version, e.g. '5.8'" : "a C name, e.g. 'struct stat' or 'O_CLOEXEC'";
                Report(DiagnosticDescriptors.InvalidValue, keys[key], $"'{key}' is one line ({what}); remove the line break (\\n, \\r, \\u2028 or \\u2029) from its value.");
                return null;
            }

            return value;
        }

        private string UnknownTypeMessage(string text, IReadOnlyCollection<string> extra)
        {
            var candidates = TypeNames.AllValueNames(_structNames).Concat(_flagTypes.Keys).Concat(extra).ToList();
            string? closest = Suggestions.Closest(text.TrimEnd('*', ' '), candidates);
            string hint = closest is not null
                ? $" Did you mean '{closest}'?"
                : $" Use an integer type ({string.Join(", ", TypeNames.IntegerNames)}), 'pointer', a struct of this table, any of those with '*', or {string.Join(", ", TypeNames.MarshalledKinds)}.";
            return $"Unknown type '{text}'.{hint}";
        }

        /// <summary>
        /// <see cref="TypeNames.Value"/> with struct names written as <c>global::Namespace.Name</c>: generated
        /// code then names the struct even where a member of the same name is in scope (Sys.Stat and the struct Stat).
        /// </summary>
        private string? ValueType(string text)
        {
            string core = text.Trim().TrimEnd('*', ' ');
            string stars = new string('*', text.Count(c => c == '*'));
            if (_flagTypes.ContainsKey(core) && text.Trim().Substring(core.Length).All(c => c == '*' || c == ' '))
            {
                _references.Add(core);
                return "global::" + _namespace + "." + core + stars;
            }

            string? raw = TypeNames.Value(text, _structNames, "global::" + _namespace + ".");
            if (raw is not null && _structNames.Contains(core))
            {
                _references.Add(core);
            }

            return raw;
        }

        /// <summary>The underlying integer type of a flag set named by a raw type ("global::Ns.MountFlags"), or null.</summary>
        private string? FlagUnderlyingType(string rawType)
        {
            string prefix = "global::" + _namespace + ".";
            return rawType.StartsWith(prefix, StringComparison.Ordinal) && _flagTypes.TryGetValue(rawType.Substring(prefix.Length), out string? t) ? t : null;
        }

        private static string PascalCase(string cName)
        {
            var parts = cName.Split(new[] { '_' }, StringSplitOptions.RemoveEmptyEntries);
            string result = string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
            return result.Length == 0 || !SyntaxFacts.IsValidIdentifier(result) ? "Call_" + cName : result;
        }

        private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);

        private void Report(DiagnosticDescriptor descriptor, YamlNode node, string message)
        {
            int length = node is YamlScalar s ? Math.Max(1, s.Value.Length) : 1;
            Report(descriptor, node.Line, node.Column, length, message);
        }

        private void Report(DiagnosticDescriptor descriptor, int line, int column, int length, string message) =>
            _diagnostics.Add(new DiagnosticInfo(descriptor.Id, _path, line, column, length, message));
    }
}
