using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Interop.Runtime.Oci;
using Interop.Runtime.Oci.Hooks;
using Interop.Runtime.Seccomp;

namespace Interop.Tests.Runtime.Json
{
    /// <summary>What a JSON value of a model property is.</summary>
    internal enum JsonShapeKind
    {
        /// <summary>A class: its properties.</summary>
        Object,

        /// <summary>An array or list.</summary>
        Array,

        /// <summary>A dictionary with string keys.</summary>
        Dictionary,

        /// <summary>string.</summary>
        String,

        /// <summary>bool.</summary>
        Bool,

        /// <summary>int.</summary>
        Int32,

        /// <summary>ushort.</summary>
        UInt16,

        /// <summary>uint.</summary>
        UInt32,

        /// <summary>long.</summary>
        Int64,

        /// <summary>ulong.</summary>
        UInt64,

        /// <summary>JsonElement: any JSON value.</summary>
        Element,
    }

    /// <summary>
    /// The shape of a model type as the oracle's metadata describes it: every property it reads, by its
    /// JSON name, down to the scalars. Made from the oracle's JsonTypeInfo, so that a property added to
    /// the model is generated without editing this file (and a type the generator cannot make fails loudly).
    /// </summary>
    internal sealed class JsonShape
    {
        private JsonShape(JsonShapeKind kind, bool acceptsNull, string typeName)
        {
            Kind = kind;
            AcceptsNull = acceptsNull;
            TypeName = typeName;
        }

        /// <summary>What the value is.</summary>
        public JsonShapeKind Kind { get; }

        /// <summary>Whether JSON null is a valid value (reference types, Nullable&lt;T&gt;, JsonElement).</summary>
        public bool AcceptsNull { get; }

        /// <summary>The .NET type's name, for messages.</summary>
        public string TypeName { get; }

        /// <summary>An object's properties: JSON name and shape, in declaration order.</summary>
        public IReadOnlyList<KeyValuePair<string, JsonShape>> Properties { get; private set; } = [];

        /// <summary>An array's element or a dictionary's value.</summary>
        public JsonShape? Element { get; private set; }

        /// <summary>
        /// The JSON names of properties with an initializer (a new object's value is not the type's
        /// default). Documents always give them: where one is absent json-generator keeps the
        /// initializer and the serializer does not (docs/json.md, on purpose; tested on its own).
        /// </summary>
        public IReadOnlySet<string> Initialized { get; private set; } = new HashSet<string>();

        /// <summary>An object's properties by JSON name: the .NET property behind each.</summary>
        public IReadOnlyDictionary<string, System.Reflection.PropertyInfo> ClrProperties { get; private set; } = new Dictionary<string, System.Reflection.PropertyInfo>();

        /// <summary>The shape of <paramref name="type"/> as <paramref name="context"/> reads it.</summary>
        public static JsonShape Of(JsonSerializerContext context, Type type)
        {
            Type? underlying = Nullable.GetUnderlyingType(type);
            Type core = underlying ?? type;
            bool acceptsNull = !type.IsValueType || underlying is not null || core == typeof(JsonElement);
            JsonShapeKind? scalar =
                core == typeof(string) ? JsonShapeKind.String :
                core == typeof(bool) ? JsonShapeKind.Bool :
                core == typeof(int) ? JsonShapeKind.Int32 :
                core == typeof(ushort) ? JsonShapeKind.UInt16 :
                core == typeof(uint) ? JsonShapeKind.UInt32 :
                core == typeof(long) ? JsonShapeKind.Int64 :
                core == typeof(ulong) ? JsonShapeKind.UInt64 :
                core == typeof(JsonElement) ? JsonShapeKind.Element :
                null;
            if (scalar is { } s)
            {
                return new JsonShape(s, acceptsNull, core.Name);
            }

            JsonTypeInfo info = context.GetTypeInfo(core) ?? throw new NotSupportedException(core + " is not in " + context.GetType().Name);
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object:
                    var shape = new JsonShape(JsonShapeKind.Object, acceptsNull, core.Name);
                    shape.Properties = info.Properties
                        .Where(p => p.Set is not null)
                        .Select(p => new KeyValuePair<string, JsonShape>(p.Name, Of(context, p.PropertyType)))
                        .ToArray();
                    object fresh = Activator.CreateInstance(core)!;
                    shape.Initialized = info.Properties
                        .Where(p => p.Set is not null && p.Get!(fresh) is { } value && !value.Equals(p.PropertyType.IsValueType ? Activator.CreateInstance(p.PropertyType) : null))
                        .Select(p => p.Name)
                        .ToHashSet();
                    shape.ClrProperties = info.Properties
                        .Where(p => p.Set is not null)
                        .ToDictionary(p => p.Name, p => (System.Reflection.PropertyInfo)p.AttributeProvider!);
                    return shape;
                case JsonTypeInfoKind.Enumerable:
                    return new JsonShape(JsonShapeKind.Array, acceptsNull, core.Name) { Element = Of(context, info.ElementType!) };
                case JsonTypeInfoKind.Dictionary when info.KeyType == typeof(string):
                    return new JsonShape(JsonShapeKind.Dictionary, acceptsNull, core.Name) { Element = Of(context, info.ElementType!) };
                default:
                    throw new NotSupportedException("RandomJson cannot make a " + core + " (" + info.Kind + ")");
            }
        }

