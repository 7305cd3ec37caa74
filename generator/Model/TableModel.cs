using System.Linq;

namespace Interop.Generator.Model
{
    // The equatable model of one syscall table: what the parser produces and the emitters consume.
    // Records compare by value, so an unchanged part of the table caches in the incremental pipeline.

    /// <summary>Names every emitted file and class shares.</summary>
    public sealed record TableSettings(string Namespace, string NativeClass, string FriendlyClass, string Library)
    {
        /// <summary>"internal" (the default, as CsWin32 does: a library does not export its bindings) or "public".</summary>
        public string Visibility { get; init; } = "internal";
    }

    /// <summary>Documentation carried from the table into XML docs.</summary>
    public sealed record ItemDocs(string? Summary, string? Since);

    /// <summary>
    /// A parameter of a native function. <see cref="Kind"/> says how the friendly layer marshals it;
    /// <see cref="RawType"/> is the blittable C# type of the raw layer (for <c>out T</c>, the pointer <c>T*</c>).
    /// </summary>
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

        /// <summary>A pointer or string return that is NULL on failure, errno says why (getcwd, opendir).</summary>
        Null,
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

        /// <summary>A string that may be NULL (mount's source and fstype): byte* raw, string? friendly.</summary>
        NullableString,

        /// <summary>A file descriptor the caller keeps owning: int raw, FileDescriptor (a SafeHandle) friendly.</summary>
        FileDescriptor,

        /// <summary>A value the call stores through a pointer (<c>out int</c>): T* raw, C# <c>out T</c> friendly.</summary>
        Out,
    }

    /// <summary>
    /// A native function. <see cref="ReturnType"/> is the raw C# type; <see cref="ReturnsFileDescriptor"/>
    /// marks a call that returns a new descriptor (open, socket, pidfd_open), which the friendly layer
    /// hands out as a FileDescriptor so that it is closed even if the caller forgets.
    /// </summary>
    public sealed record FunctionModel(
        string Name,
        string FriendlyName,
        string ReturnType,
        bool ReturnsFileDescriptor,
        ErrnoConvention Errno,
        EquatableArray<ParameterModel> Parameters,
        ItemDocs Docs,
        bool CallableInChild)
    {
        /// <summary>For a function that returns a flag set: the enum's underlying integer type (for the -1 check).</summary>
        public string? ReturnEnumUnderlying { get; init; }

        /// <summary>For <c>returns: string</c>: the raw return is a <c>byte*</c>, decoded by the friendly layer.</summary>
        public bool ReturnsString { get; init; }
    }

    /// <summary>A named integer. <see cref="Value"/> holds checked decimal text, per architecture.</summary>
    public sealed record ConstantModel(string Name, string Type, PerArchitecture<string> Value, string? CName, ItemDocs Docs);

    public sealed record FlagValueModel(string Name, string Value, string? CName, ItemDocs Docs);

    public sealed record FlagSetModel(string Name, string UnderlyingType, EquatableArray<FlagValueModel> Values, ItemDocs Docs);

    /// <summary>The C# type of a struct field: a value type, or a fixed-size array of an integer type.</summary>
    public sealed record FieldType(string Type, int? ArrayLength);

    /// <summary>A struct field. Its type and offset may differ per architecture (st_nlink in struct stat).</summary>
    public sealed record FieldModel(string Name, PerArchitecture<FieldType> Type, PerArchitecture<int> Offset, string? CName, string? Doc);

    /// <summary>An explicit-layout struct. It is per-architecture when its size or any field differs between architectures.</summary>
    public sealed record StructModel(string Name, string? CName, PerArchitecture<int> Size, EquatableArray<FieldModel> Fields, ItemDocs Docs)
    {
        public bool IsUniform => Size.IsUniform && Fields.All(f => f.Type.IsUniform && f.Offset.IsUniform);
    }

    public sealed record ErrnoValueModel(string Name, int Value, string Message);

    /// <summary>The whole table, split so that each emitter's input caches on its own.</summary>
    public sealed record TableModel(
        TableSettings Settings,
        EquatableArray<FunctionModel> Functions,
        EquatableArray<SyscallModel> Syscalls,
        EquatableArray<ConstantModel> Constants,
        EquatableArray<FlagSetModel> Flags,
        EquatableArray<StructModel> Structs,
        EquatableArray<ErrnoValueModel> Errno);
}
