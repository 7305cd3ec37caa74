using System.Globalization;
using System.Text;

namespace Nsbox.Output
{
    /// <summary>
    /// Writes compact JSON by hand. System.Text.Json's reflection serializer is not trim-safe, and a
    /// source-generated context would be more code than these few shapes need.
    /// </summary>
    internal sealed class JsonWriter
    {
        private readonly StringBuilder _text = new();

        // True after a value: the next member or element needs a comma first.
        private bool _afterValue;

        /// <summary>Starts an object: a member called <paramref name="name"/>, or an element or the document when null.</summary>
        public JsonWriter StartObject(string? name = null) => Start(name, '{');

        public JsonWriter EndObject() => End('}');

        /// <summary>Starts an array: a member called <paramref name="name"/>, or an element when null.</summary>
        public JsonWriter StartArray(string? name = null) => Start(name, '[');

        public JsonWriter EndArray() => End(']');

        public JsonWriter String(string name, string? value) => Member(name, value is null ? "null" : Quote(value));

        public JsonWriter Number(string name, long? value) => Member(name, value?.ToString(CultureInfo.InvariantCulture) ?? "null");

        public JsonWriter Number(string name, ulong value) => Member(name, value.ToString(CultureInfo.InvariantCulture));

        public JsonWriter Boolean(string name, bool? value) => Member(name, value switch { true => "true", false => "false", null => "null" });

        /// <summary>The document, with a final newline (what jq and shells expect of a line of output).</summary>
        public override string ToString() => _text.ToString() + "\n";

        /// <summary>A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259, section 7).</summary>
        public static string Quote(string value)
        {
            var quoted = new StringBuilder(value.Length + 2).Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': quoted.Append("\\\""); break;
                    case '\\': quoted.Append("\\\\"); break;
                    case '\n': quoted.Append("\\n"); break;
                    case '\r': quoted.Append("\\r"); break;
                    case '\t': quoted.Append("\\t"); break;
                    case < ' ': quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                    default: quoted.Append(c); break;
                }
            }

            return quoted.Append('"').ToString();
        }

        private JsonWriter Start(string? name, char bracket)
        {
            Separate(name);
            _text.Append(bracket);
            _afterValue = false;
            return this;
        }

        private JsonWriter End(char bracket)
        {
            _text.Append(bracket);
            _afterValue = true;
            return this;
        }

        private JsonWriter Member(string name, string literal)
        {
            Separate(name);
            _text.Append(literal);
            _afterValue = true;
            return this;
        }

        private void Separate(string? name)
        {
            if (_afterValue)
            {
                _text.Append(',');
            }

            if (name is not null)
            {
                _text.Append(Quote(name)).Append(':');
            }
        }
    }
}
