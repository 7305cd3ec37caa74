using System;
using System.Text;
using System.Text.Json;
using Interop.Linux;

namespace Interop.Runtime.Text
{
    /// <summary>
    /// Small text files (config.json, a seccomp profile) read through the generated bindings, so a
    /// failure keeps the kernel's errno (a directory is EISDIR, not .NET's access denied), and JSON
    /// mistakes described in our own words: the serializer's messages are resource keys in a
    /// NativeAOT build (<c>ZeroDepthAtEnd</c>), never meant for a user.
    /// </summary>
    internal static class TextFiles
    {
        /// <summary>The whole file, decoded as UTF-8.</summary>
        /// <exception cref="ErrnoException">open or read failed: <c>read PATH: Is a directory (EISDIR)</c>.</exception>
        public static string Read(string path)
        {
            try
            {
                using FileDescriptor fd = Sys.Open(path, Native.O_RDONLY | Native.O_CLOEXEC, 0);
                byte[] buffer = new byte[16384];
                int length = 0;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    int read = (int)Sys.Read((int)fd.DangerousGetHandle(), buffer.AsSpan(length));
                    if (read == 0)
                    {
                        return Encoding.UTF8.GetString(buffer, 0, length);
                    }

                    length += read;
                }
            }
            catch (ErrnoException e) when (e.Errno != Errno.EINTR)
            {
                throw new ErrnoException("read", e.Errno, path);
            }
        }

        /// <summary>
        /// What is wrong with <paramref name="json"/>, one line: <c>line 1, column 2: the JSON ends too soon</c>,
        /// <c>line 3, column 9: unexpected 'x'</c>, or <c>line 2, column 14: $.process.args: not of the type the format gives it</c>.
        /// </summary>
        public static string DescribeJsonError(string json, JsonException e)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            if (SyntaxError(bytes) is (long line, long column, string what))
            {
                return Where(line, column) + what;
            }

            // Well-formed JSON the format does not allow: the serializer says where and which field.
            string field = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            return Where(e.LineNumber ?? 0, e.BytePositionInLine ?? 0) + field + ": not of the type the format gives it";
        }

        private static string Where(long line, long column) => "line " + (line + 1) + ", column " + (column + 1) + ": ";

        /// <summary>The first syntax error, read with the reader the serializer uses (same options: no comments, no trailing commas, depth 64).</summary>
        private static (long Line, long Column, string What)? SyntaxError(byte[] bytes)
        {
            try
            {
                var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
                while (reader.Read())
                {
                }

                return null;
            }
            catch (JsonException e)
            {
                long line = e.LineNumber ?? 0;
                long column = e.BytePositionInLine ?? 0;
                int offset = Offset(bytes, line, column);
                int rest = offset;
                while (rest < bytes.Length && bytes[rest] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                {
                    rest++;
                }

                string what = rest >= bytes.Length
                    ? (IsBlank(bytes) ? "the file holds no JSON" : "the JSON ends too soon")
                    : offset < bytes.Length && bytes[offset] is >= 0x21 and < 0x7F
                        ? "not valid JSON here ('" + (char)bytes[offset] + "')"
                        : "not valid JSON here";
                return (line, column, what);
            }
        }

        private static bool IsBlank(byte[] bytes)
        {
            foreach (byte b in bytes)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The byte offset of a 0-based line and byte-in-line, as the reader counts them (lines end at '\n').</summary>
        private static int Offset(byte[] bytes, long line, long column)
        {
            int offset = 0;
            for (long l = 0; l < line && offset < bytes.Length; offset++)
            {
                if (bytes[offset] == (byte)'\n')
                {
                    l++;
                }
            }

            return (int)Math.Min(bytes.Length, offset + column);
        }
    }
}
