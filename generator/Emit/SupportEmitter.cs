using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// The string marshalling the friendly layer calls, written once per table. Linux paths, argv and
    /// environment values are bytes, not always UTF-8, so strings cross in both directions with the
    /// "surrogateescape" convention of PEP 383: valid UTF-8 is plain UTF-8, and each byte 0x80-0xFF that
    /// is not part of valid UTF-8 is the lone surrogate U+DC80..U+DCFF (decoding) and back (encoding).
    /// Bytes read from the system therefore survive a round trip through a string exactly.
    /// Short strings go through a caller's stack buffer, as LibraryImport's Utf8StringMarshaller does.
    /// </summary>
    public static class SupportEmitter
    {
        /// <summary>The stack buffer the friendly layer gives each string parameter (LibraryImport uses the same 256 bytes).</summary>
        public const int StackBufferSize = 256;

        public static string Emit(TableSettings settings)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            w.Line("/// <summary>");
            w.Line("/// Strings as Linux sees them: UTF-8, where a lone surrogate U+DC80..U+DCFF stands for the single byte");
            w.Line("/// 0x80..0xFF that was not valid UTF-8 (PEP 383 \"surrogateescape\"), so bytes decoded here encode back exactly.");
            w.Line("/// Other lone surrogates and, in C strings, NUL are refused with an <see cref=\"global::System.ArgumentException\"/>.");
            w.Line("/// </summary>");
            GeneratedCode.Attributes(w);
            w.Line("internal static unsafe class NativeStrings");
            foreach (string line in Body.Replace("{StackBufferSize}", StackBufferSize.ToString(System.Globalization.CultureInfo.InvariantCulture)).Split('\n'))
            {
                w.Line(line.TrimEnd('\r'));
            }

            return w.ToString();
        }

        // The helpers as C#: plain text is easier to read and review than a Line() per statement.
        private const string Body = @"{
    /// <summary>The stack buffer the friendly layer uses per string; longer strings go to native memory.</summary>
    public const int StackBufferSize = {StackBufferSize};

    /// <summary>The number of bytes <paramref name=""value""/> encodes to (no terminating NUL).</summary>
    /// <exception cref=""global::System.ArgumentException"">A lone surrogate outside U+DC80..U+DCFF.</exception>
    public static int GetByteCount(global::System.ReadOnlySpan<char> value, string? parameterName = null)
    {
        if (global::System.MemoryExtensions.IndexOfAnyInRange(value, '\uD800', '\uDFFF') < 0)
        {
            return global::System.Text.Encoding.UTF8.GetByteCount(value);
        }

        int count = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c < 0x80) count += 1;
            else if (c < 0x800) count += 2;
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { count += 4; i++; }
            else if (c >= '\uDC80' && c <= '\uDCFF') count += 1;
            else if (char.IsSurrogate(c)) throw LoneSurrogate(c, i, parameterName);
            else count += 3;
        }

        return count;
    }

    /// <summary>Writes the bytes of <paramref name=""value""/> (no terminating NUL) and returns how many.</summary>
    /// <exception cref=""global::System.ArgumentException"">A lone surrogate outside U+DC80..U+DCFF, or <paramref name=""destination""/> is too small.</exception>
    public static int Encode(global::System.ReadOnlySpan<char> value, global::System.Span<byte> destination, string? parameterName = null)
    {
        if (global::System.MemoryExtensions.IndexOfAnyInRange(value, '\uD800', '\uDFFF') < 0)
        {
            if (!global::System.Text.Encoding.UTF8.TryGetBytes(value, destination, out int written))
            {
                throw TooSmall(parameterName);
            }

            return written;
        }

        int at = 0;
        for (int i = 0; i < value.Length; i++)
        {
            int c = value[i];
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                c = char.ConvertToUtf32((char)c, value[++i]);
            }
            else if (c >= 0xDC80 && c <= 0xDCFF)
            {
                // An escaped byte: exactly the byte that was not valid UTF-8.
                if (at >= destination.Length) throw TooSmall(parameterName);
                destination[at++] = (byte)(c - 0xDC00);
                continue;
            }
            else if (c >= 0xD800 && c <= 0xDFFF)
            {
                throw LoneSurrogate((char)c, i, parameterName);
            }

            int length = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (at + length > destination.Length) throw TooSmall(parameterName);
            switch (length)
            {
                case 1:
                    destination[at] = (byte)c;
                    break;
                case 2:
                    destination[at] = (byte)(0xC0 | (c >> 6));
                    destination[at + 1] = (byte)(0x80 | (c & 0x3F));
                    break;
                case 3:
                    destination[at] = (byte)(0xE0 | (c >> 12));
                    destination[at + 1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    destination[at + 2] = (byte)(0x80 | (c & 0x3F));
                    break;
                default:
                    destination[at] = (byte)(0xF0 | (c >> 18));
                    destination[at + 1] = (byte)(0x80 | ((c >> 12) & 0x3F));
                    destination[at + 2] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    destination[at + 3] = (byte)(0x80 | (c & 0x3F));
                    break;
            }

            at += length;
        }

        return at;
    }

    /// <summary>The string for bytes from the system: UTF-8, with each byte that is not valid UTF-8 as U+DC80..U+DCFF.</summary>
    public static string Decode(global::System.ReadOnlySpan<byte> bytes)
    {
        if (global::System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return global::System.Text.Encoding.UTF8.GetString(bytes);
        }

        // At most one char per byte: a 2-byte sequence is one char, 3 bytes one char, 4 bytes two chars.
        char[] chars = new char[bytes.Length];
        int n = 0;
        int i = 0;
        while (i < bytes.Length)
        {
            int b = bytes[i];
            int length = WellFormedLength(bytes.Slice(i));
            if (length <= 1)
            {
                // ASCII is itself; any other byte that starts no well-formed sequence is escaped on its own.
                chars[n++] = length == 1 ? (char)b : (char)(0xDC00 + b);
                i++;
                continue;
            }

            int c = length == 2 ? ((b & 0x1F) << 6) | (bytes[i + 1] & 0x3F)
                : length == 3 ? ((b & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F)
                : ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12) | ((bytes[i + 2] & 0x3F) << 6) | (bytes[i + 3] & 0x3F);
            if (c >= 0x10000)
            {
                chars[n++] = (char)(0xD800 + ((c - 0x10000) >> 10));
                chars[n++] = (char)(0xDC00 + ((c - 0x10000) & 0x3FF));
            }
            else
            {
                chars[n++] = (char)c;
            }

            i += length;
        }

        return new string(chars, 0, n);
    }

    /// <summary>The string a NUL-terminated C string holds (see <see cref=""Decode""/>); null for a null pointer.</summary>
    public static string? DecodeZ(byte* value) =>
        value == null ? null : Decode(global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value));

    /// <summary>The string in a fixed-size C char array: up to the first NUL, or the whole array when it has none.</summary>
    public static string DecodeFixed(global::System.ReadOnlySpan<byte> value)
    {
        int end = global::System.MemoryExtensions.IndexOf(value, (byte)0);
        return Decode(end < 0 ? value : value.Slice(0, end));
    }

    /// <summary>
    /// A NUL-terminated copy of <paramref name=""value""/>: in <paramref name=""stackBuffer""/> when it fits, otherwise in
    /// native memory. Release it with <see cref=""Free(byte*, byte*)""/> and the same buffer.
    /// </summary>
    public static byte* ToUtf8Z(string value, string parameterName, byte* stackBuffer, int stackBufferLength)
    {
        if (value.IndexOf('\0') >= 0)
        {
            throw new global::System.ArgumentException(""The value contains a NUL character, which C strings cannot hold."", parameterName);
        }

        int length = GetByteCount(value, parameterName);
        byte* buffer = length < stackBufferLength ? stackBuffer : (byte*)global::System.Runtime.InteropServices.NativeMemory.Alloc((nuint)length + 1);
        Encode(value, new global::System.Span<byte>(buffer, length), parameterName);
        buffer[length] = 0;
        return buffer;
    }

    /// <summary>A NUL-terminated copy of <paramref name=""value""/> in native memory; release it with <see cref=""Free(byte*)""/>.</summary>
    public static byte* ToUtf8Z(string value, string parameterName) => ToUtf8Z(value, parameterName, null, 0);

    /// <summary>A NULL-terminated array of NUL-terminated strings (argv, envp) in native memory.</summary>
    public static byte** ToUtf8ZArray(string[] values, string parameterName)
    {
        byte** array = (byte**)global::System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)(values.Length + 1), (nuint)sizeof(byte*));
        try
        {
            for (int i = 0; i < values.Length; i++) array[i] = ToUtf8Z(values[i], parameterName);
        }
        catch
        {
            Free(array);
            throw;
        }

        return array;
    }

    /// <summary>Frees a string from <see cref=""ToUtf8Z(string, string, byte*, int)""/> unless it is the stack buffer.</summary>
    public static void Free(byte* value, byte* stackBuffer)
    {
        if (value != stackBuffer) global::System.Runtime.InteropServices.NativeMemory.Free(value);
    }

    public static void Free(byte* value) => global::System.Runtime.InteropServices.NativeMemory.Free(value);

    public static void Free(byte** array)
    {
        if (array == null) return;
        for (byte** p = array; *p != null; p++) global::System.Runtime.InteropServices.NativeMemory.Free(*p);
        global::System.Runtime.InteropServices.NativeMemory.Free(array);
    }

    /// <summary>The length of the well-formed UTF-8 sequence at the start of <paramref name=""s""/> (Unicode table 3-7), or 0.</summary>
    private static int WellFormedLength(global::System.ReadOnlySpan<byte> s)
    {
        int b = s[0];
        if (b < 0x80) return 1;
        int length = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
        if (length == 0 || s.Length < length) return 0;
        int second = s[1];
        int low = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
        int high = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
        if (second < low || second > high) return 0;
        for (int k = 2; k < length; k++)
        {
            if ((s[k] & 0xC0) != 0x80) return 0;
        }

        return length;
    }

    private static global::System.ArgumentException LoneSurrogate(char c, int index, string? parameterName) =>
        new global::System.ArgumentException(
            ""The value has a lone surrogate U+"" + ((int)c).ToString(""X4"", global::System.Globalization.CultureInfo.InvariantCulture)
            + "" at index "" + index.ToString(global::System.Globalization.CultureInfo.InvariantCulture)
            + "": only U+DC80..U+DCFF (a byte that was not UTF-8) can cross into native code."", parameterName);

    private static global::System.ArgumentException TooSmall(string? parameterName) =>
        new global::System.ArgumentException(""The destination is too small for the encoded value."", parameterName);
}";
    }
}
