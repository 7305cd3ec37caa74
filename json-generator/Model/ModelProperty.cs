namespace Interop.JsonGenerator.Model
{
    /// <summary>One property read and written: its C# name, its JSON name, its shape, and whether it has an initializer (then an absent field keeps it).</summary>
    public sealed record ModelProperty(string Name, string JsonName, ValueShape Shape, IgnoreCondition Ignore, bool HasInitializer);
}
