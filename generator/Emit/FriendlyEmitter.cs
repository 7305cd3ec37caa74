using System.Collections.Generic;
using System.Linq;
using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// The friendly layer: the wrapper LibraryImportGenerator would write around the raw P/Invoke
    /// (marshal arguments, clear errno, call, capture errno, free) plus errno checking that throws
    /// <c>ErrnoException</c> naming the call and the string argument involved. Descriptors are
    /// FileDescriptor SafeHandles, kept alive across the call with DangerousAddRef as LibraryImport does.
    /// </summary>
    public static class FriendlyEmitter
    {
        /// <param name="documentClass">Whether this part of the partial class carries its summary (only one part should).</param>
        public static string Emit(TableSettings settings, IEnumerable<FunctionModel> functions, bool documentClass = true)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            if (documentClass)
            {
                w.Line("/// <summary>Friendly bindings: managed strings and spans in, <see cref=\"ErrnoException\"/> on failure.</summary>");
                GeneratedCode.Attributes(w);
            }

            w.Block($"{settings.Visibility} static unsafe partial class {settings.FriendlyClass}", () =>
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
            string signature = string.Join(", ", visible.Select(p => $"{FriendlyType(settings, p)} {Identifiers.Escape(p.Name)}"));
            ParameterModel? described = f.Parameters.FirstOrDefault(p => p.Kind == ParameterKind.String || p.Kind == ParameterKind.NullableString);
            string descriptorType = FileDescriptorEmitter.TypeName(settings);
            string returnType = f.ReturnsFileDescriptor ? descriptorType
                : f.ReturnsString ? (f.Errno == ErrnoConvention.Null ? "string" : "string?")
                : f.ReturnType;

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
            var strings = f.Parameters.Where(p => p.Kind is ParameterKind.String or ParameterKind.NullableString or ParameterKind.StringArray).ToList();
            var descriptors = f.Parameters.Where(p => p.Kind == ParameterKind.FileDescriptor).ToList();
            var outs = f.Parameters.Where(p => p.Kind == ParameterKind.Out).ToList();
            w.Line(GeneratedCode.SkipLocalsInit);
            w.Block($"public static {returnType} {f.FriendlyName}({signature})", () =>
            {
                foreach (ParameterModel p in descriptors)
                {
                    w.Line($"global::System.ArgumentNullException.ThrowIfNull({Identifiers.Escape(p.Name)});");
                }

                // One length for several buffers: the call uses it for each, so each must be exactly that long.
                foreach (IGrouping<string, ParameterModel> shared in f.Parameters.Where(p => p.LengthOf is not null).GroupBy(p => p.LengthOf!).Where(g => g.Count() > 1))
                {
                    string first = Identifiers.Escape(shared.First().Name);
                    foreach (ParameterModel other in shared.Skip(1))
                    {
                        string name = Identifiers.Escape(other.Name);
                        w.Line($"if ({name}.Length != {first}.Length) throw new global::System.ArgumentException(\"'{other.Name}' and '{shared.First().Name}' share the length '{shared.Key}', so they must be equally long.\", nameof({name}));");
                    }
                }

                if (returnsValue)
                {
                    w.Line($"{f.ReturnType} __result;");
                }

                // A call that cannot fail has no errno to capture: it costs what the raw call costs.
                bool capturesErrno = f.Errno != ErrnoConvention.None;
                if (capturesErrno)
                {
                    w.Line("int __errno;");
                }

                if (f.ReturnsFileDescriptor)
                {
                    // Allocated before the call, as LibraryImport does for a returned SafeHandle: once the
                    // kernel has made the descriptor, nothing may fail before it is owned.
                    w.Line($"{descriptorType} __handle = new {descriptorType}();");
                }

                // The call stores out values in locals; the out parameters are assigned from them afterwards.
                foreach (ParameterModel p in outs)
                {
                    w.Line($"{p.RawType.Substring(0, p.RawType.Length - 1)} __p_{p.Name} = default;");
                }

                foreach (ParameterModel p in strings)
                {
                    w.Line($"{p.RawType} __p_{p.Name} = null;");
                    if (p.Kind != ParameterKind.StringArray)
                    {
                        // A short string needs no allocation: it is encoded into this buffer (not zeroed: SkipLocalsInit).
                        w.Line($"byte* __stack_{p.Name} = stackalloc byte[NativeStrings.StackBufferSize];");
                    }
                }

                foreach (ParameterModel p in descriptors)
                {
                    w.Line($"bool __p_{p.Name}_addRef = false;");
                }

                // Marshal: strings to native memory (freed in finally), spans pinned with fixed, descriptors
                // kept from being closed by another thread until the call returns.
                bool cleanup = strings.Count > 0 || descriptors.Count > 0;
                var fixeds = f.Parameters.Where(p => p.Kind == ParameterKind.InBuffer || p.Kind == ParameterKind.OutBuffer).ToList();
                w.Block(cleanup ? "try" : "// nothing to free or release", () =>
                {
                    foreach (ParameterModel p in strings)
                    {
                        string name = Identifiers.Escape(p.Name);
                        string marshal = p.Kind == ParameterKind.StringArray
                            ? $"NativeStrings.ToUtf8ZArray({name}, nameof({name}))"
                            : $"NativeStrings.ToUtf8Z({name}, nameof({name}), __stack_{p.Name}, NativeStrings.StackBufferSize)";
                        w.Line(p.Kind == ParameterKind.NullableString
                            ? $"__p_{p.Name} = {name} is null ? null : {marshal};"
                            : $"__p_{p.Name} = {marshal};");
                    }

                    foreach (ParameterModel p in descriptors)
                    {
                        w.Line($"{Identifiers.Escape(p.Name)}.DangerousAddRef(ref __p_{p.Name}_addRef);");
                    }

                    EmitPinnedCall(w, settings, f, fixeds, 0, returnsValue);
                });
                if (cleanup)
                {
                    w.Block("finally", () =>
                    {
                        foreach (ParameterModel p in strings)
                        {
                            w.Line(p.Kind == ParameterKind.StringArray ? $"NativeStrings.Free(__p_{p.Name});" : $"NativeStrings.Free(__p_{p.Name}, __stack_{p.Name});");
                        }

                        foreach (ParameterModel p in descriptors)
                        {
                            w.Line($"if (__p_{p.Name}_addRef) {Identifiers.Escape(p.Name)}.DangerousRelease();");
                        }
                    });
                }

                foreach (ParameterModel p in outs)
                {
                    w.Line($"{Identifiers.Escape(p.Name)} = __p_{p.Name};");
                }

                string argument = described is null ? "" : $", {Identifiers.Escape(described.Name)}";
                string dispose = f.ReturnsFileDescriptor ? "__handle.Dispose(); " : "";
                switch (f.Errno)
                {
                    case ErrnoConvention.MinusOne:
                        string failed = f.ReturnType.EndsWith("*") ? "(nint)__result == -1"
                            : f.ReturnEnumUnderlying is string underlying ? $"({underlying})__result == -1"
                            : "__result == -1";
                        w.Line($"if ({failed}) {{ {dispose}throw new ErrnoException(\"{f.Name}\", (Errno)__errno{argument}); }}");
                        break;
                    case ErrnoConvention.Null:
                        w.Line($"if (__result == null) {{ throw new ErrnoException(\"{f.Name}\", (Errno)__errno{argument}); }}");
                        break;
                    case ErrnoConvention.Returned:
                        w.Line($"if (__result != 0) {{ {dispose}throw new ErrnoException(\"{f.Name}\", (Errno)__result{argument}); }}");
                        break;
                }

                if (f.ReturnsFileDescriptor)
                {
                    w.Line("global::System.Runtime.InteropServices.Marshal.InitHandle(__handle, (nint)__result);");
                    w.Line("return __handle;");
                }
                else if (f.ReturnsString)
                {
                    // The C string belongs to the callee (a static buffer, or the caller's own): copied, never freed.
                    w.Line(f.Errno == ErrnoConvention.Null ? "return NativeStrings.DecodeZ(__result)!;" : "return NativeStrings.DecodeZ(__result);");
                }
                else if (returnsValue)
                {
                    w.Line("return __result;");
                }
                else if (capturesErrno)
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
                w.Block($"fixed (byte* __p_{p.Name} = {Identifiers.Escape(p.Name)})", () => EmitPinnedCall(w, settings, f, fixeds, index + 1, returnsValue));
                return;
            }

            string arguments = string.Join(", ", f.Parameters.Select(p => Argument(f, p)));
            bool capturesErrno = f.Errno != ErrnoConvention.None;
            if (capturesErrno)
            {
                w.Line("global::System.Runtime.InteropServices.Marshal.SetLastSystemError(0);");
            }

            string call = $"global::{settings.Namespace}.{settings.NativeClass}.{Identifiers.Escape(f.Name)}({arguments});";
            w.Line(returnsValue ? "__result = " + call : call);
            if (capturesErrno)
            {
                w.Line("__errno = global::System.Runtime.InteropServices.Marshal.GetLastSystemError();");
                w.Line("global::System.Runtime.InteropServices.Marshal.SetLastPInvokeError(__errno);");
            }
        }

        private static string Argument(FunctionModel f, ParameterModel p)
        {
            switch (p.Kind)
            {
                case ParameterKind.Value:
                    ParameterModel? buffer = f.Parameters.FirstOrDefault(b => b.LengthOf == p.Name);
                    return buffer is null
                        ? Identifiers.Escape(p.Name)
                        : $"({p.RawType}){Identifiers.Escape(buffer.Name)}.Length";
                case ParameterKind.FileDescriptor:
                    return $"(int){Identifiers.Escape(p.Name)}.DangerousGetHandle()";
                case ParameterKind.Out:
                    return "&__p_" + p.Name;
                default:
                    return "__p_" + p.Name;
            }
        }

        private static string FriendlyType(TableSettings settings, ParameterModel p) => p.Kind switch
        {
            ParameterKind.String => "string",
            ParameterKind.NullableString => "string?",
            ParameterKind.StringArray => "string[]",
            ParameterKind.InBuffer => "global::System.ReadOnlySpan<byte>",
            ParameterKind.OutBuffer => "global::System.Span<byte>",
            ParameterKind.FileDescriptor => FileDescriptorEmitter.TypeName(settings),
            ParameterKind.Out => "out " + p.RawType.Substring(0, p.RawType.Length - 1),
            _ => p.RawType,
        };
    }
}
