using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Interop.Generator.Diagnostics
{
    /// <summary>
    /// An equatable stand-in for a <see cref="Diagnostic"/>: Diagnostic and Location do not compare by
    /// value, so the pipeline carries this and builds the real diagnostic only when it reports.
    /// </summary>
    public sealed record DiagnosticInfo(string Id, string FilePath, int Line, int Column, int Length, string Message)
    {
        public Diagnostic ToDiagnostic()
        {
            DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(Id);
            // Roslyn positions are 0-based; the table's are 1-based.
            var start = new LinePosition(Math.Max(0, Line - 1), Math.Max(0, Column - 1));
            var end = new LinePosition(start.Line, start.Character + Math.Max(1, Length));
            Location location = Location.Create(FilePath, new TextSpan(0, 0), new LinePositionSpan(start, end));
            return Diagnostic.Create(descriptor, location, Message);
        }
    }
}
