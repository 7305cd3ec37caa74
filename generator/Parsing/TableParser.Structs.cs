using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Interop.Generator.Diagnostics;
using Interop.Generator.Model;
using Interop.Generator.Yaml;

namespace Interop.Generator.Parsing
{
    /// <summary>
    /// Explicit-layout structs. <c>size</c>, and each field's <c>offset</c> and <c>type</c>, are one value
    /// or a per-architecture map (struct stat: st_nlink is 8 bytes at 16 on x86_64, 4 bytes at 20 on aarch64).
    /// </summary>
    public sealed partial class TableParser
    {
        private static readonly string[] s_structKeys = { "name", "c", "since", "doc", "size", "fields", "packed" };
        private static readonly string[] s_fieldKeys = { "name", "type", "offset", "c", "doc" };

        private StructModel? ParseStruct(YamlMapping item)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_structKeys, new[] { "name", "size", "fields" }, "a struct");
            string? name = IdentifierValue(keys, "name");
            PerArchitecture<int>? size = null;
            if (keys.TryGetValue("size", out YamlNode? sizeNode))
            {
                TryPerArchitecture(sizeNode, "size", TryStructSize, requireMap: false, out size);
            }

            bool packed = BooleanValue(keys, "packed");
            var fields = new List<FieldModel>();
            var fieldItems = new List<YamlMapping>();
            bool ok = true;
            foreach (YamlMapping f in Items(keys, "fields"))
            {
                FieldModel? field = ParseField(f, size);
                if (field is null)
                {
                    ok = false;
                    continue;
                }

                if (fields.Any(other => other.Name == field.Name))
                {
                    Report(DiagnosticDescriptors.DuplicateName, NodeOf(f, "name") ?? f, $"Field '{field.Name}' appears twice in struct '{name}'; give each field its own name.");
                    ok = false;
                    continue;
                }

                fields.Add(field);
                fieldItems.Add(f);
            }

            if (name is null || size is null || sizeNode is null || !ok)
            {
                return null;
            }

            if (!CheckMemberNames(name, fields, fieldItems))
            {
                return null;
            }

            StructFacts? layout = CheckOwnLayout(name, size, packed, sizeNode, fields, fieldItems);
            if (layout is null)
            {
                return null;
            }

            _layout = layout;
            Define("type", name, keys["name"]);
            return new StructModel(name, LineValue(keys, "c"), size, fields.ToEquatableArray(), Docs(keys));
        }

        private bool TryStructSize(YamlNode node, string key, out int size)
        {
            string? text = IntegerScalar(node, key, "int");
            size = text is null ? 0 : int.Parse(text, CultureInfo.InvariantCulture);
            if (text is not null && size <= 0)
            {
                Report(DiagnosticDescriptors.ValueOutOfRange, node, "A struct must have a positive size in bytes.");
                return false;
            }

            return text is not null;
        }

        /// <param name="structSize">The struct's sizes, to range-check offsets; null when the size itself was wrong.</param>
        private FieldModel? ParseField(YamlMapping item, PerArchitecture<int>? structSize)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_fieldKeys, new[] { "name", "type", "offset" }, "a struct field");
            string? name = IdentifierValue(keys, "name");
            PerArchitecture<FieldType>? type = null;
            PerArchitecture<int>? offset = null;
            if (keys.TryGetValue("type", out YamlNode? typeNode))
            {
                TryPerArchitecture(typeNode, "type", TryFieldType, requireMap: false, out type);
            }

            if (keys.TryGetValue("offset", out YamlNode? offsetNode))
            {
                TryPerArchitecture(offsetNode, "offset", TryOffset, requireMap: false, out offset);
            }

            if (name is null || type is null || offset is null)
            {
                return null;
            }

            return new FieldModel(name, type, offset, LineValue(keys, "c"), Docs(keys).Summary);
        }

        private bool TryOffset(YamlNode node, string key, out int offset)
        {
            string? text = IntegerScalar(node, key, "int");
            offset = text is null ? 0 : int.Parse(text, CultureInfo.InvariantCulture);
            if (text is not null && offset < 0)
            {
                Report(DiagnosticDescriptors.ValueOutOfRange, node, $"Offset {offset} is negative; offsets count bytes from the start of the struct.");
                return false;
            }

            return text is not null;
        }

        /// <summary>A field type: a value type, or <c>T[n]</c> with an integer element type (a C# fixed buffer).</summary>
        private bool TryFieldType(YamlNode node, string key, out FieldType type)
        {
            type = new FieldType("", null);
            string? typeText = ScalarText(node, key);
            if (typeText is null)
            {
                return false;
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
                    Report(DiagnosticDescriptors.InvalidValue, node, $"Array field type '{typeText}' needs a positive length, e.g. 'byte[16]'.");
                    return false;
                }
            }

            string? raw = arrayLength is null ? ValueType(elementText) : TypeNames.Integer(elementText);
            if (raw is null)
            {
                string hint = arrayLength is null ? "" : " Fixed-size array fields must have an integer element type.";
                Report(DiagnosticDescriptors.UnknownType, node, UnknownTypeMessage(elementText, Array.Empty<string>()) + hint);
                return false;
            }

            // A per-architecture struct has no single size to embed; in a build without a RuntimeIdentifier it is
            // as large as its largest layout, which would shift every field after it.
            if (arrayLength is null && _perArchitectureStructs.Contains(elementText.Trim()))
            {
                Report(DiagnosticDescriptors.InvalidValue, node,
                    $"Struct '{elementText.Trim()}' has a per-architecture layout, so it cannot be embedded in another struct; use a pointer ('{elementText.Trim()}*').");
                return false;
            }

            type = new FieldType(raw, arrayLength);
            return true;
        }
    }
}
