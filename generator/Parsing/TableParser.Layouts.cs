using System;
using System.Collections.Generic;
using System.Linq;
using Interop.Generator.Diagnostics;
using Interop.Generator.Model;
using Interop.Generator.Yaml;

namespace Interop.Generator.Parsing
{
    /// <summary>
    /// Struct layouts checked as a C compiler lays them out: every field inside the struct, at an offset its
    /// type's alignment divides (unless the struct is <c>packed</c>), and a size the struct's alignment divides.
    /// A wrong layout would compile to code that reads and writes the wrong bytes, so it is reported and the
    /// struct is not generated. Fields whose type is another struct are checked by <see cref="TableChecker"/>,
    /// once every struct's layout is known.
    /// </summary>
    public sealed partial class TableParser
    {
        /// <summary>Members every generated struct has (or has in its per-architecture form).</summary>
        private static readonly string[] s_structMembers = { "SizeInBytes", "AsX64", "AsArm64", "X64", "Arm64" };

        /// <summary>The suffixes of the accessors a byte array field (a C char[N]) gets.</summary>
        public const string SpanSuffix = "Span";
        public const string StringSuffix = "String";

        private bool CheckMemberNames(string structName, List<FieldModel> fields, List<YamlMapping> items)
        {
            var generated = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (FieldModel f in fields.Where(IsCharArray))
            {
                generated[f.Name + SpanSuffix] = f.Name;
                generated[f.Name + StringSuffix] = f.Name;
            }

            for (int i = 0; i < fields.Count; i++)
            {
                string name = fields[i].Name;
                YamlNode at = NodeOf(items[i], "name") ?? items[i];
                string? problem = name == structName ? $"Field '{name}' has the struct's own name, which C# does not allow for a member; rename the field."
                    : s_structMembers.Contains(name) ? $"Field '{name}' has the name of a generated member of every struct; rename the field."
                    : TableChecker.ObjectMembers.Contains(name) ? $"Field '{name}' would hide {name}, which every struct inherits from object; rename the field."
                    : generated.TryGetValue(name, out string? owner) ? $"Field '{name}' has the name of the accessor generated for '{owner}' (a char array); rename one of them."
                    : null;
                if (problem is not null)
                {
                    Report(DiagnosticDescriptors.DuplicateName, at, problem);
                    return false;
                }
            }

            return true;
        }

        /// <summary>A byte or sbyte array: a C char[N], which gets span and string accessors.</summary>
        public static bool IsCharArray(FieldModel f) =>
            Architectures.All.All(a => f.Type[a].ArrayLength is not null && f.Type[a].Type is "byte" or "sbyte");

        /// <summary>Checks the fields whose size this entry knows; returns the facts the table-wide check needs, or null.</summary>
        private StructFacts? CheckOwnLayout(string name, PerArchitecture<int> size, bool packed, YamlNode sizeNode, List<FieldModel> fields, List<YamlMapping> items)
        {
            int alignment = 1;
            var nested = new List<NestedField>();
            for (int i = 0; i < fields.Count; i++)
            {
                FieldModel f = fields[i];
                YamlNode offsetNode = NodeOf(items[i], "offset") ?? items[i];
                YamlNode typeNode = NodeOf(items[i], "type") ?? items[i];
                foreach (TargetArchitecture architecture in Architectures.All)
                {
                    FieldType type = f.Type[architecture];
                    int offset = f.Offset[architecture];
                    string where = f.Offset.IsUniform && size.IsUniform && f.Type.IsUniform ? "" : $" on {Architectures.TableKey(architecture)}";
                    string? nestedStruct = StructName(type.Type);
                    if (nestedStruct is not null)
                    {
                        if (nestedStruct == name)
                        {
                            Report(DiagnosticDescriptors.InvalidValue, typeNode, $"Struct '{name}' cannot contain itself by value (field '{f.Name}'); use a pointer ('{name}*').");
                            return null;
                        }

                        // Checked once every struct's size is known (TableChecker).
                        if (architecture == Architectures.All[0])
                        {
                            nested.Add(new NestedField(f.Name, nestedStruct, f.Offset, type.ArrayLength ?? 1, PositionOf(offsetNode), PositionOf(typeNode)));
                        }

                        continue;
                    }

                    int elementSize = TypeNames.SizeOf(FlagUnderlyingType(type.Type) ?? type.Type) ?? 0;
                    if (elementSize == 0)
                    {
                        Report(DiagnosticDescriptors.UnknownType, typeNode, $"Field '{f.Name}' has a type whose size is not known.");
                        return null;
                    }

                    long total = (long)elementSize * (type.ArrayLength ?? 1);
                    if (offset + total > size[architecture])
                    {
                        Report(DiagnosticDescriptors.ValueOutOfRange, offsetNode,
                            $"Field '{f.Name}' ({total} bytes at offset {offset}{where}) runs past the end of struct '{name}' ({size[architecture]} bytes).");
                        return null;
                    }

                    if (!packed && offset % elementSize != 0)
                    {
                        Report(DiagnosticDescriptors.InvalidValue, offsetNode,
                            $"Field '{f.Name}' at offset {offset}{where} is misaligned: its type needs a multiple of {elementSize}. If the C struct is packed, add 'packed: true' to '{name}'.");
                        return null;
                    }

                    alignment = Math.Max(alignment, elementSize);
                }
            }

            if (!packed && nested.Count == 0)
            {
                foreach (TargetArchitecture architecture in Architectures.All)
                {
                    if (size[architecture] % alignment != 0)
                    {
                        Report(DiagnosticDescriptors.InvalidValue, sizeNode,
                            $"Struct '{name}' has size {size[architecture]}, not a multiple of its alignment {alignment} (C pads a struct to its alignment). If the C struct is packed, add 'packed: true'.");
                        return null;
                    }
                }
            }

            return new StructFacts(alignment, packed, PositionOf(sizeNode), nested.ToEquatableArray());
        }

        /// <summary>The struct a raw type names by value ("global::Ns.Stat" → "Stat"), or null for integers, enums and pointers.</summary>
        private string? StructName(string rawType)
        {
            string prefix = "global::" + _namespace + ".";
            if (!rawType.StartsWith(prefix, StringComparison.Ordinal) || rawType.EndsWith("*"))
            {
                return null;
            }

            string name = rawType.Substring(prefix.Length);
            return _structNames.Contains(name) ? name : null;
        }
    }
}
