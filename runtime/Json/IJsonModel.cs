using System.Text.Json;

namespace Interop.Runtime.Json
{
    /// <summary>What json-generator adds to a <see cref="JsonModelAttribute"/> class; <see cref="JsonModel"/> reads and writes documents through it.</summary>
    /// <typeparam name="TSelf">The model class itself.</typeparam>
    public interface IJsonModel<TSelf>
        where TSelf : class, IJsonModel<TSelf>
    {
        /// <summary>Reads one value, the reader on its first token: an object, or null (then null).</summary>
        /// <exception cref="JsonModelReadException">The value is not of the model's shape.</exception>
        static abstract TSelf? ReadJson(ref Utf8JsonReader reader);

        /// <summary>Writes this object, its properties in declaration order.</summary>
        void WriteJson(Utf8JsonWriter writer);
    }
}
