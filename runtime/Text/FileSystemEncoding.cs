using System;
using System.Buffers;
using System.Text.Unicode;

namespace Interop.Runtime.Text
{
    /// <summary>
    /// Linux hands programs bytes (argv, the environment, paths), not text. .NET decodes them as
    /// UTF-8 with replacement, so a byte 0x80-0xFF that is not valid UTF-8 would be lost before it
    /// reached the command. This encoding is lossless, as Python's "surrogateescape" (PEP 383): such
    /// a byte decodes to the lone surrogate U+DC80..U+DCFF, and encodes back to the same byte. Valid
    /// UTF-8 is plain UTF-8 both ways, so ordinary strings are unchanged.
    /// </summary>
    internal static class FileSystemEncoding
    {
        private const char EscapeFirst = '\uDC80';
        private const char EscapeLast = '\uDCFF';

        /// <summary>The string the bytes stand for; undecodable bytes become U+DC80+byte.</summary>
        public static string Decode(ReadOnlySpan<byte> bytes)
        {
            // Each byte gives at most one UTF-16 char (a 4-byte sequence gives two).
            char[] chars = new char[bytes.Length];
            int count = 0;
            while (!bytes.IsEmpty)
            {
                OperationStatus status = Utf8.ToUtf16(bytes, chars.AsSpan(count), out int read, out int written, replaceInvalidSequences: false);
                count += written;
                bytes = bytes[read..];
                if (status != OperationStatus.Done)
                {
                    chars[count++] = (char)(EscapeFirst + (bytes[0] - 0x80));
                    bytes = bytes[1..];
                }
            }

            return new string(chars, 0, count);
        }

        /// <summary>How many bytes <see cref="Encode"/> writes for <paramref name="s"/> (no terminating NUL).</summary>
        public static int GetByteCount(string s)
        {
            int count = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c < 0x80) count += 1;
                else if (c < 0x800) count += 2;
                else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { count += 4; i++; }
                else if (c is >= EscapeFirst and <= EscapeLast) count += 1;
                else count += 3;
            }

            return count;
        }

        /// <summary>Writes the bytes <paramref name="s"/> stands for; <paramref name="destination"/> holds <see cref="GetByteCount"/> bytes.</summary>
        /// <exception cref="ArgumentException">A lone surrogate outside U+DC80..U+DCFF: it stands for no byte.</exception>
        public static int Encode(string s, Span<byte> destination)
        {
            int at = 0;
            int start = 0;
            for (int i = 0; i <= s.Length; i++)
            {
                bool escape = i < s.Length && s[i] is >= EscapeFirst and <= EscapeLast && !(i > 0 && char.IsHighSurrogate(s[i - 1]));
                if (i < s.Length && !escape)
                {
                    continue;
                }

                // The run before the escaped byte is ordinary text.
                OperationStatus status = Utf8.FromUtf16(s.AsSpan(start, i - start), destination[at..], out _, out int written, replaceInvalidSequences: false);
                if (status != OperationStatus.Done)
                {
                    throw new ArgumentException("The text holds a lone surrogate, which stands for no byte.", nameof(s));
                }

                at += written;
                if (escape)
                {
                    destination[at++] = (byte)(0x80 + (s[i] - EscapeFirst));
                }

                start = i + 1;
            }

            return at;
        }

        /// <summary>The bytes with a terminating NUL, for a C string.</summary>
        public static byte[] ToNulTerminated(string s)
        {
            var bytes = new byte[GetByteCount(s) + 1];
            Encode(s, bytes);
            return bytes;
        }
    }
}
