using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Interop.Runtime.Json
{
    /// <summary>
    /// Whole documents in and out of <see cref="JsonModelAttribute"/> classes: what
    /// <c>JsonSerializer.Deserialize</c> and <c>Serialize</c> did with a generated context, with the
    /// same reader and writer settings (depth 64, no comments or trailing commas, one value; the
    /// default escaping), so the bytes and the errors are the same.
    /// </summary>
    public static class JsonModel
    {
        /// <summary>The serializer's default depth limit.</summary>
        private const int MaxDepth = 64;

        /// <summary>Reads <paramref name="json"/> as one <typeparamref name="T"/> (null for a JSON null).</summary>
        /// <exception cref="JsonException">Not JSON, or not of the model's shape: the path, line and byte position say where.</exception>
        public static T? Parse<T>(string json)
            where T : class, IJsonModel<T>
        {
            // A byte order mark inside the text is not JSON, as the serializer has it (a file's own is gone once read as text).
            if (json.Length > 0 && json[0] == '\uFEFF')
            {
                throw new JsonException("'0xEF' is an invalid start of a value. Path: $ | LineNumber: 0 | BytePositionInLine: 0.", "$", 0, 0);
            }

            return Parse<T>(Encoding.UTF8.GetBytes(json));
        }

        /// <summary>Reads UTF-8 <paramref name="utf8"/> as one <typeparamref name="T"/> (null for a JSON null).</summary>
        /// <exception cref="JsonException">Not JSON, or not of the model's shape: the path, line and byte position say where.</exception>
        public static T? Parse<T>(ReadOnlySpan<byte> utf8)
            where T : class, IJsonModel<T>
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
            try
            {
                JsonModelReader.Read(ref reader);
                T? value = T.ReadJson(ref reader);
                JsonModelReader.Read(ref reader);
                return value;
            }
            catch (JsonModelReadException e)
            {
                string path = e.Path;
                if (e.Syntax is { } syntax)
                {
                    throw new JsonException(syntax.Message, path, syntax.LineNumber, syntax.BytePositionInLine, syntax);
                }

                (long line, long position) = LineAndPosition(utf8, e.Offset);
                throw new JsonException(e.Message + " Path: " + path + " | LineNumber: " + line + " | BytePositionInLine: " + position + ".", path, line, position);
            }
        }

        /// <summary><paramref name="value"/> as JSON text.</summary>
        public static string Write<T>(T value, JsonWriterOptions options = default)
            where T : class, IJsonModel<T> => Encoding.UTF8.GetString(WriteUtf8(value, options));

        /// <summary><paramref name="value"/> as UTF-8 JSON.</summary>
        public static byte[] WriteUtf8<T>(T value, JsonWriterOptions options = default)
            where T : class, IJsonModel<T>
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                value.WriteJson(writer);
            }

            return buffer.WrittenSpan.ToArray();
        }

        /// <summary><paramref name="values"/> as one JSON array.</summary>
        public static string WriteArray<T>(IEnumerable<T> values, JsonWriterOptions options = default)
            where T : class, IJsonModel<T>
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                writer.WriteStartArray();
                foreach (T value in values)
                {
                    value.WriteJson(writer);
                }

                writer.WriteEndArray();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        /// <summary>The 0-based line and byte in line of <paramref name="offset"/>, counted as the reader counts them (lines end at '\n').</summary>
        private static (long Line, long Position) LineAndPosition(ReadOnlySpan<byte> utf8, long offset)
        {
            ReadOnlySpan<byte> before = utf8[..(int)Math.Min(offset, utf8.Length)];
            int lastNewline = before.LastIndexOf((byte)'\n');
            return (before.Count((byte)'\n'), before.Length - (lastNewline + 1));
        }
    }
}
