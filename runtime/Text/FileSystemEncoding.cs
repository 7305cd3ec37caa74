using System;
using Interop.Linux;

namespace Interop.Runtime.Text
{
    /// <summary>
    /// Linux hands programs bytes (argv, the environment, paths), not text. .NET decodes them as
    /// UTF-8 with replacement, so a byte 0x80-0xFF that is not valid UTF-8 would be lost before it
    /// reached the command. The runtime carries them losslessly, as Python's "surrogateescape"
    /// (PEP 383): such a byte decodes to the lone surrogate U+DC80..U+DCFF, and encodes back to the
    /// same byte; valid UTF-8 is plain UTF-8 both ways. The encoding itself is the generated
    /// bindings' own (<c>NativeStrings</c>), the one every <c>Sys</c> call uses, so a path read here
    /// and passed to <c>Sys</c> means the same bytes.
    /// </summary>
    internal static class FileSystemEncoding
    {
        /// <summary>The string the bytes stand for; undecodable bytes become U+DC80+byte.</summary>
        public static string Decode(ReadOnlySpan<byte> bytes) => NativeStrings.Decode(bytes);

        /// <summary>How many bytes <see cref="Encode"/> writes for <paramref name="s"/> (no terminating NUL).</summary>
        public static int GetByteCount(string s) => NativeStrings.GetByteCount(s);

        /// <summary>Writes the bytes <paramref name="s"/> stands for; <paramref name="destination"/> holds <see cref="GetByteCount"/> bytes.</summary>
        /// <exception cref="ArgumentException">A lone surrogate outside U+DC80..U+DCFF: it stands for no byte.</exception>
        public static int Encode(string s, Span<byte> destination) => NativeStrings.Encode(s, destination);

        /// <summary>The bytes with a terminating NUL, for a C string.</summary>
        public static byte[] ToNulTerminated(string s)
        {
            var bytes = new byte[GetByteCount(s) + 1];
            Encode(s, bytes);
            return bytes;
        }
    }
}
