using System;
using System.Collections.Generic;
using System.Text;

namespace Interop.Runtime.Json
{
    /// <summary>
    /// A value of the wrong JSON type for its property, thrown by <see cref="JsonModelReader"/> where
    /// the reader stands. The generated readers add the property or index the value sits under as it
    /// passes by (in exception filters, so no frame catches it), and <see cref="JsonModel"/> turns it
    /// into a <see cref="System.Text.Json.JsonException"/> with System.Text.Json's path, line and
    /// byte position.
    /// </summary>
    public sealed class JsonModelReadException : Exception
    {
        // Innermost first: filters run from the innermost frame outwards.
        private readonly List<string> _segments = [];

        internal JsonModelReadException(string message, long offset)
            : base(message)
        {
            Offset = offset;
        }

        /// <summary>Not JSON: the reader's own error, which knows its line and byte in line.</summary>
        internal JsonModelReadException(System.Text.Json.JsonException syntax)
            : base(syntax.Message, syntax)
        {
            Syntax = syntax;
        }

        /// <summary>The reader's error when the text is not JSON at all (then <see cref="Offset"/> is not used).</summary>
        internal System.Text.Json.JsonException? Syntax { get; }

        /// <summary>Where the reader stood: the byte offset just after the offending token.</summary>
        public long Offset { get; }

        /// <summary>Adds the property the value was under; always false, for use as an exception filter.</summary>
        public bool Within(string propertyName)
        {
            // System.Text.Json's rule: ['name'] when the name holds one of these, else .name (an empty name too).
            _segments.Add(propertyName.AsSpan().IndexOfAny(". '/\"[]()\t\n\r\f\b\\\u0085\u2028\u2029") >= 0
                ? "['" + propertyName + "']"
                : "." + propertyName);
            return false;
        }

        /// <summary>Adds the array index the value was at; always false, for use as an exception filter.</summary>
        public bool At(int index)
        {
            _segments.Add("[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
            return false;
        }

        /// <summary>The path as System.Text.Json writes it: <c>$.process.args[1]</c>.</summary>
        public string Path
        {
            get
            {
                var path = new StringBuilder("$");
                for (int i = _segments.Count - 1; i >= 0; i--)
                {
                    path.Append(_segments[i]);
                }

                return path.ToString();
            }
        }
    }
}
