using System.Collections.Generic;
using System.Text;

namespace Nsbox.Output
{
    /// <summary>
    /// A string back to the bytes it came from: UTF-8, except that the lone surrogates U+DC80..U+DCFF
    /// become the single bytes 0x80..0xFF they stand for (PEP 383's surrogateescape, which is how the
    /// runtime decodes argv bytes that are not UTF-8). So an argument nsbox echoes in an error is the
    /// argument the user typed, byte for byte.
    /// </summary>
    internal static class RawText
    {
        public static byte[] Encode(string text)
        {
            // The common case, nothing escaped: one pass of the framework's encoder.
            if (!HasEscapes(text))
            {
                return Encoding.UTF8.GetBytes(text);
            }

            var bytes = new List<byte>(text.Length + 8);
            var buffer = new byte[4];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                // A low surrogate here is a lone one: a valid pair is taken whole below.
                if (c is >= '\uDC80' and <= '\uDCFF')
                {
                    bytes.Add((byte)(c - 0xDC00));
                    continue;
                }

                int length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                    ? Encoding.UTF8.GetBytes(text, i++, 2, buffer, 0)
                    : Encoding.UTF8.GetBytes(text, i, 1, buffer, 0);
                for (int b = 0; b < length; b++)
                {
                    bytes.Add(buffer[b]);
                }
            }

            return bytes.ToArray();
        }

        private static bool HasEscapes(string text)
        {
            foreach (char c in text)
            {
                if (c is >= '\uDC80' and <= '\uDCFF')
                {
                    return true;
                }
            }

            return false;
        }
    }
}
