using Interop.JsonGenerator.Emit;
using Interop.JsonGenerator.Model;
using Interop.JsonGenerator.Reading;
using Microsoft.CodeAnalysis;

namespace Interop.JsonGenerator
{
    /// <summary>
    /// [JsonModel] classes read and written by generated code: each class gets its own file
    /// (regenerated only when that class changes) with <c>ReadJson</c> on Utf8JsonReader and
    /// <c>WriteJson</c> on Utf8JsonWriter. The declarations are System.Text.Json's
    /// ([JsonPropertyName], [JsonIgnore]); what is emitted needs none of JsonSerializer's metadata,
    /// so nothing in the program reflects over the models (docs/json.md).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class JsonModelGenerator : IIncrementalGenerator
    {
        /// <summary>The pipeline's named steps, for the caching tests.</summary>
        public static class TrackingNames
        {
            public const string Models = nameof(Models);
            public const string Sources = nameof(Sources);
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ModelType> models = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    ModelReader.ModelAttribute,
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                    static (ctx, ct) => ModelReader.Read((INamedTypeSymbol)ctx.TargetSymbol, ct))
                .WithTrackingName(TrackingNames.Models);

            IncrementalValuesProvider<(string HintName, string Source, bool Valid)> sources = models
                .Select(static (model, _) => (ModelEmitter.HintName(model), ModelEmitter.Emit(model), model.Diagnostics.Count == 0))
                .WithTrackingName(TrackingNames.Sources);

            context.RegisterSourceOutput(models, static (spc, model) =>
            {
                foreach (DiagnosticInfo d in model.Diagnostics)
                {
                    spc.ReportDiagnostic(d.ToDiagnostic());
                }
            });

            // A class with a mistake gets no code: the diagnostic is the one error, not a cascade of compile errors.
            context.RegisterSourceOutput(sources, static (spc, source) =>
            {
                if (source.Valid)
                {
                    spc.AddSource(source.HintName, source.Source);
                }
            });
        }
    }
}
