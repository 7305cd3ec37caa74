using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Interop.Generator.Model;
using Microsoft.CodeAnalysis;
using Nsbox.CommandLineGenerator.Model;

namespace Nsbox.CommandLineGenerator.Reading
{
    /// <summary>
    /// Reads CommandLineParser's attributes ([Verb], [Option], [Value]) off a class, the way the
    /// library's reflection would, into the model the emitters use. Matched by metadata name: the
    /// generator needs no reference to the library.
    /// </summary>
    public static class DeclarationReader
    {
        public const string VerbAttribute = "CommandLine.VerbAttribute";
        public const string OptionAttribute = "CommandLine.OptionAttribute";
        public const string ValueAttribute = "CommandLine.ValueAttribute";

        /// <summary>The property the parser fills with every occurrence, in order (IReadOnlyList&lt;T&gt;, T built as new(name, value)).</summary>
        public const string OccurrencesProperty = "Occurrences";

        private static readonly SymbolDisplayFormat s_fullName = SymbolDisplayFormat.FullyQualifiedFormat;

        /// <summary>The model of one options class; <paramref name="verbName"/> is "" for the global options.</summary>
        public static VerbModel Read(INamedTypeSymbol type, string verbName, string verbHelp)
        {
            var options = new List<OptionModel>();
            var diagnostics = new List<DiagnosticInfo>();
            OperandsModel? operands = null;
            string? occurrencesProperty = null;
            string? occurrenceType = null;

            foreach (IPropertySymbol property in PropertiesInOrder(type))
            {
                if (property.Name == OccurrencesProperty && property.Type is INamedTypeSymbol { IsGenericType: true } list
                    && list.ConstructedFrom.ToDisplayString() == "System.Collections.Generic.IReadOnlyList<T>")
                {
                    occurrencesProperty = property.Name;
                    occurrenceType = list.TypeArguments[0].ToDisplayString(s_fullName);
                    continue;
                }

                foreach (AttributeData attribute in property.GetAttributes())
                {
                    string? attributeName = attribute.AttributeClass?.ToDisplayString();
                    Location? location = property.Locations.FirstOrDefault();
                    if (attributeName == OptionAttribute)
                    {
                        OptionModel? option = ReadOption(property, attribute, location, diagnostics);
                        if (option is null)
                        {
                            continue;
                        }

                        OptionModel? clash = options.FirstOrDefault(o => (o.LongName.Length > 0 && o.LongName == option.LongName) || (o.ShortName != '\0' && o.ShortName == option.ShortName));
                        if (clash is not null)
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticInfo.Ids.DuplicateName, $"Option '{option.DisplayName}' of {type.Name}.{property.Name} has the name of {type.Name}.{clash.Property}.", location));
                            continue;
                        }

                        options.Add(option);
                    }
                    else if (attributeName == ValueAttribute)
                    {
                        bool many = IsStringSequence(property.Type);
                        if (!many && property.Type.SpecialType != SpecialType.System_String)
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticInfo.Ids.UnsupportedType, $"[Value] property {type.Name}.{property.Name} must be IEnumerable<string> or string.", location));
                            continue;
                        }

                        operands = new OperandsModel(property.Name, Named(attribute, "MetaName") ?? "", Named(attribute, "HelpText") ?? "", many);
                    }
                }
            }

            return new VerbModel(
                verbName,
                verbHelp,
                type.ToDisplayString(s_fullName),
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                options.ToEquatableArray(),
                operands,
                occurrencesProperty,
                occurrenceType,
                diagnostics.ToEquatableArray());
        }

        /// <summary>The verb name and help of a [Verb] class, or null when it has none.</summary>
        public static (string Name, string HelpText)? Verb(INamedTypeSymbol type)
        {
            AttributeData? verb = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == VerbAttribute);
            if (verb is null || verb.ConstructorArguments.Length == 0 || verb.ConstructorArguments[0].Value is not string name)
            {
                return null;
            }

            return (name, Named(verb, "HelpText") ?? "");
        }

        private static OptionModel? ReadOption(IPropertySymbol property, AttributeData attribute, Location? location, List<DiagnosticInfo> diagnostics)
        {
            char shortName = '\0';
            string? longName = null;
            foreach (TypedConstant argument in attribute.ConstructorArguments)
            {
                if (argument.Value is char c)
                {
                    shortName = c;
                }
                else if (argument.Value is string s)
                {
                    longName = s;
                }
            }

            // As the library does: [Option] without names is the property's name in lower case.
            if (shortName == '\0' && longName is null)
            {
                longName = property.Name.ToLowerInvariant();
            }

            string metaValue = Named(attribute, "MetaValue") ?? "";
            ITypeSymbol type = property.Type;
            bool nullable = false;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapper)
            {
                type = wrapper.TypeArguments[0];
                nullable = true;
            }

            (OptionKind Kind, Model.ValueType Type)? shape = type.SpecialType switch
            {
                SpecialType.System_Boolean when !nullable => (metaValue.Length > 0 ? OptionKind.OptionalValue : OptionKind.Switch, Model.ValueType.None),
                SpecialType.System_String => (OptionKind.Value, Model.ValueType.String),
                SpecialType.System_Int32 => (OptionKind.Value, Model.ValueType.Int32),
                SpecialType.System_Int64 => (OptionKind.Value, Model.ValueType.Int64),
                _ => IsStringSequence(type) ? (OptionKind.Repeated, Model.ValueType.String) : null,
            };

            if (shape is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticInfo.Ids.UnsupportedType,
                    $"[Option] property {property.ContainingType.Name}.{property.Name} has type {property.Type.ToDisplayString()}; the generated parser fills bool, string, int, long (or their nullable forms) and IEnumerable<string>.", location));
                return null;
            }

            return new OptionModel(shortName, longName ?? "", property.Name, shape.Value.Kind, shape.Value.Type, nullable, metaValue,
                Named(attribute, "HelpText") ?? "", Named(attribute, "Hidden") is "True" or "true");
        }

        private static bool IsStringSequence(ITypeSymbol type) =>
            type is INamedTypeSymbol { IsGenericType: true } named
            && named.ConstructedFrom.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
            && named.TypeArguments[0].SpecialType == SpecialType.System_String;

        /// <summary>A named argument of an attribute as text (bools as "True"/"False"), or null when not given.</summary>
        private static string? Named(AttributeData attribute, string name)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key == name)
                {
                    return argument.Value.Value?.ToString();
                }
            }

            return null;
        }

        /// <summary>Base class properties first, then the class's own, each in declaration order: the order of the help text.</summary>
        private static IEnumerable<IPropertySymbol> PropertiesInOrder(INamedTypeSymbol type)
        {
            var chain = new Stack<INamedTypeSymbol>();
            for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                chain.Push(t);
            }

            return chain.SelectMany(t => t.GetMembers().OfType<IPropertySymbol>()).ToImmutableArray();
        }
    }
}
