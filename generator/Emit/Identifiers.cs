using Microsoft.CodeAnalysis.CSharp;

namespace Interop.Generator.Emit
{
    public static class Identifiers
    {
        /// <summary>Prefixes '@' to names that are C# keywords (a parameter called 'params', 'event', ...).</summary>
        public static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None
                ? "@" + name
                : name;
    }
}
