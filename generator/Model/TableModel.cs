namespace Interop.Generator.Model
{
    // The equatable model of one syscall table: what the parser produces and the emitters consume.
    // Records compare by value, so an unchanged part of the table caches in the incremental pipeline.

    /// <summary>Names every emitted file and class shares.</summary>
    public sealed record TableSettings(string Namespace, string NativeClass, string FriendlyClass, string Library);

    /// <summary>Documentation carried from the table into XML docs.</summary>
    public sealed record ItemDocs(string? Summary, string? Since);

    /// <summary>A parameter of a native function. <see cref="Kind"/> is the table's type as written.</summary>
    public sealed record ParameterModel(string Name, ParameterKind Kind, string RawType, string? LengthOf, string? Doc);

    /// <summary>How a function reports failure.</summary>
    public enum ErrnoConvention
    {
        /// <summary>No failure return: never checked.</summary>
        None,

        /// <summary>-1 (or MAP_FAILED for pointers) means failure, errno says why.</summary>
        MinusOne,

        /// <summary>The return value itself is 0 or an error number (pthread functions).</summary>
        Returned,
    }

    /// <summary>What a parameter is, which decides how the friendly layer marshals it.</summary>
    public enum ParameterKind
    {
        /// <summary>A blittable value (integer, pointer, struct pointer): passed as is.</summary>
        Value,

        /// <summary>A NUL-terminated UTF-8 string: byte* raw, string friendly.</summary>
        String,

        /// <summary>A NULL-terminated array of strings (argv, envp): byte** raw, string[] friendly.</summary>
        StringArray,

        /// <summary>Bytes the call reads, with their length in another parameter: ReadOnlySpan friendly.</summary>
        InBuffer,

        /// <summary>Bytes the call writes, with their length in another parameter: Span friendly.</summary>
        OutBuffer,
    }

    public sealed record FunctionModel(
        string Name,
        string FriendlyName,
        string ReturnType,
        ErrnoConvention Errno,
        EquatableArray<ParameterModel> Parameters,
        ItemDocs Docs,
        bool CallableInChild);

    public sealed record ConstantModel(string Name, string Type, string Value, string? CName, ItemDocs Docs);

    public sealed record FlagValueModel(string Name, string Value, string? CName, ItemDocs Docs);

    public sealed record FlagSetModel(string Name, string UnderlyingType, EquatableArray<FlagValueModel> Values, ItemDocs Docs);

    public sealed record FieldModel(string Name, string Type, int? ArrayLength, int Offset, string? CName, string? Doc);

    public sealed record StructModel(string Name, string? CName, int Size, EquatableArray<FieldModel> Fields, ItemDocs Docs);

    public sealed record ErrnoValueModel(string Name, int Value, string Message);

    /// <summary>The whole table, split so that each emitter's input caches on its own.</summary>
    public sealed record TableModel(
        TableSettings Settings,
        EquatableArray<FunctionModel> Functions,
        EquatableArray<ConstantModel> Constants,
        EquatableArray<FlagSetModel> Flags,
        EquatableArray<StructModel> Structs,
        EquatableArray<ErrnoValueModel> Errno);
}
