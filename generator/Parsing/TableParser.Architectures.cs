using System;
using System.Collections.Generic;
using System.Linq;
using Interop.Generator.Diagnostics;
using Interop.Generator.Model;
using Interop.Generator.Yaml;

namespace Interop.Generator.Parsing
{
    /// <summary>
    /// Values written per architecture: <c>{ x86_64: 155, aarch64: 41 }</c>. Every architecture of
    /// <see cref="Architectures.All"/> must be there (SYSGEN010), and nothing else (SYSGEN012), so a
    /// table never compiles for an architecture it forgot.
    /// </summary>
    public sealed partial class TableParser
    {
        /// <summary>Reads one value of a per-architecture map, reporting its own problems.</summary>
        private delegate bool NodeParser<T>(YamlNode node, string key, out T value);

        /// <summary>
        /// A scalar (the same value everywhere, unless <paramref name="requireMap"/>) or a map from every
        /// architecture to its value. False, with every problem reported, when either is wrong.
        /// </summary>
        private bool TryPerArchitecture<T>(YamlNode node, string key, NodeParser<T> parseOne, bool requireMap, out PerArchitecture<T>? result)
            where T : IEquatable<T>
        {
            result = null;
            string example = "{ " + string.Join(", ", Architectures.TableKeys.Select(k => k + ": ...")) + " }";
            if (node is YamlScalar && !requireMap)
            {
                if (!parseOne(node, key, out T same))
                {
                    return false;
                }

                result = PerArchitecture<T>.Same(same);
                return true;
            }

            if (node is not YamlMapping map)
            {
                string what = requireMap ? "a map from each architecture to its value" : "one value, or a map from each architecture to its value";
                Report(DiagnosticDescriptors.WrongNodeKind, node, $"'{key}' must be {what}: '{key}: {example}'.");
                return false;
            }

            bool ok = true;
            var values = new T[Architectures.All.Count];
            var given = new bool[Architectures.All.Count];
            foreach (KeyValuePair<YamlScalar, YamlNode> entry in map.Entries)
            {
                if (!Architectures.TryParseTableKey(entry.Key.Value, out TargetArchitecture architecture))
                {
                    string? alias = Architectures.KeyForAlias(entry.Key.Value);
                    string hint = alias is not null ? $" Did you mean '{alias}'?" : Suggestions.Hint(entry.Key.Value, Architectures.TableKeys.ToList());
                    Report(DiagnosticDescriptors.UnknownArchitecture, entry.Key,
                        $"Unknown architecture '{entry.Key.Value}' in '{key}'.{hint} Architectures are named as the kernel names them (uname -m).");
                    ok = false;
                    continue;
                }

                given[(int)architecture] = true;
                if (parseOne(entry.Value, key, out T value))
                {
                    values[(int)architecture] = value;
                }
                else
                {
                    ok = false;
                }
            }

            foreach (TargetArchitecture architecture in Architectures.All.Where(a => !given[(int)a]))
            {
                string name = Architectures.TableKey(architecture);
                Report(DiagnosticDescriptors.MissingArchitecture, map,
                    $"'{key}' has no value for {name}; every per-architecture map lists {string.Join(" and ", Architectures.TableKeys)}: add '{name}: ...'.");
                ok = false;
            }

            if (ok)
            {
                result = new PerArchitecture<T>(values.ToEquatableArray());
            }

            return ok;
        }

        /// <summary>
        /// True when a struct item writes its size, or any field its offset or type, per architecture.
        /// Decided from the text before parsing, so fields of earlier structs can be checked against it.
        /// </summary>
        private static bool HasPerArchitectureLayout(YamlMapping structItem)
        {
            foreach (KeyValuePair<YamlScalar, YamlNode> entry in structItem.Entries)
            {
                if (entry.Key.Value == "size" && entry.Value is YamlMapping)
                {
                    return true;
                }

                if (entry.Key.Value == "fields" && entry.Value is YamlSequence fields)
                {
                    foreach (YamlMapping field in fields.Items.OfType<YamlMapping>())
                    {
                        if (field.Entries.Any(f => (f.Key.Value == "offset" || f.Key.Value == "type") && f.Value is YamlMapping))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
