using Interop.Generator.Model;

namespace Interop.JsonGenerator.Model
{
    /// <summary>One [JsonModel] class: where it is, what kind of declaration it is, its properties in declaration order, and what is wrong with it.</summary>
    public sealed record ModelType(
        string Namespace,
        string Name,
        string FullName,
        string Accessibility,
        bool IsRecord,
        EquatableArray<ModelProperty> Properties,
        EquatableArray<DiagnosticInfo> Diagnostics);
}
