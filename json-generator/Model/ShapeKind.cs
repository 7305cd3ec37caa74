namespace Interop.JsonGenerator.Model
{
    /// <summary>What a JSON value is read into: the types the generated code handles.</summary>
    public enum ShapeKind
    {
        String,
        Boolean,
        Int32,
        UInt32,
        Int64,
        UInt64,
        UInt16,
        /// <summary>System.Text.Json.JsonElement: any value, kept as a document.</summary>
        Element,
        /// <summary>Another [JsonModel] class.</summary>
        Model,
        /// <summary>T[].</summary>
        Array,
        /// <summary>List&lt;T&gt;, IList&lt;T&gt;, IReadOnlyList&lt;T&gt;, ICollection&lt;T&gt;, IReadOnlyCollection&lt;T&gt;, IEnumerable&lt;T&gt;: read as a List&lt;T&gt;.</summary>
        List,
        /// <summary>Dictionary&lt;string, T&gt;, IDictionary&lt;string, T&gt;, IReadOnlyDictionary&lt;string, T&gt;: read as a Dictionary&lt;string, T&gt;.</summary>
        Dictionary,
    }
}
