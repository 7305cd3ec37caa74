using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>Flag sets become [Flags] enums with an explicit underlying type, like Rust's bitflags.</summary>
    public static class FlagsEmitter
    {
                public static string Emit(TableSettings settings, FlagSetModel set)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            Write(w, settings, set);
            return w.ToString();
        }

        /// <summary>The same, into a file other entries share (several partial class blocks or types in one namespace).</summary>
        public static void Write(SourceWriter w, TableSettings settings, FlagSetModel set)
        {
            DocComments.Write(w, set.Docs);
            GeneratedCode.Attributes(w);
            w.Line("[global::System.Flags]");
            w.Block($"{settings.Visibility} enum {set.Name} : {set.UnderlyingType}", () =>
            {
                w.Line("/// <summary>No flag set.</summary>");
                w.Line("None = 0,");
                foreach (FlagValueModel v in set.Values)
                {
                    w.Line();
                    DocComments.Write(w, v.Docs, v.CName);
                    w.Line($"{Identifiers.Escape(v.Name)} = {Literals.Integer(v.Value, set.UnderlyingType, preferHex: true)},");
                }
            });
        }
    }
}
