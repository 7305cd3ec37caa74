namespace Interop.JsonGenerator.Model
{
    /// <summary>
    /// One property's (or element's) type as the emitter needs it: the kind, the C# type as written in
    /// generated code (fully qualified, with its nullable annotation), whether it is a Nullable&lt;T&gt; of a
    /// value type, and for collections the shape of an item.
    /// </summary>
    public sealed record ValueShape(ShapeKind Kind, string TypeName, bool IsNullableValue, bool IsValueType, ValueShape? Item)
    {
        /// <summary>Whether JSON null is a value of this type (a reference type or a Nullable&lt;T&gt;).</summary>
        public bool CanBeNull => IsNullableValue || !IsValueType;
    }
}
