using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// The typed errno: an enum of named values, their names and messages without reflection or a
    /// strerror call (usable in trimmed and AOT programs), and the exception the friendly layer throws.
    /// </summary>
    public static class ErrnoEmitter
    {
        public static string Emit(TableSettings settings, EquatableArray<ErrnoValueModel> values)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            w.Line("/// <summary>An error number as the kernel returns it (errno).</summary>");
            w.Block("public enum Errno : int", () =>
            {
                w.Line("/// <summary>No error.</summary>");
                w.Line("None = 0,");
                foreach (ErrnoValueModel v in values)
                {
                    w.Line($"/// <summary>{DocComments.Escape(v.Message)}</summary>");
                    w.Line($"{Identifiers.Escape(v.Name)} = {v.Value},");
                }
            });
            w.Line();
            w.Line("/// <summary>Names and messages of <see cref=\"Errno\"/> values, as the table gives them.</summary>");
            w.Block("public static class ErrnoInfo", () =>
            {
                w.Line("/// <summary>The symbolic name (\"ENOENT\"), or \"errno N\" for a value the table does not know.</summary>");
                w.Block("public static string Name(this Errno errno) => errno switch", () =>
                {
                    foreach (ErrnoValueModel v in values)
                    {
                        w.Line($"Errno.{Identifiers.Escape(v.Name)} => \"{v.Name}\",");
                    }

                    w.Line("_ => \"errno \" + ((int)errno).ToString(global::System.Globalization.CultureInfo.InvariantCulture),");
                }, "};");
                w.Line();
                w.Line("/// <summary>The message strerror(3) gives in the C locale (\"No such file or directory\").</summary>");
                w.Block("public static string Message(this Errno errno) => errno switch", () =>
                {
                    foreach (ErrnoValueModel v in values)
                    {
                        w.Line($"Errno.{Identifiers.Escape(v.Name)} => \"{Escape(v.Message)}\",");
                    }

                    w.Line("_ => \"Unknown error \" + ((int)errno).ToString(global::System.Globalization.CultureInfo.InvariantCulture),");
                }, "};");
            });
            w.Line();
            w.Line("/// <summary>A native call failed. The message names the call, the argument that failed (a path, a name) and the error.</summary>");
            w.Block("public sealed class ErrnoException : global::System.Exception", () =>
            {
                w.Block("public ErrnoException(string call, Errno errno, string? argument = null)", () =>
                {
                    w.Line("Call = call;");
                    w.Line("Errno = errno;");
                    w.Line("Argument = argument;");
                }, "}");
                w.Line();
                w.Line("/// <summary>The native function that failed (\"mount\").</summary>");
                w.Line("public string Call { get; }");
                w.Line();
                w.Line("/// <summary>Why it failed.</summary>");
                w.Line("public Errno Errno { get; }");
                w.Line();
                w.Line("/// <summary>The argument the failure is about (a path, a hostname), when there is one.</summary>");
                w.Line("public string? Argument { get; }");
                w.Line();
                w.Line("/// <summary>One line: <c>call argument: message (NAME)</c>.</summary>");
                w.Line("public override string Message => Format(Call, Errno, Argument);");
                w.Line();
                w.Line("/// <summary>The one-line form every error of this library takes: <c>mount /x: No such file or directory (ENOENT)</c>.</summary>");
                w.Line("public static string Format(string what, Errno errno, string? argument = null) =>");
                w.Line("    (argument is null ? what : what + \" \" + argument) + \": \" + errno.Message() + \" (\" + errno.Name() + \")\";");
            });
            return w.ToString();
        }

        private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
    }
}
