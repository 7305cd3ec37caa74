using System.Collections.Generic;
using System.Linq;
using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// The friendly layer: the wrapper LibraryImportGenerator would write around the raw P/Invoke
    /// (marshal arguments, clear errno, call, capture errno, free) plus errno checking that throws
    /// <c>ErrnoException</c> naming the call and the string argument involved.
    /// </summary>
    public static class FriendlyEmitter
    {
        public static string Emit(TableSettings settings, EquatableArray<FunctionModel> functions)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            w.Line("/// <summary>Friendly bindings: managed strings and spans in, <see cref=\"ErrnoException\"/> on failure.</summary>");
            w.Block($"public static unsafe partial class {settings.FriendlyClass}", () =>
            {
                bool first = true;
                foreach (FunctionModel f in functions)
                {
                    if (!first)
                    {
                        w.Line();
                    }

                    first = false;
                    EmitFunction(w, settings, f);
                }
            });
            return w.ToString();
        }

        private static void EmitFunction(SourceWriter w, TableSettings settings, FunctionModel f)
        {
            // Length parameters of buffers disappear from the friendly signature: the span carries them.
            var lengthNames = new HashSet<string>(f.Parameters.Where(p => p.LengthOf is not null).Select(p => p.LengthOf!));
            var visible = f.Parameters.Where(p => !lengthNames.Contains(p.Name)).ToList();
            string signature = string.Join(", ", visible.Select(p => $"{FriendlyType(p)} {Identifiers.Escape(p.Name)}"));
            ParameterModel? described = f.Parameters.FirstOrDefault(p => p.Kind == ParameterKind.String);

            DocComments.Write(w, f.Docs);
            foreach (ParameterModel p in visible)
            {
                DocComments.Param(w, Identifiers.Escape(p.Name).TrimStart('@'), p.Doc);
            }

            if (f.Errno != ErrnoConvention.None)
            {
                w.Line("/// <exception cref=\"ErrnoException\">The call failed; the exception carries errno.</exception>");
            }

            bool returnsValue = f.ReturnType != "void";
            w.Block($"public static {f.ReturnType} {f.FriendlyName}({signature})", () =>
            {
                if (returnsValue)
                {
                    w.Line($"{f.ReturnType} __result;");
                }

                w.Line("int __errno;");
                // Marshal: strings to native memory (freed in finally), spans pinned with fixed.
                var natives = new List<string>();
                foreach (ParameterModel p in f.Parameters.Where(p => p.Kind == ParameterKind.String || p.Kind == ParameterKind.StringArray))
                {
                    string type = p.Kind == ParameterKind.String ? "byte*" : "byte**";
                    w.Line($"{type} __{p.Name} = null;");
                    natives.Add(p.Name);
                }

                var fixeds = f.Parameters.Where(p => p.Kind == ParameterKind.InBuffer || p.Kind == ParameterKind.OutBuffer).ToList();
                w.Block(natives.Count > 0 ? "try" : "// no native memory to free", () =>
                {
                    foreach (ParameterModel p in f.Parameters.Where(p => natives.Contains(p.Name)))
                    {
                        string helper = p.Kind == ParameterKind.String ? "ToUtf8Z" : "ToUtf8ZArray";
                        w.Line($"__{p.Name} = NativeStrings.{helper}({Identifiers.Escape(p.Name)}, nameof({Identifiers.Escape(p.Name)}));");
                    }

                    EmitPinnedCall(w, settings, f, fixeds, 0, returnsValue);
                });
                if (natives.Count > 0)
                {
                    w.Block("finally", () =>
                    {
                        foreach (string n in natives)
                        {
                            w.Line($"NativeStrings.Free(__{n});");
                        }
                    });
                }

                string argument = described is null ? "" : $", {Identifiers.Escape(described.Name)}";
                switch (f.Errno)
                {
                    case ErrnoConvention.MinusOne:
                        string failed = f.ReturnType.EndsWith("*") ? "(nint)__result == -1" : "__result == -1";
                        w.Line($"if ({failed}) throw new ErrnoException(\"{f.Name}\", (Errno)__errno{argument});");
                        break;
                    case ErrnoConvention.Returned:
                        w.Line($"if (__result != 0) throw new ErrnoException(\"{f.Name}\", (Errno)__result{argument});");
                        break;
                }

                if (returnsValue)
                {
                    w.Line("return __result;");
                }
                else
                {
                    w.Line("_ = __errno;");
                }
            });
        }

        private static void EmitPinnedCall(SourceWriter w, TableSettings settings, FunctionModel f, List<ParameterModel> fixeds, int index, bool returnsValue)
        {
            if (index < fixeds.Count)
            {
                ParameterModel p = fixeds[index];
                w.Block($"fixed (byte* __{p.Name} = {Identifiers.Escape(p.Name)})", () => EmitPinnedCall(w, settings, f, fixeds, index + 1, returnsValue));
                return;
            }

            string arguments = string.Join(", ", f.Parameters.Select(p => Argument(f, p)));
            w.Line("global::System.Runtime.InteropServices.Marshal.SetLastSystemError(0);");
            string call = $"global::{settings.Namespace}.{settings.NativeClass}.{Identifiers.Escape(f.Name)}({arguments});";
            w.Line(returnsValue ? "__result = " + call : call);
            w.Line("__errno = global::System.Runtime.InteropServices.Marshal.GetLastSystemError();");
            w.Line("global::System.Runtime.InteropServices.Marshal.SetLastPInvokeError(__errno);");
        }

        private static string Argument(FunctionModel f, ParameterModel p)
        {
            if (p.Kind != ParameterKind.Value)
            {
                return "__" + p.Name;
            }

            ParameterModel? buffer = f.Parameters.FirstOrDefault(b => b.LengthOf == p.Name);
            return buffer is null
                ? Identifiers.Escape(p.Name)
                : $"({p.RawType}){Identifiers.Escape(buffer.Name)}.Length";
        }

        private static string FriendlyType(ParameterModel p) => p.Kind switch
        {
            ParameterKind.String => "string",
            ParameterKind.StringArray => "string[]",
            ParameterKind.InBuffer => "global::System.ReadOnlySpan<byte>",
            ParameterKind.OutBuffer => "global::System.Span<byte>",
            _ => p.RawType,
        };
    }
}
