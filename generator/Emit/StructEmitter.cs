using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>Structs get explicit layout: every field at the offset the table gives, the size fixed.</summary>
    public static class StructEmitter
    {
        public static string Emit(TableSettings settings, StructModel s)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            DocComments.Write(w, s.Docs, s.CName);
            w.Line($"[global::System.Runtime.InteropServices.StructLayout(global::System.Runtime.InteropServices.LayoutKind.Explicit, Size = {s.Size})]");
            w.Block($"public unsafe partial struct {s.Name}", () =>
            {
                w.Line($"/// <summary>The size of the C struct in bytes.</summary>");
                w.Line($"public const int SizeInBytes = {s.Size};");
                foreach (FieldModel f in s.Fields)
                {
                    w.Line();
                    if (f.Doc is { Length: > 0 } doc)
                    {
                        w.Line($"/// <summary>{DocComments.Escape(doc)}</summary>");
                    }

                    if (f.CName is not null)
                    {
                        w.Line($"/// <remarks>C name: <c>{DocComments.Escape(f.CName)}</c>.</remarks>");
                    }

                    w.Line($"[global::System.Runtime.InteropServices.FieldOffset({f.Offset})]");
                    w.Line(f.ArrayLength is int n
                        ? $"public fixed {f.Type} {Identifiers.Escape(f.Name)}[{n}];"
                        : $"public {f.Type} {Identifiers.Escape(f.Name)};");
                }
            });
            return w.ToString();
        }
    }
}
