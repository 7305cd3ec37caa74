using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// Marshalling helpers the friendly layer calls: the same work LibraryImport's Utf8StringMarshaller
    /// does (UTF-8, NUL-terminated, native memory freed in finally), written once per table.
    /// </summary>
    public static class SupportEmitter
    {
        public static string Emit(TableSettings settings)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            w.Line("/// <summary>UTF-8 marshalling for the friendly layer. Native memory: the caller frees it.</summary>");
            w.Block("internal static unsafe class NativeStrings", () =>
            {
                w.Line("/// <summary>A NUL-terminated UTF-8 copy of s. A string with an embedded NUL cannot cross into C and is refused.</summary>");
                w.Block("public static byte* ToUtf8Z(string s, string parameterName)", () =>
                {
                    w.Line("if (s.IndexOf('\\0') >= 0) throw new global::System.ArgumentException(\"The value contains a NUL character, which C strings cannot hold.\", parameterName);");
                    w.Line("int length = global::System.Text.Encoding.UTF8.GetByteCount(s);");
                    w.Line("byte* buffer = (byte*)global::System.Runtime.InteropServices.NativeMemory.Alloc((nuint)length + 1);");
                    w.Line("fixed (char* chars = s) global::System.Text.Encoding.UTF8.GetBytes(chars, s.Length, buffer, length);");
                    w.Line("buffer[length] = 0;");
                    w.Line("return buffer;");
                });
                w.Line();
                w.Line("/// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings (argv, envp).</summary>");
                w.Block("public static byte** ToUtf8ZArray(string[] values, string parameterName)", () =>
                {
                    w.Line("byte** array = (byte**)global::System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)(values.Length + 1), (nuint)sizeof(byte*));");
                    w.Block("try", () =>
                    {
                        w.Line("for (int i = 0; i < values.Length; i++) array[i] = ToUtf8Z(values[i], parameterName);");
                    });
                    w.Block("catch", () =>
                    {
                        w.Line("Free(array);");
                        w.Line("throw;");
                    });
                    w.Line("return array;");
                });
                w.Line();
                w.Line("public static void Free(byte* s) => global::System.Runtime.InteropServices.NativeMemory.Free(s);");
                w.Line();
                w.Block("public static void Free(byte** array)", () =>
                {
                    w.Line("if (array == null) return;");
                    w.Line("for (byte** p = array; *p != null; p++) global::System.Runtime.InteropServices.NativeMemory.Free(*p);");
                    w.Line("global::System.Runtime.InteropServices.NativeMemory.Free(array);");
                });
            });
            return w.ToString();
        }
    }
}
