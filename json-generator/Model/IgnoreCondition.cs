namespace Interop.JsonGenerator.Model
{
    /// <summary>When a property is left out of what is written: [JsonIgnore(Condition = ...)]'s values that apply.</summary>
    public enum IgnoreCondition
    {
        Never,
        WhenWritingNull,
        WhenWritingDefault,
    }
}
