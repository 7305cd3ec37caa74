using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Interop.Generator.Model;
using Interop.JsonGenerator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Interop.JsonGenerator.Reading
{
    /// <summary>A [JsonModel] class's symbols -> its <see cref="ModelType"/>: System.Text.Json's attributes read the way its generator reads them.</summary>
    internal static class ModelReader
    {
        public const string ModelAttribute = "Interop.Runtime.Json.JsonModelAttribute";
        private const string PropertyNameAttribute = "System.Text.Json.Serialization.JsonPropertyNameAttribute";
        private const string IgnoreAttribute = "System.Text.Json.Serialization.JsonIgnoreAttribute";
        private const string ElementType = "System.Text.Json.JsonElement";

        // JsonIgnoreCondition's values.
        private const int Never = 0, Always = 1, WhenWritingDefault = 2, WhenWritingNull = 3;

        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static ModelType Read(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            Location? where = type.Locations.FirstOrDefault();
            bool partial = type.DeclaringSyntaxReferences.All(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax d
                && d.Modifiers.Any(m => m.ValueText == "partial"));
            if (!partial || type.ContainingType is not null || type.IsGenericType || type.TypeKind != TypeKind.Class || type.IsStatic || type.IsAbstract)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticInfo.Ids.NotPartial,
                    $"[JsonModel] {type.Name} must be a top-level, non-generic, non-abstract partial class or record: the reader and writer are generated into it.", where));
            }

            if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticInfo.Ids.NoConstructor,
                    $"[JsonModel] {type.Name} needs a public parameterless constructor: the reader creates it with an object initializer.", where));
            }

            var properties = new List<ModelProperty>();
            foreach (ISymbol member in type.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is not IPropertySymbol property || property.IsStatic || property.IsIndexer
                    || property.DeclaredAccessibility != Accessibility.Public
                    || property.GetMethod is not { DeclaredAccessibility: Accessibility.Public }
                    || property.SetMethod is not { DeclaredAccessibility: Accessibility.Public })
                {
                    // What System.Text.Json would only write (get-only, computed) is neither read nor written.
                    continue;
                }

                int ignore = IgnoreOf(property);
                if (ignore == Always)
                {
                    continue;
                }

                Location? at = property.Locations.FirstOrDefault();
                ValueShape? shape = ShapeOf(property.Type);
                if (shape is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticInfo.Ids.UnsupportedType,
                        $"{type.Name}.{property.Name} is of type {property.Type.ToDisplayString()}, which the generated JSON reader cannot read: use string, bool, int, uint, long, ulong, ushort (or their nullable forms), JsonElement, a [JsonModel] class, an array or list of these, or a dictionary from string to one of these.", at));
                    continue;
                }

                properties.Add(new ModelProperty(
                    property.Name,
                    JsonNameOf(property),
                    shape,
                    ignore switch { WhenWritingNull => IgnoreCondition.WhenWritingNull, WhenWritingDefault => IgnoreCondition.WhenWritingDefault, _ => IgnoreCondition.Never },
                    HasInitializer(property, cancellationToken)));
            }

            return new ModelType(
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
                type.IsRecord,
                properties.ToEquatableArray(),
                diagnostics.ToEquatableArray());
        }

        /// <summary>The shape of <paramref name="type"/>, or null when the generated code cannot read it.</summary>
        private static ValueShape? ShapeOf(ITypeSymbol type)
        {
            string name = type.ToDisplayString(s_typeFormat);
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                ValueShape? inner = ShapeOf(nullable.TypeArguments[0]);
                return inner is null || inner.Item is not null ? null : inner with { TypeName = name, IsNullableValue = true };
            }

            ShapeKind? scalar = type.SpecialType switch
            {
                SpecialType.System_String => ShapeKind.String,
                SpecialType.System_Boolean => ShapeKind.Boolean,
                SpecialType.System_Int32 => ShapeKind.Int32,
                SpecialType.System_UInt32 => ShapeKind.UInt32,
                SpecialType.System_Int64 => ShapeKind.Int64,
                SpecialType.System_UInt64 => ShapeKind.UInt64,
                SpecialType.System_UInt16 => ShapeKind.UInt16,
                _ => null,
            };
            if (scalar is { } kind)
            {
                return new ValueShape(kind, name, false, type.IsValueType, null);
            }

            if (type.ToDisplayString() == ElementType)
            {
                return new ValueShape(ShapeKind.Element, name, false, true, null);
            }

            if (type is IArrayTypeSymbol { Rank: 1 } array)
            {
                return ShapeOf(array.ElementType) is { } item ? new ValueShape(ShapeKind.Array, name, false, false, item) : null;
            }

            if (type is not INamedTypeSymbol named)
            {
                return null;
            }

            if (named.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ModelAttribute))
            {
                return new ValueShape(ShapeKind.Model, name, false, false, null);
            }

            string definition = named.OriginalDefinition.ToDisplayString();
            switch (definition)
            {
                case "System.Collections.Generic.List<T>":
                case "System.Collections.Generic.IList<T>":
                case "System.Collections.Generic.IReadOnlyList<T>":
                case "System.Collections.Generic.ICollection<T>":
                case "System.Collections.Generic.IReadOnlyCollection<T>":
                case "System.Collections.Generic.IEnumerable<T>":
                    return ShapeOf(named.TypeArguments[0]) is { } item ? new ValueShape(ShapeKind.List, name, false, false, item) : null;
                case "System.Collections.Generic.Dictionary<TKey, TValue>":
                case "System.Collections.Generic.IDictionary<TKey, TValue>":
                case "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>":
                    return named.TypeArguments[0].SpecialType == SpecialType.System_String && ShapeOf(named.TypeArguments[1]) is { } value
                        ? new ValueShape(ShapeKind.Dictionary, name, false, false, value)
                        : null;
                default:
                    return null;
            }
        }

        /// <summary>[JsonPropertyName("x")]'s name, else the C# name in camelCase (JsonNamingPolicy.CamelCase: the leading capitals lowered).</summary>
        private static string JsonNameOf(IPropertySymbol property)
        {
            AttributeData? named = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PropertyNameAttribute);
            if (named is { ConstructorArguments.Length: 1 } && named.ConstructorArguments[0].Value is string given)
            {
                return given;
            }

            return CamelCase(property.Name);
        }

        /// <summary>
        /// System.Text.Json's camelCase: the first character lowered, and of a run of capitals every
        /// one but the last that starts a new word ("URLValue" -> "urlValue", "ID" -> "id").
        /// </summary>
        internal static string CamelCase(string name)
        {
            if (name.Length == 0 || !char.IsUpper(name[0]))
            {
                return name;
            }

            char[] chars = name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (i == 1 && !char.IsUpper(chars[i]))
                {
                    break;
                }

                bool hasNext = i + 1 < chars.Length;
                if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
                {
                    if (chars[i + 1] == ' ')
                    {
                        chars[i] = char.ToLowerInvariant(chars[i]);
                    }

                    break;
                }

                chars[i] = char.ToLowerInvariant(chars[i]);
            }

            return new string(chars);
        }

        private static int IgnoreOf(IPropertySymbol property)
        {
            AttributeData? ignore = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == IgnoreAttribute);
            if (ignore is null)
            {
                return Never;
            }

            foreach (KeyValuePair<string, TypedConstant> argument in ignore.NamedArguments)
            {
                if (argument.Key == "Condition" && argument.Value.Value is int condition)
                {
                    return condition;
                }
            }

            // [JsonIgnore] alone: always.
            return Always;
        }

        private static bool HasInitializer(IPropertySymbol property, CancellationToken cancellationToken) =>
            property.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is PropertyDeclarationSyntax { Initializer: not null });
    }
}
