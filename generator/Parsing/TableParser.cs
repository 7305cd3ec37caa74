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
    /// <summary>The parser's result: a model when the table is usable, and every problem found.</summary>
    public sealed record ParseResult(TableModel? Table, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>
    /// Turns the YAML tree of a syscall table into the equatable <see cref="TableModel"/>, checking
    /// every key, type, name and value. It never throws: each problem becomes a diagnostic that
    /// points at the offending node and says what to write instead.
    /// </summary>
    public sealed partial class TableParser
    {
        private static readonly string[] s_topKeys = { "namespace", "native_class", "friendly_class", "library", "functions", "syscalls", "constants", "flags", "structs", "errno" };

        private readonly string _path;
        private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
        private readonly HashSet<string> _structNames = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Structs whose layout is written per architecture: they may not be fields of other structs.</summary>
        private readonly HashSet<string> _perArchitectureStructs = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The table's namespace: struct types are written fully qualified, so a friendly method named like a struct (Stat) cannot hide it.</summary>
        private string _namespace = "Interop.Linux";

        private TableParser(string path) => _path = path;

        public static ParseResult Parse(string path, string text)
        {
            var parser = new TableParser(path);
            TableModel? table = null;
            try
            {
                table = parser.ParseText(text);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug of ours must still not crash the compiler (CS8785): report it where it happened.
                parser.Report(DiagnosticDescriptors.MalformedYaml, 1, 1, 1, $"The syscall table could not be read ({e.GetType().Name}: {e.Message}). Please report this as a generator bug.");
            }

            return new ParseResult(parser._diagnostics.Count == 0 ? table : null, parser._diagnostics.ToEquatableArray());
        }

        private TableModel? ParseText(string text)
        {
            YamlDocument document = YamlReader.Read(text);
            foreach (YamlError error in document.Errors)
            {
                Report(DiagnosticDescriptors.MalformedYaml, error.Line, error.Column, 1, error.Message);
            }

            if (document.Errors.Count > 0)
            {
                return null;
            }

            if (document.Root is not YamlMapping root)
            {
                Report(DiagnosticDescriptors.WrongNodeKind, document.Root?.Line ?? 1, document.Root?.Column ?? 1, 1,
                    "The syscall table must be a mapping with the keys 'namespace', 'functions', 'constants', 'flags', 'structs' and 'errno'.");
                return null;
            }

            Dictionary<string, YamlNode> keys = Keys(root, s_topKeys, new[] { "namespace" }, "the table");
            string ns = QualifiedName(keys, "namespace") ?? "Interop.Linux";
            _namespace = ns;
            string nativeClass = IdentifierValue(keys, "native_class") ?? "Native";
            string friendlyClass = IdentifierValue(keys, "friendly_class") ?? "Sys";
            string library = StringValue(keys, "library") ?? "libc";

            // Structs first: functions and other structs may name them as types.
            IReadOnlyList<YamlMapping> structItems = Items(keys, "structs");
            foreach (YamlMapping item in structItems)
            {
                if (item.Entries.FirstOrDefault(e => e.Key.Value == "name").Value is YamlScalar n)
                {
                    _structNames.Add(n.Value);
                    if (HasPerArchitectureLayout(item))
                    {
                        _perArchitectureStructs.Add(n.Value);
                    }
                }
            }

            var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            var structs = structItems.Select(ParseStruct).Where(s => s is not null).Select(s => s!).ToList();
            CheckUnique(NameNodes(structItems, "name"), names);

            // Functions and syscalls share the raw and friendly classes, so their names must not collide.
            IReadOnlyList<YamlMapping> functionItems = Items(keys, "functions");
            IReadOnlyList<YamlMapping> syscallItems = Items(keys, "syscalls");
            var functions = functionItems.Select(ParseFunction).Where(f => f is not null).Select(f => f!).ToList();
            var syscalls = syscallItems.Select(ParseSyscall).Where(s => s is not null).Select(s => s!).ToList();
            var callables = functionItems.Concat(syscallItems).ToList();
            CheckUnique(NameNodes(callables, "name"), new Dictionary<string, YamlNode>());
            CheckUnique(NameNodes(callables, "friendly"), new Dictionary<string, YamlNode>());

            // A syscall's number becomes the constant SYS_<name>, beside the table's constants.
            IReadOnlyList<YamlMapping> constantItems = Items(keys, "constants");
            var constants = constantItems.Select(ParseConstant).Where(c => c is not null).Select(c => c!).ToList();
            var constantNames = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach ((string name, YamlNode node) in NameNodes(syscallItems, "name"))
            {
                constantNames[SyscallNumberName(name)] = node;
            }

            CheckUnique(NameNodes(constantItems, "name"), constantNames);

            IReadOnlyList<YamlMapping> flagItems = Items(keys, "flags");
            var flags = flagItems.Select(ParseFlagSet).Where(f => f is not null).Select(f => f!).ToList();
            CheckUnique(NameNodes(flagItems, "name"), names);

            IReadOnlyList<YamlMapping> errnoItems = Items(keys, "errno");
            var errno = errnoItems.Select(ParseErrno).Where(e => e is not null).Select(e => e!).ToList();
            CheckUnique(NameNodes(errnoItems, "name"), new Dictionary<string, YamlNode>());

            return new TableModel(
                new TableSettings(ns, nativeClass, friendlyClass, library),
                functions.ToEquatableArray(),
                syscalls.ToEquatableArray(),
                constants.ToEquatableArray(),
                flags.ToEquatableArray(),
                structs.ToEquatableArray(),
                errno.ToEquatableArray());
        }

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
                Report(DiagnosticDescriptors.InvalidValue, node, $"'{text}' is not an integer: write a decimal (e.g. 17, -1) or hexadecimal (e.g. 0x20000) number.");
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

        private static bool TryParseInteger(string text, out decimal value)
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
            else if (t.Length == 0 || t.Length > 20 || !t.All(char.IsDigit) || !decimal.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value))
            {
                return false;
            }

            if (negative)
            {
                value = -value;
            }

            return true;
        }

        private ItemDocs Docs(Dictionary<string, YamlNode> keys) => new ItemDocs(StringValue(keys, "doc")?.Trim(), StringValue(keys, "since"));

        private string UnknownTypeMessage(string text, IReadOnlyCollection<string> extra)
        {
            var candidates = TypeNames.AllValueNames(_structNames).Concat(extra).ToList();
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
        private string? ValueType(string text) => TypeNames.Value(text, _structNames, "global::" + _namespace + ".");

        private void CheckUnique(IEnumerable<(string Name, YamlNode Node)> items, Dictionary<string, YamlNode> seen)
        {
            foreach ((string name, YamlNode node) in items)
            {
                if (seen.TryGetValue(name, out YamlNode? first))
                {
                    Report(DiagnosticDescriptors.DuplicateName, node, $"'{name}' is already defined on line {first.Line}; rename or remove one of them.");
                }
                else
                {
                    seen[name] = node;
                }
            }
        }

        /// <summary>The scalar under <paramref name="key"/> in each item that has one, in file order.</summary>
        private static IEnumerable<(string Name, YamlNode Node)> NameNodes(IReadOnlyList<YamlMapping> items, string key)
        {
            foreach (YamlMapping item in items)
            {
                foreach (KeyValuePair<YamlScalar, YamlNode> e in item.Entries)
                {
                    if (e.Key.Value == key && e.Value is YamlScalar s)
                    {
                        yield return (s.Value, s);
                    }
                }
            }
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
