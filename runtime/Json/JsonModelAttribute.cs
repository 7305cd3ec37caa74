using System;

namespace Interop.Runtime.Json
{
    /// <summary>
    /// Marks a partial class whose JSON reader and writer json-generator emits at build time from
    /// its properties (every property with a getter and a setter or init, in declaration order),
    /// the way System.Text.Json's source generator does, but on <see cref="System.Text.Json.Utf8JsonReader"/>
    /// and <see cref="System.Text.Json.Utf8JsonWriter"/> alone: no JsonSerializer, no metadata and no
    /// reflection in the program (docs/json.md says why and what it reads). The vocabulary is
    /// System.Text.Json's: <c>[JsonPropertyName]</c> names a property, <c>[JsonIgnore(Condition =
    /// WhenWritingNull | WhenWritingDefault)]</c> leaves it out when writing. Other properties are
    /// named camelCase, as the OCI specs and runc spell them; reading matches names ignoring case
    /// and skips unknown ones, as Go's encoding/json does.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class JsonModelAttribute : Attribute
    {
    }
}
