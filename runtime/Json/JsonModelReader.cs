using System.ComponentModel;
using System.Text.Json;

namespace Interop.Runtime.Json
{
    /// <summary>
    /// The steps json-generator's readers are made of: one token in, one value out, or a
    /// <see cref="JsonModelReadException"/> naming the type that was expected. The same rules as
    /// System.Text.Json's default converters: numbers only from number tokens (no strings, no
    /// fractions or exponents into integers), null only where the property can hold it.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class JsonModelReader
    {
        /// <summary>The reader is on an object's start; else the value is not of the model's shape.</summary>
        public static void StartObject(ref Utf8JsonReader reader, string typeName)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Mismatch(ref reader, typeName);
            }
        }

        /// <summary>Moves to the next property's name (in <paramref name="name"/>); false at the object's end. <see cref="Value"/> then moves to its value.</summary>
        public static bool NextProperty(ref Utf8JsonReader reader, out string name)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                name = "";
                return false;
            }

            name = GetString(ref reader, "System.String");
            return true;
        }

        /// <summary>
        /// Whether a property's name in the document is <paramref name="declared"/>, ASCII letters
        /// matched ignoring case and everything else exactly: what the serializer's case-insensitive
        /// matching does, whatever the globalization mode (no Kelvin sign for k, no long s for s).
        /// </summary>
        public static bool NameIs(string name, string declared)
        {
            if (name.Length != declared.Length)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                char a = name[i], b = declared[i];
                if (a != b && !(char.IsAsciiLetter(a) && (a | 0x20) == (b | 0x20)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Moves from a property's name to its value.</summary>
        public static void Value(ref Utf8JsonReader reader) => Read(ref reader);

        /// <summary>Skips the value the reader is on (an unknown property's).</summary>
        public static void Skip(ref Utf8JsonReader reader)
        {
            try
            {
                reader.Skip();
            }
            catch (JsonException e)
            {
                throw new JsonModelReadException(e);
            }
        }

        /// <summary>The next token; text that is not JSON is the reader's error, carried with the path it is under.</summary>
        public static void Read(ref Utf8JsonReader reader)
        {
            try
            {
                reader.Read();
            }
            catch (JsonException e)
            {
                throw new JsonModelReadException(e);
            }
        }

        /// <summary>The reader is on an array's start; else the value is not of the property's type.</summary>
        public static void StartArray(ref Utf8JsonReader reader, string typeName)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Mismatch(ref reader, typeName);
            }
        }

        /// <summary>Moves to the next element; false at the array's end.</summary>
        public static bool NextElement(ref Utf8JsonReader reader)
        {
            Read(ref reader);
            return reader.TokenType != JsonTokenType.EndArray;
        }

        /// <summary>Appends <paramref name="item"/> to the first <paramref name="count"/> of <paramref name="items"/>, growing it (null: empty).</summary>
        public static void Add<T>(ref T[]? items, ref int count, T item)
        {
            if (items is null || count == items.Length)
            {
                System.Array.Resize(ref items, System.Math.Max(4, count * 2));
            }

            items[count++] = item;
        }

        /// <summary>The first <paramref name="count"/> of <paramref name="items"/> as an array of exactly that length.</summary>
        public static T[] Trimmed<T>(T[]? items, int count)
        {
            if (items is not null && count == items.Length)
            {
                return items;
            }

            var trimmed = new T[count];
            if (count > 0)
            {
                System.Array.Copy(items!, trimmed, count);
            }

            return trimmed;
        }

        /// <summary>Whether the reader is on a JSON null.</summary>
        public static bool IsNull(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null;

        /// <summary>A string, or null.</summary>
        public static string? String(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.String => GetString(ref reader, "System.String"),
            JsonTokenType.Null => null,
            _ => throw Mismatch(ref reader, "System.String"),
        };

        /// <summary>true or false.</summary>
        public static bool Boolean(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw Mismatch(ref reader, "System.Boolean"),
        };

        /// <summary>A number that fits an int.</summary>
        public static int Int32(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value) ? value : throw Mismatch(ref reader, "System.Int32");

        /// <summary>A number that fits a uint.</summary>
        public static uint UInt32(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out uint value) ? value : throw Mismatch(ref reader, "System.UInt32");

        /// <summary>A number that fits a long.</summary>
        public static long Int64(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) ? value : throw Mismatch(ref reader, "System.Int64");

        /// <summary>A number that fits a ulong.</summary>
        public static ulong UInt64(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out ulong value) ? value : throw Mismatch(ref reader, "System.UInt64");

        /// <summary>A number that fits a ushort.</summary>
        public static ushort UInt16(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetUInt16(out ushort value) ? value : throw Mismatch(ref reader, "System.UInt16");

        /// <summary>Any value, kept as a document of its own.</summary>
        public static JsonElement Element(ref Utf8JsonReader reader)
        {
            try
            {
                return JsonElement.ParseValue(ref reader);
            }
            catch (JsonException e)
            {
                throw new JsonModelReadException(e);
            }
        }

        /// <summary>The string the reader is on; one that is not valid UTF-16 (a lone escaped surrogate) is a value of the wrong type, as the serializer has it.</summary>
        private static string GetString(ref Utf8JsonReader reader, string typeName)
        {
            try
            {
                return reader.GetString()!;
            }
            catch (System.InvalidOperationException)
            {
                throw Mismatch(ref reader, typeName);
            }
        }

        /// <summary>A value of the wrong type for <paramref name="typeName"/>, where the reader stands.</summary>
        public static JsonModelReadException Mismatch(ref Utf8JsonReader reader, string typeName) =>
            new("The JSON value could not be converted to " + typeName + ".", reader.BytesConsumed);
    }
}
