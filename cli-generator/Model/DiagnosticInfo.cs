using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Nsbox.CommandLineGenerator.Model
{
    /// <summary>A diagnostic held by value (a Location would defeat the pipeline's caching).</summary>
    public sealed record DiagnosticInfo(string Id, string Message, string FilePath, TextSpan Span, LinePositionSpan Lines)
    {
        public static readonly DiagnosticDescriptor UnsupportedType = Error("NSCLI001", "Unsupported option type");
        public static readonly DiagnosticDescriptor DuplicateName = Error("NSCLI002", "Duplicate option name");
        public static readonly DiagnosticDescriptor NotAVerb = Error("NSCLI003", "Not a verb");

        private static readonly DiagnosticDescriptor[] s_descriptors = [UnsupportedType, DuplicateName, NotAVerb];

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
            new DiagnosticDescriptor(id, title, "{0}", "CommandLine", DiagnosticSeverity.Error, isEnabledByDefault: true);

        /// <summary>The diagnostic ids (AnalyzerReleases.Unshipped.md).</summary>
        public static class Ids
        {
            public const string UnsupportedType = "NSCLI001";
            public const string DuplicateName = "NSCLI002";
            public const string NotAVerb = "NSCLI003";
        }
    }
}