        /// <summary>Every path under this shape ("$.linux.uidMappings[].hostID", "$.annotations{}"), as <see cref="RandomJson"/> records them.</summary>
        public IEnumerable<string> Paths(string path = "$")
        {
            yield return path;
            IEnumerable<string> below = Kind switch
            {
                JsonShapeKind.Object => Properties.SelectMany(p => p.Value.Paths(path + "." + p.Key)),
                JsonShapeKind.Array => Element!.Paths(path + "[]"),
                JsonShapeKind.Dictionary => Element!.Paths(path + "{}"),
                _ => [],
            };
            foreach (string p in below)
            {
                yield return p;
            }
        }
    }

    /// <summary>
    /// Random JSON text of the model's documents, from a seed: every property (by <see cref="JsonShape"/>),
    /// random omissions, order, whitespace and line breaks, name casing (including the non-ASCII letters
    /// that fold to ASCII ones) and escaped names, unknown members at every level, explicit nulls and
    /// duplicate keys. Mutated, it also puts type errors, numbers out of range or in forms the integer
    /// types refuse, nulls for value types, invalid strings and broken syntax where values are. Also
    /// random objects for the writers (<see cref="State"/>, <see cref="StartHooks"/>, ...), with text that
    /// needs escaping.
    /// </summary>
    internal sealed class RandomJson
    {
        /// <summary>config.json's shape.</summary>
        public static readonly JsonShape ConfigShape = JsonShape.Of(OracleOciJsonContext.Default, typeof(OciConfig));

        /// <summary>linux.resources' shape.</summary>
        public static readonly JsonShape ResourcesShape = JsonShape.Of(OracleOciJsonContext.Default, typeof(OciResources));

        /// <summary>process' shape.</summary>
        public static readonly JsonShape ProcessShape = JsonShape.Of(OracleOciJsonContext.Default, typeof(OciProcess));

        /// <summary>linux.seccomp's shape.</summary>
        public static readonly JsonShape SeccompShape = JsonShape.Of(OracleOciJsonContext.Default, typeof(OciSeccomp));

        /// <summary>The hooks' state's shape.</summary>
        public static readonly JsonShape StateShape = JsonShape.Of(OracleOciStateJsonContext.Default, typeof(OciState));

        /// <summary>The start waiter's hooks' shape.</summary>
        public static readonly JsonShape StartHooksShape = JsonShape.Of(OracleOciStateJsonContext.Default, typeof(StartContainerHooks));

        private static readonly string[] s_whitespace = [" ", "\n", "\r\n", "\t", "\n    ", "  ", "\n\n"];

        private static readonly string[] s_stringPieces =
        [
            "a", "run", "/bin/sh", "CAP_SYS_ADMIN", " ", "-", "=", ".", "1",
            "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\r", "\\b", "\\f", "\\u0000", "\\u001f", "\\u00e9", "\\u00E9", "\\u2028", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\u0041",
            "é", "日本", "😀", "<", ">", "&", "+", "'", "\u007f", "\u0085", "\u00a0",
        ];

        private static readonly string[] s_keys =
        [
            "a", "b", "org.opencontainers.image.os", "net.ipv4.ip_forward", "", "key with space", "é", "a'b", "a[0]", "x.y", "memory.max",
            "cpu.weight", "mlx5_0", "A", "\\u0061", "k\\\"q", "$", "日本",
        ];

        private static readonly string[] s_unknownNames = ["x", "extra", "ociVersion2", "rootfs", "", "a.b", "\\u00e9t\\u00e9", "_", "vmX", "$ref", "x-y", "Ünknown"];

        private static readonly string[] s_elementNumbers = ["0", "-1", "1.5", "1e300", "-2.5E-3", "12345678901234567890123", "0.0", "-0", "7", "1E+2"];

        private readonly Random _r;
        private readonly bool _mutated;
        private readonly bool _caseInsensitive;
        private readonly double _mutationRate;
        private readonly StringBuilder _s = new();
        private readonly HashSet<string>? _emitted;

        private RandomJson(int seed, bool mutated, bool caseInsensitive, HashSet<string>? emitted)
        {
            _r = new Random(seed);
            _mutated = mutated;
            _caseInsensitive = caseInsensitive;
            _emitted = emitted;
            _mutationRate = mutated ? 1.0 / _r.Next(4, 80) : 0;
        }

        /// <summary>A config.json (read case-insensitively).</summary>
        public static string Config(int seed, bool mutated, HashSet<string>? emitted = null) => Document(ConfigShape, true, seed, mutated, emitted);

        /// <summary>A linux.resources object (read case-insensitively).</summary>
        public static string Resources(int seed, bool mutated, HashSet<string>? emitted = null) => Document(ResourcesShape, true, seed, mutated, emitted);

        /// <summary>A process object (read case-insensitively).</summary>
        public static string Process(int seed, bool mutated, HashSet<string>? emitted = null) => Document(ProcessShape, true, seed, mutated, emitted);

        /// <summary>A linux.seccomp object (read case-insensitively).</summary>
        public static string Seccomp(int seed, bool mutated, HashSet<string>? emitted = null) => Document(SeccompShape, true, seed, mutated, emitted);

        /// <summary>The hooks' state (names ignoring case, as every model).</summary>
        public static string StateText(int seed, bool mutated, HashSet<string>? emitted = null) => Document(StateShape, true, seed, mutated, emitted);

        /// <summary>The start waiter's hooks (names ignoring case).</summary>
        public static string StartHooksText(int seed, bool mutated, HashSet<string>? emitted = null) => Document(StartHooksShape, true, seed, mutated, emitted);

        /// <summary>
        /// A document of <paramref name="shape"/>; <paramref name="caseInsensitive"/>: whether the reader
        /// matches names so (then names are cased at random often, else seldom); <paramref name="emitted"/>
        /// collects the shape paths written.
        /// </summary>
        public static string Document(JsonShape shape, bool caseInsensitive, int seed, bool mutated, HashSet<string>? emitted = null)
        {
            var g = new RandomJson(seed, mutated, caseInsensitive, emitted);
            g.Ws();
            if (!mutated && g._r.Next(300) == 0)
            {
                g._s.Append("null");
            }
            else
            {
                g.Value(shape, "$", 0);
            }

            g.Ws();
            string text = g._s.ToString();
            return mutated && g._r.Next(10) == 0 ? g.Corrupt(text) : text;
        }

        // Breaks the text's syntax: cut short, trailing content, a BOM, a stray character.
        private string Corrupt(string text)
        {
            switch (_r.Next(5))
            {
                case 0:
                    int cut = _r.Next(text.Length + 1);
                    if (cut > 0 && cut < text.Length && char.IsHighSurrogate(text[cut - 1]))
                    {
                        cut--;
                    }

                    return text[..cut];
                case 1:
                    return text + Pick(["x", " {}", ",", "]", " null", "\"s\"", "0", "\n}", "/", "\u0000"]);
                case 2:
                    return "\uFEFF" + text;
                default:
                    int at = _r.Next(text.Length + 1);
                    if (at > 0 && at < text.Length && char.IsHighSurrogate(text[at - 1]))
                    {
                        at--;
                    }

                    return text[..at] + Pick([",", "]", "}", ":", "\"", "x", "\\", "[", "{", " ", "\n", "0"]) + text[at..];
            }
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];

        private void Ws()
        {
            if (_r.Next(4) == 0)
            {
                _s.Append(Pick(s_whitespace));
            }

            if (_mutated && _r.Next(600) == 0)
            {
                _s.Append(_r.Next(2) == 0 ? "/*c*/" : "//c\n");
            }
        }

        private void Value(JsonShape shape, string path, int depth)
        {
            _emitted?.Add(path);
            if (_mutated && _r.NextDouble() < _mutationRate)
            {
                Mutation(shape, depth);
                return;
            }

            if (shape.AcceptsNull && _r.Next(12) == 0)
            {
                _s.Append("null");
                return;
            }

            switch (shape.Kind)
            {
                case JsonShapeKind.Object:
                    Object(shape, path, depth);
                    break;
                case JsonShapeKind.Array:
                    _s.Append('[');
                    int n = _r.Next(4);
                    for (int i = 0; i < n; i++)
                    {
                        if (i > 0)
                        {
                            Ws();
                            _s.Append(',');
                        }

                        Ws();
                        Value(shape.Element!, path + "[]", depth + 1);
                        Ws();
                    }

                    TrailingComma(n);
                    _s.Append(']');
                    break;
                case JsonShapeKind.Dictionary:
                    var entries = new List<(string Name, Action Write)>();
                    int count = _r.Next(4);
                    for (int i = 0; i < count; i++)
                    {
                        entries.Add((Pick(s_keys), () => Value(shape.Element!, path + "{}", depth + 1)));
                    }

                    if (count > 0 && _r.Next(6) == 0)
                    {
                        // A duplicate key.
                        entries.Add((entries[_r.Next(count)].Name, () => Value(shape.Element!, path + "{}", depth + 1)));
                    }

                    Members(entries);
                    break;
                case JsonShapeKind.String:
                    String();
                    break;
                case JsonShapeKind.Bool:
                    _s.Append(_r.Next(2) == 0 ? "true" : "false");
                    break;
                case JsonShapeKind.Element:
                    Element(depth);
                    break;
                default:
                    _s.Append(Number(shape.Kind));
                    break;
            }
        }

        private void Object(JsonShape shape, string path, int depth)
        {
            var entries = new List<(string Name, Action Write)>();
            var included = new List<KeyValuePair<string, JsonShape>>();
            foreach (KeyValuePair<string, JsonShape> p in shape.Properties)
            {
                if (shape.Initialized.Contains(p.Key))
                {
                    // Under its own name: a variant the reader does not match would leave it absent.
                    included.Add(p);
                    entries.Add((p.Key, () => Value(p.Value, path + "." + p.Key, depth + 1)));
                }
                else if (_r.NextDouble() < 0.55)
                {
                    included.Add(p);
                    entries.Add((Name(p.Key), () => Value(p.Value, path + "." + p.Key, depth + 1)));
                }
            }

            if (_r.Next(5) == 0)
            {
                int extras = _r.Next(1, 3);
                for (int i = 0; i < extras; i++)
                {
                    string name = Pick(s_unknownNames);
                    entries.Add((name, () => Element(depth + 1)));
                }
            }

            if (included.Count > 0 && _r.Next(7) == 0)
            {
                // A duplicate property, under a name cased as the reader may match it.
                KeyValuePair<string, JsonShape> p = Pick(included);
                entries.Add((Name(p.Key), () => Value(p.Value, path + "." + p.Key, depth + 1)));
            }

            for (int i = entries.Count - 1; i > 0; i--)
            {
                int j = _r.Next(i + 1);
                (entries[i], entries[j]) = (entries[j], entries[i]);
            }

            Members(entries);
        }

        private void Members(List<(string Name, Action Write)> entries)
        {
            _s.Append('{');
            for (int i = 0; i < entries.Count; i++)
            {
                if (i > 0)
                {
                    Ws();
                    _s.Append(',');
                }

                Ws();
                _s.Append('"').Append(entries[i].Name).Append('"');
                Ws();
                _s.Append(':');
                Ws();
                entries[i].Write();
                Ws();
            }

            TrailingComma(entries.Count);
            _s.Append('}');
        }

        private void TrailingComma(int count)
        {
            if (_mutated && count > 0 && _r.Next(300) == 0)
            {
                _s.Append(',');
            }
        }

        // A property's name as JSON text (no quotes), cased and escaped at random.
        private string Name(string name)
        {
            if (_caseInsensitive ? _r.Next(3) == 0 : _r.Next(30) == 0)
            {
                name = _r.Next(5) switch
                {
                    0 => name.ToUpperInvariant(),
                    1 => name.ToLowerInvariant(),
                    2 => Fold(name),
                    _ => FlipOne(name),
                };
            }

            if (_r.Next(25) == 0 && name.Length > 0)
            {
                int i = _r.Next(name.Length);
                string hex = ((int)name[i]).ToString(_r.Next(2) == 0 ? "x4" : "X4", CultureInfo.InvariantCulture);
                return name[..i] + "\\u" + hex + name[(i + 1)..];
            }

            return name;
        }

        private string FlipOne(string name)
        {
            if (name.Length == 0)
            {
                return name;
            }

            int i = _r.Next(name.Length);
            char c = name[i];
            char flipped = char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
            return name[..i] + flipped + name[(i + 1)..];
        }

        // A letter swapped for a non-ASCII one that case-folds to it (as Go's encoding/json and
        // OrdinalIgnoreCase may match): dotless i, long s, the Kelvin sign.
        private string Fold(string name)
        {
            (char Ascii, char Other)[] folds = [('i', '\u0131'), ('s', '\u017f'), ('k', '\u212a'), ('I', '\u0131'), ('S', '\u017f'), ('K', '\u212a')];
            (char ascii, char other) = Pick(folds);
            int at = name.IndexOf(ascii, StringComparison.Ordinal);
            return at < 0 ? name : name[..at] + other + name[(at + 1)..];
        }

        private void String()
        {
            _s.Append('"');
            int n = _r.Next(6);
            for (int i = 0; i < n; i++)
            {
                _s.Append(Pick(s_stringPieces));
            }

            _s.Append('"');
        }

        private void Element(int depth)
        {
            switch (depth > 8 ? 2 + _r.Next(5) : _r.Next(9))
            {
                case 0:
                case 7:
                    var entries = new List<(string Name, Action Write)>();
                    int count = _r.Next(4);
                    for (int i = 0; i < count; i++)
                    {
                        entries.Add((Pick(s_keys), () => Element(depth + 1)));
                    }

                    Members(entries);
                    break;
                case 1:
                case 8:
                    _s.Append('[');
                    int n = _r.Next(4);
                    for (int i = 0; i < n; i++)
                    {
                        if (i > 0)
                        {
                            _s.Append(',');
                        }

                        Ws();
                        Element(depth + 1);
                        Ws();
                    }

                    _s.Append(']');
                    break;
                case 2:
                    String();
                    break;
                case 3:
                    _s.Append(Pick(s_elementNumbers));
                    break;
                case 4:
                    _s.Append("true");
                    break;
                case 5:
                    _s.Append("false");
                    break;
                default:
                    _s.Append("null");
                    break;
            }
        }

        private string Number(JsonShapeKind kind)
        {
            (string min, string max) = Range(kind);
            return _r.Next(7) switch
            {
                0 => "0",
                1 => max,
                2 => min,
                3 => "1",
                4 => kind switch
                {
                    JsonShapeKind.Int32 or JsonShapeKind.Int64 => _r.Next(-1000, 1001).ToString(CultureInfo.InvariantCulture),
                    _ => _r.Next(0, 1001).ToString(CultureInfo.InvariantCulture),
                },
                _ => kind switch
                {
                    JsonShapeKind.Int32 => _r.Next(int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture),
                    JsonShapeKind.UInt16 => _r.Next(0, 65536).ToString(CultureInfo.InvariantCulture),
                    JsonShapeKind.UInt32 => _r.NextInt64(0, 1L << 32).ToString(CultureInfo.InvariantCulture),
                    JsonShapeKind.Int64 => (_r.NextInt64() - _r.NextInt64()).ToString(CultureInfo.InvariantCulture),
                    _ => ((ulong)_r.NextInt64() * 2 + (ulong)_r.Next(2)).ToString(CultureInfo.InvariantCulture),
                },
            };
        }

        private static (string Min, string Max) Range(JsonShapeKind kind) => kind switch
        {
            JsonShapeKind.Int32 => ("-2147483648", "2147483647"),
            JsonShapeKind.UInt16 => ("0", "65535"),
            JsonShapeKind.UInt32 => ("0", "4294967295"),
            JsonShapeKind.Int64 => ("-9223372036854775808", "9223372036854775807"),
            _ => ("0", "18446744073709551615"),
        };

        private static (string Below, string Above) OutOfRange(JsonShapeKind kind) => kind switch
        {
            JsonShapeKind.Int32 => ("-2147483649", "2147483648"),
            JsonShapeKind.UInt16 => ("-1", "65536"),
            JsonShapeKind.UInt32 => ("-1", "4294967296"),
            JsonShapeKind.Int64 => ("-9223372036854775809", "9223372036854775808"),
            _ => ("-1", "18446744073709551616"),
        };

        // Where a value of shape goes, one it is not: another type, a number the type cannot hold or
        // in a form an integer reader refuses, null for a value type, an invalid string, broken syntax.
        private void Mutation(JsonShape shape, int depth)
        {
            var candidates = new List<string>();
            switch (shape.Kind)
            {
                case JsonShapeKind.Object:
                    candidates.AddRange(["[]", "\"x\"", "1", "true", "[{}]", "{\"a\"}", "{"]);
                    break;
                case JsonShapeKind.Array:
                    candidates.AddRange(["{}", "\"x\"", "1", "true", "{\"0\":1}", "[1 2]", "["]);
                    break;
                case JsonShapeKind.Dictionary:
                    candidates.AddRange(["[]", "\"x\"", "2", "[[\"a\",\"b\"]]", "{\"a\":}", "{1:2}"]);
                    break;
                case JsonShapeKind.String:
                    candidates.AddRange(["1", "true", "false", "{}", "[]", "[\"a\"]", "{\"a\":1}", "\"\\ud800\"", "\"x\\udc00\"", "\"a\u0001b\"", "\"\\x\"", "\"\\u12\"", "'a'", "\"unterminated"]);
                    break;
                case JsonShapeKind.Bool:
                    candidates.AddRange(["\"true\"", "\"false\"", "1", "0", "[]", "{}", "True", "tru", "\"\""]);
                    break;
                case JsonShapeKind.Element:
                    candidates.AddRange(["[1,]", "{\"a\"}", "{\"a\":}", "tru", "01", "NaN", "{,}", "[1 2]", "\"\\q\"", new string('[', 70) + new string(']', 70)]);
                    break;
                default:
                    (string below, string above) = OutOfRange(shape.Kind);
                    candidates.AddRange([below, above, "-1", "70000", "1e3", "1E2", "0e0", "1.5", "1.0", "-0", "-0.0", "\"12\"", "\"\"", "true", "[]", "{}", "[1]",
                        "01", "+1", ".5", "-", "1.", "1e", "NaN", "Infinity", "123456789012345678901234567890", "-123456789012345678901234567890"]);
                    break;
            }

            if (!shape.AcceptsNull)
            {
                candidates.AddRange(["null", "null", "null"]);
            }

            if (depth > 0 && _r.Next(4) == 0)
            {
                // Any JSON value in its place: most often one of another shape.
                Element(depth);
                return;
            }

            _s.Append(Pick(candidates));
        }

        // ---- Random objects for the writers ----

        private static readonly string[] s_textPieces =
        [
            "a", "run", "/run/x", " ", "\"", "\\", "\u0000", "\u0001", "\u001f", "\b", "\f", "\n", "\r", "\t", "\u007f", "\u0080", "\u009f",
            "é", "日本語", "😀", "\u2028", "\u2029", "<", ">", "&", "+", "'", "`", "\uFEFF", "\uFFFD", "%", "=", "/", "\u00ff", "\u0100",
        ];

        /// <summary>Text that needs escaping: quotes, backslashes, control characters, non-ASCII, HTML-sensitive characters; rarely a lone surrogate.</summary>
        public static string Text(Random r)
        {
            var s = new StringBuilder();
            int n = r.Next(7);
            for (int i = 0; i < n; i++)
            {
                s.Append(r.Next(150) == 0 ? (r.Next(2) == 0 ? "\uD800" : "\uDC00") : s_textPieces[r.Next(s_textPieces.Length)]);
            }

            return s.ToString();
        }

        private static int Int(Random r) => r.Next(6) switch
        {
            0 => 0,
            1 => 1,
            2 => -1,
            3 => int.MaxValue,
            4 => int.MinValue,
            _ => r.Next(int.MinValue, int.MaxValue),
        };

        private static string[] Texts(Random r, int max)
        {
            var texts = new string[r.Next(max + 1)];
            for (int i = 0; i < texts.Length; i++)
            {
                texts[i] = Text(r);
            }

            return texts;
        }

        private static Dictionary<string, string> Map(Random r)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            int n = r.Next(4);
            for (int i = 0; i < n; i++)
            {
                map[Text(r)] = Text(r);
            }

            return map;
        }

        /// <summary>A random state: pid 0 sometimes (left out), annotations null, empty or some.</summary>
        public static OciState State(Random r) => new()
        {
            OciVersion = r.Next(3) switch { 0 => OciBundle.SpecVersion, 1 => "1.0.2", _ => Text(r) },
            Id = Text(r),
            Status = r.Next(5) switch { 0 => OciState.Creating, 1 => OciState.Created, 2 => OciState.Running, 3 => OciState.Stopped, _ => Text(r) },
            Pid = r.Next(3) == 0 ? 0 : Int(r),
            Bundle = Text(r),
            Annotations = r.Next(3) switch { 0 => null, 1 => [], _ => Map(r) },
        };

        /// <summary>A random hook: each member null or not.</summary>
        public static OciHook Hook(Random r) => new()
        {
            Path = r.Next(4) == 0 ? null : Text(r),
            Args = r.Next(3) == 0 ? null : Texts(r, 3),
            Env = r.Next(3) == 0 ? null : Texts(r, 3),
            Timeout = r.Next(2) == 0 ? null : Int(r),
        };

        /// <summary>Random startContainer hooks and their state.</summary>
        public static StartContainerHooks StartHooks(Random r)
        {
            var hooks = new OciHook[r.Next(4)];
            for (int i = 0; i < hooks.Length; i++)
            {
                hooks[i] = Hook(r);
            }

            return new StartContainerHooks { Hooks = hooks, State = State(r) };
        }

        /// <summary>A random seccomp agent's process state.</summary>
        public static SeccompProcessState ProcessState(Random r) => new()
        {
            OciVersion = r.Next(2) == 0 ? OciBundle.SpecVersion : Text(r),
            Fds = r.Next(2) == 0 ? [SeccompProcessState.ListenerName] : Texts(r, 3),
            Pid = Int(r),
            Metadata = Text(r),
            State = State(r),
        };

        /// <summary>Random features: lists empty or not, text that needs escaping.</summary>
        public static OciFeatures Features(Random r) => new()
        {
            OciVersionMin = Text(r),
            OciVersionMax = Text(r),
            Hooks = Texts(r, 3),
            MountOptions = Texts(r, 3),
            Linux = new OciLinuxFeatures
            {
                Namespaces = Texts(r, 3),
                Capabilities = Texts(r, 3),
                Cgroup = new OciCgroupFeatures { V1 = r.Next(2) == 0, V2 = r.Next(2) == 0, Systemd = r.Next(2) == 0, SystemdUser = r.Next(2) == 0 },
                Seccomp = new OciSeccompFeatures
                {
                    Enabled = r.Next(2) == 0,
                    Actions = Texts(r, 2),
                    Operators = Texts(r, 2),
                    Architectures = Texts(r, 2),
                    KnownFlags = Texts(r, 2),
                    SupportedFlags = Texts(r, 2),
                },
                Apparmor = new OciEnabledFeature { Enabled = r.Next(2) == 0 },
                Selinux = new OciEnabledFeature { Enabled = r.Next(2) == 0 },
                IntelRdt = new OciEnabledFeature { Enabled = r.Next(2) == 0 },
            },
            Annotations = Map(r),
        };
    }
}
