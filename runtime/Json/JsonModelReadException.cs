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

        /// <summary>Where the reader stood: the byte offset just after the offending token.</summary>
        public long Offset { get; }

        /// <summary>Adds the property the value was under; always false, for use as an exception filter.</summary>
        public bool Within(string propertyName)
        {
            bool plain = propertyName.Length > 0;
            foreach (char c in propertyName)
            {
                plain &= char.IsAsciiLetterOrDigit(c) || c == '_';
            }

            _segments.Add(plain ? "." + propertyName : "['" + propertyName.Replace("'", "\\'") + "']");
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
