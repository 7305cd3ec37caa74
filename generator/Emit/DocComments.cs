using System.Security;
using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>Carries the table's docs and kernel versions into XML doc comments.</summary>
    public static class DocComments
    {
        /// <param name="note">A sentence added to the remarks, such as which architecture a value is for.</param>
        public static void Write(SourceWriter w, ItemDocs docs, string? cName = null, string kindOfSince = "Linux", string? note = null)
        {
            if (docs.Summary is { Length: > 0 } summary)
            {
                w.Line("/// <summary>");
                foreach (string line in summary.Split('\n'))
                {
                    w.Line("/// " + Escape(line.TrimEnd()));
                }

                w.Line("/// </summary>");
            }

            string? remarks = (cName, docs.Since) switch
            {
                (null, null) => null,
                (null, string since) => $"Since {kindOfSince} {since}.",
                (string c, null) => $"C name: <c>{Escape(c)}</c>.",
                (string c, string since) => $"C name: <c>{Escape(c)}</c>. Since {kindOfSince} {since}.",
            };
            if (note is not null)
            {
                remarks = remarks is null ? note : remarks + " " + note;
            }

            if (remarks is not null)
            {
                w.Line($"/// <remarks>{remarks}</remarks>");
            }
        }

        public static void Param(SourceWriter w, string name, string? doc)
        {
            if (doc is { Length: > 0 })
            {
                w.Line($"/// <param name=\"{name}\">{Escape(doc)}</param>");
            }
        }

        public static string Escape(string text) => SecurityElement.Escape(text) ?? "";
    }
}
