using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Interop.Generator.Model;
using Microsoft.CodeAnalysis;
using Nsbox.CommandLineGenerator.Emit;
using Nsbox.CommandLineGenerator.Model;
using Nsbox.CommandLineGenerator.Reading;

namespace Nsbox.CommandLineGenerator
{
    /// <summary>
    /// CommandLineParser's declarations, parsed by generated code: each [Verb] class gets its own
    /// parser (one file, regenerated only when that class changes), and a [GeneratedCommandLine]
    /// partial class gets <c>Parse(args)</c> over all of them. The way System.Text.Json's and
    /// LibraryImport's generators replace reflection: same declarations, code emitted at build time.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class CommandLineGenerator : IIncrementalGenerator
    {
        /// <summary>The pipeline's named steps, for the caching tests.</summary>
        public static class TrackingNames
        {
            public const string Verbs = nameof(Verbs);
            public const string Contexts = nameof(Contexts);
            public const string VerbSources = nameof(VerbSources);
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(static post =>
            {
                post.AddSource(SupportSource.HintName, SupportSource.Text);
                post.AddSource(EditDistanceSource.HintName, EditDistanceSource.Text);
            });

            IncrementalValuesProvider<VerbModel> verbs = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    DeclarationReader.VerbAttribute,
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                    static (ctx, _) => ReadVerb((INamedTypeSymbol)ctx.TargetSymbol))
                .WithTrackingName(TrackingNames.Verbs);

            IncrementalValuesProvider<ContextModel> contexts = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    SupportSource.AttributeMetadataName,
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                    static (ctx, ct) => ReadContext((INamedTypeSymbol)ctx.TargetSymbol, ctx.Attributes[0], ct))
                .WithTrackingName(TrackingNames.Contexts);

            IncrementalValuesProvider<(string HintName, string Source)> verbSources = verbs
                .Select(static (verb, _) => (VerbEmitter.HintName(verb), VerbEmitter.Emit(verb)))
                .WithTrackingName(TrackingNames.VerbSources);

            context.RegisterSourceOutput(verbs, static (spc, verb) =>
            {
                foreach (DiagnosticInfo d in verb.Diagnostics)
                {
                    spc.ReportDiagnostic(d.ToDiagnostic());
                }
            });
            context.RegisterSourceOutput(verbSources, static (spc, source) => spc.AddSource(source.HintName, source.Source));

            context.RegisterSourceOutput(contexts.Combine(verbs.Collect()), static (spc, pair) =>
            {
                (ContextModel model, ImmutableArray<VerbModel> all) = pair;
                foreach (DiagnosticInfo d in model.Diagnostics.Concat(model.Global?.Diagnostics ?? EquatableArray<DiagnosticInfo>.Empty))
                {
                    spc.ReportDiagnostic(d.ToDiagnostic());
                }

                var ordered = new List<VerbModel>();
                foreach (string type in model.VerbTypes)
                {
                    VerbModel? verb = all.FirstOrDefault(v => v.TypeName == type);
                    if (verb is not null)
                    {
                        ordered.Add(verb);
                    }
                }

                if (model.Global is { } global)
                {
                    spc.AddSource(VerbEmitter.HintName(global), VerbEmitter.Emit(global, global: true));
                }

                spc.AddSource(ContextEmitter.HintName(model), ContextEmitter.Emit(model, ordered));
            });
        }

        private static VerbModel ReadVerb(INamedTypeSymbol type)
        {
            (string Name, string HelpText) verb = DeclarationReader.Verb(type) ?? (type.Name.ToLowerInvariant(), "");
            return DeclarationReader.Read(type, verb.Name, verb.HelpText);
        }

        private static ContextModel ReadContext(INamedTypeSymbol type, AttributeData attribute, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var diagnostics = new List<DiagnosticInfo>();
            var verbTypes = new List<string>();
            string program = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string p ? p : type.Name.ToLowerInvariant();
            if (attribute.ConstructorArguments.Length > 1)
            {
                foreach (TypedConstant verb in attribute.ConstructorArguments[1].Values)
                {
                    if (verb.Value is not INamedTypeSymbol verbType)
                    {
                        continue;
                    }

                    if (DeclarationReader.Verb(verbType) is null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticInfo.Ids.NotAVerb,
                            $"{verbType.Name} is named as a verb of {type.Name} but has no [Verb(\"name\")] attribute.", type.Locations.FirstOrDefault()));
                        continue;
                    }

                    verbTypes.Add(verbType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                }
            }

            VerbModel? global = null;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == "Global" && named.Value.Value is INamedTypeSymbol globalType)
                {
                    global = DeclarationReader.Read(globalType, "", "");
                }
            }

            string accessibility = type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
            return new ContextModel(
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                accessibility,
                program,
                verbTypes.ToEquatableArray(),
                global,
                diagnostics.ToEquatableArray());
        }
    }
}
