using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Interop.JsonGenerator.Model
{
    /// <summary>A diagnostic held by value (a Location would defeat the pipeline's caching); every descriptor of the generator is in this one table.</summary>
    public sealed record DiagnosticInfo(string Id, string Message, string FilePath, TextSpan Span, LinePositionSpan Lines)
    {
        public static readonly DiagnosticDescriptor UnsupportedType = Error(Ids.UnsupportedType, "Unsupported JSON property type");
        public static readonly DiagnosticDescriptor NotPartial = Error(Ids.NotPartial, "Not a top-level partial class");
        public static readonly DiagnosticDescriptor NoConstructor = Error(Ids.NoConstructor, "No public parameterless constructor");

        private static readonly DiagnosticDescriptor[] s_descriptors = [UnsupportedType, NotPartial, NoConstructor];

        public static DiagnosticInfo Create(string id, string message, Location? location)
        {
            FileLinePositionSpan lines = location?.GetLineSpan() ?? default;
            return new DiagnosticInfo(id, message, lines.Path ?? "", location?.SourceSpan ?? default, lines.Span);
        }

        public Diagnostic ToDiagnostic()
        {
            DiagnosticDescriptor descriptor = System.Array.Find(s_descriptors, d => d.Id == Id);
            Location location = FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, Lines);
            return Diagnostic.Create(descriptor, location, Message);
        }

        private static DiagnosticDescriptor Error(string id, string title) =>
            new DiagnosticDescriptor(id, title, "{0}", "Json", DiagnosticSeverity.Error, isEnabledByDefault: true);

        /// <summary>The diagnostic ids (AnalyzerReleases.Unshipped.md).</summary>
        public static class Ids
        {
            public const string UnsupportedType = "NSJSON001";
            public const string NotPartial = "NSJSON002";
            public const string NoConstructor = "NSJSON003";
        }
    }
}
