using System.Collections.Generic;
using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// The typed errno: an enum of named values, their names and messages without reflection or a
    /// strerror call (usable in trimmed and AOT programs), and the exception the friendly layer throws.
    /// </summary>
    public static class ErrnoEmitter
    {
        public static string Emit(TableSettings settings, EquatableArray<ErrnoValueModel> errnoValues)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            // Aliases (EWOULDBLOCK is EAGAIN) are enum members too, but a switch has one arm per value: the first name wins.
            var distinct = new List<ErrnoValueModel>();
            var values = new HashSet<int>();
            foreach (ErrnoValueModel v in errnoValues)
            {
                if (values.Add(v.Value))
                {
                    distinct.Add(v);
                }
            }

            w.Line("/// <summary>An error number as the kernel returns it (errno).</summary>");
            GeneratedCode.Attributes(w);
            w.Block($"{settings.Visibility} enum Errno : int", () =>
            {
                w.Line("/// <summary>No error.</summary>");
                w.Line("None = 0,");
                foreach (ErrnoValueModel v in errnoValues)
                {
                    DocComments.Element(w, "<summary>", "</summary>", v.Message);
                    w.Line($"{Identifiers.Escape(v.Name)} = {v.Value},");
                }
            });
            w.Line();
            w.Line("/// <summary>Names and messages of <see cref=\"Errno\"/> values, as the table gives them.</summary>");
            GeneratedCode.Attributes(w);
            w.Block($"{settings.Visibility} static class ErrnoInfo", () =>
            {
                w.Line("/// <summary>The symbolic name (\"ENOENT\"), or \"errno N\" for a value the table does not know.</summary>");
                w.Block("public static string Name(this Errno errno) => errno switch", () =>
                {
                    foreach (ErrnoValueModel v in distinct)
                    {
                        w.Line($"Errno.{Identifiers.Escape(v.Name)} => \"{v.Name}\",");
                    }

                    w.Line("_ => \"errno \" + ((int)errno).ToString(global::System.Globalization.CultureInfo.InvariantCulture),");
                }, "};");
                w.Line();
                w.Line("/// <summary>The message strerror(3) gives in the C locale (\"No such file or directory\").</summary>");
                w.Block("public static string Message(this Errno errno) => errno switch", () =>
                {
                    foreach (ErrnoValueModel v in distinct)
                    {
                        w.Line($"Errno.{Identifiers.Escape(v.Name)} => {Literals.String(v.Message)},");
                    }

                    w.Line("_ => \"Unknown error \" + ((int)errno).ToString(global::System.Globalization.CultureInfo.InvariantCulture),");
                }, "};");
            });
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// A native call failed. The message names the call, the argument that failed (a path, a name) and the error.");
            w.Line("/// An <see cref=\"global::System.IO.IOException\"/>, as .NET's own failures of the same calls are; HResult is the errno value.");
            w.Line("/// </summary>");
            GeneratedCode.Attributes(w);
            w.Block($"{settings.Visibility} sealed class ErrnoException : global::System.IO.IOException", () =>
            {
                w.Block("public ErrnoException(string call, Errno errno, string? argument = null) : base(Format(call, errno, argument), (int)errno)", () =>
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
    }
}
