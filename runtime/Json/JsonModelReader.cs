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

        /// <summary>Moves to the next property's value (its name in <paramref name="name"/>); false at the object's end.</summary>
        public static bool NextProperty(ref Utf8JsonReader reader, out string name)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                name = "";
                return false;
            }

            name = reader.GetString()!;
            reader.Read();
            return true;
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
            reader.Read();
            return reader.TokenType != JsonTokenType.EndArray;
        }

        /// <summary>Whether the reader is on a JSON null.</summary>
        public static bool IsNull(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null;

        /// <summary>A string, or null.</summary>
        public static string? String(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
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
        public static JsonElement Element(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

        /// <summary>A value of the wrong type for <paramref name="typeName"/>, where the reader stands.</summary>
        public static JsonModelReadException Mismatch(ref Utf8JsonReader reader, string typeName) =>
            new("The JSON value could not be converted to " + typeName + ".", reader.BytesConsumed);
    }
}
