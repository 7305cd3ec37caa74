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
    public sealed class TableParser
    {
        private static readonly string[] s_topKeys = { "namespace", "native_class", "friendly_class", "library", "functions", "constants", "flags", "structs", "errno" };
        private static readonly string[] s_functionKeys = { "name", "friendly", "since", "doc", "returns", "errno", "params", "child" };
        private static readonly string[] s_parameterKeys = { "name", "type", "length", "doc" };
        private static readonly string[] s_constantKeys = { "name", "type", "value", "c", "since", "doc" };
        private static readonly string[] s_flagSetKeys = { "name", "type", "since", "doc", "values" };
        private static readonly string[] s_flagValueKeys = { "name", "c", "value", "since", "doc" };
        private static readonly string[] s_structKeys = { "name", "c", "since", "doc", "size", "fields" };
        private static readonly string[] s_fieldKeys = { "name", "type", "offset", "c", "doc" };
        private static readonly string[] s_errnoKeys = { "name", "value", "doc" };
        private static readonly string[] s_errnoConventions = { "none", "minus-one", "returned" };

        private readonly string _path;
        private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
        private readonly HashSet<string> _structNames = new HashSet<string>(StringComparer.Ordinal);

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
                }
            }

            var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            var structs = structItems.Select(ParseStruct).Where(s => s is not null).Select(s => s!).ToList();
            CheckUnique(NameNodes(structItems, "name"), names);

            IReadOnlyList<YamlMapping> functionItems = Items(keys, "functions");
            var functions = functionItems.Select(ParseFunction).Where(f => f is not null).Select(f => f!).ToList();
            CheckUnique(NameNodes(functionItems, "name"), new Dictionary<string, YamlNode>());
            CheckUnique(NameNodes(functionItems, "friendly"), new Dictionary<string, YamlNode>());

            IReadOnlyList<YamlMapping> constantItems = Items(keys, "constants");
            var constants = constantItems.Select(ParseConstant).Where(c => c is not null).Select(c => c!).ToList();
            CheckUnique(NameNodes(constantItems, "name"), new Dictionary<string, YamlNode>());

            IReadOnlyList<YamlMapping> flagItems = Items(keys, "flags");
            var flags = flagItems.Select(ParseFlagSet).Where(f => f is not null).Select(f => f!).ToList();
            CheckUnique(NameNodes(flagItems, "name"), names);

            IReadOnlyList<YamlMapping> errnoItems = Items(keys, "errno");
            var errno = errnoItems.Select(ParseErrno).Where(e => e is not null).Select(e => e!).ToList();
            CheckUnique(NameNodes(errnoItems, "name"), new Dictionary<string, YamlNode>());

            return new TableModel(
                new TableSettings(ns, nativeClass, friendlyClass, library),
                functions.ToEquatableArray(),
                constants.ToEquatableArray(),
                flags.ToEquatableArray(),
                structs.ToEquatableArray(),
                errno.ToEquatableArray());
        }

        private FunctionModel? ParseFunction(YamlMapping item)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_functionKeys, new[] { "name", "returns", "params" }, "a function");
            string? name = IdentifierValue(keys, "name");
            string? friendly = IdentifierValue(keys, "friendly");
            string? returns = ReturnType(keys);
            string errnoText = StringValue(keys, "errno") ?? "minus-one";
            ErrnoConvention errno = ErrnoConvention.MinusOne;
            if (keys.TryGetValue("errno", out YamlNode? errnoNode))
            {
                switch (errnoText)
                {
                    case "none": errno = ErrnoConvention.None; break;
                    case "minus-one": errno = ErrnoConvention.MinusOne; break;
                    case "returned": errno = ErrnoConvention.Returned; break;
                    default:
                        Report(DiagnosticDescriptors.InvalidValue, errnoNode, $"Unknown errno convention '{errnoText}'.{Suggestions.Hint(errnoText, s_errnoConventions)}");
                        break;
                }
            }

            var parameters = new List<ParameterModel>();
            if (keys.TryGetValue("params", out YamlNode? paramsNode))
            {
                if (paramsNode is YamlSequence sequence)
                {
                    foreach (YamlNode p in sequence.Items)
                    {
                        if (p is YamlMapping pm)
                        {
                            ParameterModel? parameter = ParseParameter(pm);
                            if (parameter is not null)
                            {
                                parameters.Add(parameter);
                            }
                        }
                        else
                        {
                            Report(DiagnosticDescriptors.WrongNodeKind, p, "A parameter must be a mapping such as '{ name: fd, type: int }'.");
                        }
                    }
                }
                else if (!(paramsNode is YamlScalar s && s.Value.Length == 0))
                {
                    Report(DiagnosticDescriptors.WrongNodeKind, paramsNode, "'params' must be a list of parameters; write 'params: []' for none.");
                }
            }

            CheckParameters(parameters, item);
            if (name is null || returns is null)
            {
                return null;
            }

            bool child = BooleanValue(keys, "child");
            return new FunctionModel(name, friendly ?? PascalCase(name), returns, errno, parameters.ToEquatableArray(), Docs(keys), child);
        }

        private void CheckParameters(List<ParameterModel> parameters, YamlMapping function)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (ParameterModel p in parameters)
            {
                if (!seen.Add(p.Name))
                {
                    Report(DiagnosticDescriptors.DuplicateName, function, $"Parameter '{p.Name}' appears twice; give each parameter its own name.");
                }
            }

            foreach (ParameterModel p in parameters.Where(p => p.LengthOf is not null))
            {
                ParameterModel? length = parameters.FirstOrDefault(q => q.Name == p.LengthOf);
                if (length is null || length.Kind != ParameterKind.Value || TypeNames.Integer(length.RawType) is null && length.RawType != "nuint")
                {
                    Report(DiagnosticDescriptors.InvalidValue, function,
                        $"Buffer parameter '{p.Name}' names length '{p.LengthOf}', which must be an integer parameter of the same function.");
                }
            }
        }

        private ParameterModel? ParseParameter(YamlMapping item)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_parameterKeys, new[] { "name", "type" }, "a parameter");
            string? name = IdentifierValue(keys, "name");
            string? typeText = StringValue(keys, "type");
            string? length = IdentifierValue(keys, "length");
            if (name is null || typeText is null)
            {
                return null;
            }

            ParameterKind kind;
            string raw;
            switch (typeText)
            {
                case "string": kind = ParameterKind.String; raw = "byte*"; break;
                case "string-array": kind = ParameterKind.StringArray; raw = "byte**"; break;
                case "in-buffer": kind = ParameterKind.InBuffer; raw = "byte*"; break;
                case "out-buffer": kind = ParameterKind.OutBuffer; raw = "byte*"; break;
                default:
                    kind = ParameterKind.Value;
                    raw = TypeNames.Value(typeText, _structNames) ?? "";
                    if (raw.Length == 0)
                    {
                        Report(DiagnosticDescriptors.UnknownType, keys["type"], UnknownTypeMessage(typeText, TypeNames.MarshalledKinds));
                        return null;
                    }

                    break;
            }

            bool isBuffer = kind == ParameterKind.InBuffer || kind == ParameterKind.OutBuffer;
            if (isBuffer && length is null)
            {
                Report(DiagnosticDescriptors.MissingKey, item, $"Buffer parameter '{name}' needs 'length: <parameter>' naming the parameter that holds its size.");
                return null;
            }

            if (!isBuffer && length is not null)
            {
                Report(DiagnosticDescriptors.InvalidValue, keys["length"], $"'length' applies only to in-buffer and out-buffer parameters; remove it from '{name}'.");
            }

            return new ParameterModel(name, kind, raw, length, Docs(keys).Summary);
        }

        private string? ReturnType(Dictionary<string, YamlNode> keys)
        {
            string? text = StringValue(keys, "returns");
            if (text is null)
            {
                return null;
            }

            if (text == "void")
            {
                return "void";
            }

            string? raw = TypeNames.Value(text, _structNames);
            if (raw is null)
            {
                Report(DiagnosticDescriptors.UnknownType, keys["returns"], UnknownTypeMessage(text, new[] { "void" }));
            }

            return raw;
        }

        private ConstantModel? ParseConstant(YamlMapping item)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_constantKeys, new[] { "name", "type", "value" }, "a constant");
            string? name = IdentifierValue(keys, "name");
            string? type = IntegerType(keys);
            string? value = type is null ? null : IntegerValue(keys, "value", type);
            if (name is null || type is null || value is null)
            {
                return null;
            }

            return new ConstantModel(name, type, value, StringValue(keys, "c"), Docs(keys));
        }

        private FlagSetModel? ParseFlagSet(YamlMapping item)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_flagSetKeys, new[] { "name", "type", "values" }, "a flag set");
            string? name = IdentifierValue(keys, "name");
            string? type = IntegerType(keys);
            if (type == "nint" || type == "nuint")
            {
                Report(DiagnosticDescriptors.InvalidValue, keys["type"], "An enum's underlying type must be a fixed-size integer: use int, uint, long or ulong.");
                type = null;
            }

            var values = new List<FlagValueModel>();
            var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (YamlMapping v in Items(keys, "values"))
            {
                Dictionary<string, YamlNode> vk = Keys(v, s_flagValueKeys, new[] { "name", "value" }, "a flag value");
                string? valueName = IdentifierValue(vk, "name");
                string? value = type is null ? null : IntegerValue(vk, "value", type);
                if (valueName is null || value is null)
                {
                    continue;
                }

                if (seen.TryGetValue(valueName, out YamlNode? first))
                {
                    Report(DiagnosticDescriptors.DuplicateName, vk["name"], $"Flag '{valueName}' is already defined on line {first.Line}; rename or remove one of them.");
                    continue;
                }

                seen[valueName] = vk["name"];
                values.Add(new FlagValueModel(valueName, value, StringValue(vk, "c"), Docs(vk)));
            }

            if (name is null || type is null)
            {
                return null;
            }

            return new FlagSetModel(name, type, values.ToEquatableArray(), Docs(keys));
        }

        private StructModel? ParseStruct(YamlMapping item)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_structKeys, new[] { "name", "size", "fields" }, "a struct");
            string? name = IdentifierValue(keys, "name");
            string? sizeText = keys.ContainsKey("size") ? IntegerValue(keys, "size", "int") : null;
            int size = sizeText is null ? 0 : int.Parse(sizeText, CultureInfo.InvariantCulture);
            var fields = new List<FieldModel>();
            foreach (YamlMapping f in Items(keys, "fields"))
            {
                FieldModel? field = ParseField(f, size);
                if (field is not null)
                {
                    fields.Add(field);
                }
            }

            if (name is null || sizeText is null)
            {
                return null;
            }

            if (size <= 0)
            {
                Report(DiagnosticDescriptors.ValueOutOfRange, keys["size"], $"Struct '{name}' must have a positive size in bytes.");
                return null;
            }

            return new StructModel(name, StringValue(keys, "c"), size, fields.ToEquatableArray(), Docs(keys));
        }

        private FieldModel? ParseField(YamlMapping item, int structSize)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_fieldKeys, new[] { "name", "type", "offset" }, "a struct field");
            string? name = IdentifierValue(keys, "name");
            string? typeText = StringValue(keys, "type");
            string? offsetText = keys.ContainsKey("offset") ? IntegerValue(keys, "offset", "int") : null;
            if (name is null || typeText is null || offsetText is null)
            {
                return null;
            }

            int? arrayLength = null;
            string elementText = typeText;
            int bracket = typeText.IndexOf('[');
            if (bracket > 0 && typeText.EndsWith("]"))
            {
                elementText = typeText.Substring(0, bracket);
                if (int.TryParse(typeText.Substring(bracket + 1, typeText.Length - bracket - 2), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0)
                {
                    arrayLength = n;
                }
                else
                {
                    Report(DiagnosticDescriptors.InvalidValue, keys["type"], $"Array field '{name}' needs a positive length, e.g. 'byte[16]'.");
                    return null;
                }
            }

            string? raw = arrayLength is null ? TypeNames.Value(elementText, _structNames) : TypeNames.Integer(elementText);
            if (raw is null)
            {
                string hint = arrayLength is null ? "" : " Fixed-size array fields must have an integer element type.";
                Report(DiagnosticDescriptors.UnknownType, keys["type"], UnknownTypeMessage(elementText, Array.Empty<string>()) + hint);
                return null;
            }

            int offset = int.Parse(offsetText, CultureInfo.InvariantCulture);
            if (offset < 0 || (structSize > 0 && offset >= structSize))
            {
                Report(DiagnosticDescriptors.ValueOutOfRange, keys["offset"], $"Field '{name}' has offset {offset}, outside the struct's {structSize} bytes.");
                return null;
            }

            return new FieldModel(name, raw, arrayLength, offset, StringValue(keys, "c"), Docs(keys).Summary);
        }

        private ErrnoValueModel? ParseErrno(YamlMapping item)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_errnoKeys, new[] { "name", "value", "doc" }, "an errno value");
            string? name = IdentifierValue(keys, "name");
            string? value = IntegerValue(keys, "value", "int");
            string? doc = StringValue(keys, "doc");
            if (name is null || value is null || doc is null)
            {
                return null;
            }

            return new ErrnoValueModel(name, int.Parse(value, CultureInfo.InvariantCulture), doc);
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

        private string? StringValue(Dictionary<string, YamlNode> keys, string key)
        {
            if (!keys.TryGetValue(key, out YamlNode? node))
            {
                return null;
            }

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
        private string? IntegerValue(Dictionary<string, YamlNode> keys, string key, string type)
        {
            string? text = StringValue(keys, key);
            if (text is null)
            {
                return null;
            }

            if (!TryParseInteger(text, out decimal value))
            {
                Report(DiagnosticDescriptors.InvalidValue, keys[key], $"'{text}' is not an integer: write a decimal (e.g. 17, -1) or hexadecimal (e.g. 0x20000) number.");
                return null;
            }

            TypeNames.TryRange(type, out decimal min, out decimal max);
            if (value < min || value > max)
            {
                Report(DiagnosticDescriptors.ValueOutOfRange, keys[key], $"{text} does not fit in {type} ({min}..{max}); use a wider type or fix the value.");
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
