using System;
using System.Collections.Generic;
using System.Globalization;
using Interop.Generator.Diagnostics;
using Interop.Generator.Model;
using Interop.Generator.Yaml;

namespace Interop.Generator.Parsing
{
    /// <summary>Named integers: constants (a value, or one per architecture), flag sets and errno values.</summary>
    public sealed partial class TableParser
    {
        private static readonly string[] s_constantKeys = { "name", "type", "value", "c", "since", "doc" };
        private static readonly string[] s_flagSetKeys = { "name", "type", "since", "doc", "values" };
        private static readonly string[] s_flagValueKeys = { "name", "c", "value", "since", "doc" };
        private static readonly string[] s_errnoKeys = { "name", "value", "doc" };

        private ConstantModel? ParseConstant(YamlMapping item)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_constantKeys, new[] { "name", "type", "value" }, "a constant");
            string? name = IdentifierValue(keys, "name");
            string? type = IntegerType(keys);
            PerArchitecture<string>? value = null;
            if (type is not null && keys.TryGetValue("value", out YamlNode? valueNode))
            {
                TryPerArchitecture(valueNode, "value", (YamlNode node, string key, out string text) =>
                {
                    text = IntegerScalar(node, key, type) ?? "";
                    return text.Length > 0;
                }, requireMap: false, out value);
            }

            if (name is null || type is null || value is null)
            {
                return null;
            }

            Define("native", name, keys["name"]);
            return new ConstantModel(name, type, value, LineValue(keys, "c"), Docs(keys));
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

                if (valueName == "None" || valueName == "value__")
                {
                    // The enum's own members: None = 0 is generated for every flag set.
                    Report(DiagnosticDescriptors.DuplicateName, vk["name"], $"'{valueName}' is generated in every flag set ('None' is 0); give this flag another name.");
                    continue;
                }

                if (seen.TryGetValue(valueName, out YamlNode? first))
                {
                    Report(DiagnosticDescriptors.DuplicateName, vk["name"], $"Flag '{valueName}' is already defined on line {first.Line}; rename or remove one of them.");
                    continue;
                }

                seen[valueName] = vk["name"];
                values.Add(new FlagValueModel(valueName, value, LineValue(vk, "c"), Docs(vk)));
            }

            if (name is null || type is null)
            {
                return null;
            }

            Define("type", name, keys["name"]);
            return new FlagSetModel(name, type, values.ToEquatableArray(), Docs(keys));
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

            if (name == "None")
            {
                Report(DiagnosticDescriptors.DuplicateName, keys["name"], "'None' is generated (errno 0); give this errno value another name.");
                return null;
            }

            Define("errno", name, keys["name"]);
            return new ErrnoValueModel(name, int.Parse(value, CultureInfo.InvariantCulture), doc);
        }
    }
}
