namespace Nsbox.CommandLineGenerator.Model
{
    /// <summary>The type an option's argument is converted to.</summary>
    public enum ValueType
    {
        None,
        String,
        Int32,
        Int64,
    }
}
