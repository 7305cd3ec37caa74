using Interop.Generator.Diagnostics;

namespace Interop.Generator.Model
{
    // The per-entry half of the pipeline: a table is split into entries, each entry is parsed on its own
    // (cached on its text), and a cheap check over every entry's facts decides which entries are generated.

    /// <summary>What a table entry is: which section of the table it is listed under.</summary>
    public enum EntryKind
    {
        Function,
        Syscall,
        Constant,
        FlagSet,
        Struct,
        Errno,
    }

    /// <summary>A position in the table, 1-based; relative to the entry's first line inside an <see cref="EntryResult"/>.</summary>
    public sealed record Position(int Line, int Column, int Length);

    /// <summary>A name an entry defines in a generated scope, and where the table writes it.</summary>
    /// <param name="Scope">"native", "friendly", "type" (the namespace) or "errno".</param>
    public sealed record NamedAt(string Scope, string Name, Position At);

    /// <summary>A field of a struct whose type is another struct: checked once every struct's layout is known.</summary>
    public sealed record NestedField(string Field, string Struct, PerArchitecture<int> Offset, int Count, Position OffsetAt, Position TypeAt);

    /// <summary>Layout facts of a struct entry for the checks that need other structs.</summary>
    /// <param name="Alignment">The alignment its integer and pointer fields need (1 with none).</param>
    public sealed record StructFacts(int Alignment, bool Packed, Position SizeAt, EquatableArray<NestedField> Nested);

    /// <summary>
    /// The names every entry of a table may use as types, read before any entry is parsed: struct names (and
    /// which of them have per-architecture layouts) and flag sets with their underlying types ("Name:uint").
    /// </summary>
    public sealed record TableVocabulary(string Namespace, EquatableArray<string> Structs, EquatableArray<string> PerArchitectureStructs, EquatableArray<string> FlagSets);

    /// <summary>One entry to parse: no position in it, so moving an entry does not invalidate its cache.</summary>
    public sealed record EntryInput(string Path, TableSettings Settings, TableVocabulary Vocabulary, string Section, string Text);

    /// <summary>One parsed entry: its model when it is right, and what the table-wide checks need.</summary>
    public sealed record EntryResult(
        string Path,
        EntryKind Kind,
        FunctionModel? Function,
        SyscallModel? Syscall,
        ConstantModel? Constant,
        FlagSetModel? Flags,
        StructModel? Struct,
        ErrnoValueModel? Errno,
        EquatableArray<NamedAt> Names,
        EquatableArray<string> References,
        StructFacts? Layout,
        EquatableArray<DiagnosticInfo> Diagnostics)
    {
        public bool IsValid => Function is not null || Syscall is not null || Constant is not null || Flags is not null || Struct is not null || Errno is not null;
    }

    /// <summary>The top-level part of a table and its entries, in file order.</summary>
    /// <param name="Generates">False when the top level itself is wrong (an invalid namespace): then nothing is generated.</param>
    public sealed record TableOutline(
        string Path,
        TableSettings Settings,
        bool Generates,
        EquatableArray<EntryInput> Entries,
        EquatableArray<int> FirstLines,
        EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>One accepted entry to generate. <see cref="HintName"/> is "Functions.read": unique in its table, ignoring case.</summary>
    public sealed record EmitUnit(TableSettings Settings, EntryKind Kind, string HintName, FunctionModel? Function, SyscallModel? Syscall, FlagSetModel? Flags, StructModel? Struct);

    /// <summary>What a table generates once its entries are checked against each other.</summary>
    public sealed record TableAssembly(
        string Path,
        TableSettings Settings,
        bool Generates,
        EquatableArray<EmitUnit> Units,
        EquatableArray<ConstantModel> Constants,
        EquatableArray<ErrnoValueModel> Errno,
        EquatableArray<SyscallModel> Syscalls,
        EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>
    /// The accepted entries of one kind that share a generated file. Entries go to a bucket by a stable hash of their
    /// name, so an edit to one entry regenerates one bucket and inserting an entry moves no other: a file per entry
    /// made every rerun of the driver pay for hundreds of outputs (a no-op rerun took 10 ms instead of 0.6 ms).
    /// </summary>
    public sealed record EmitBucket(TableSettings Settings, EntryKind Kind, int Index, EquatableArray<EmitUnit> Units);
}
