using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Interop.Generator.Diagnostics;
using Interop.Generator.Emit;
using Interop.Generator.Model;
using Interop.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Interop.Generator
{
    /// <summary>
    /// Turns a syscall table (an AdditionalFiles item named <c>syscalls.yaml</c> or <c>*.syscalls.yaml</c>)
    /// into bindings. Pipeline: read text, parse into an equatable model, then one output per part of the
    /// model, so an edit to one function or flag set regenerates only the file that holds it.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class SyscallTableGenerator : IIncrementalGenerator
    {
        /// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
        public static class TrackingNames
        {
            public const string TableText = nameof(TableText);
            public const string Parse = nameof(Parse);
            public const string Functions = nameof(Functions);
            public const string Constants = nameof(Constants);
            public const string Errno = nameof(Errno);
            public const string Flags = nameof(Flags);
            public const string Structs = nameof(Structs);
            public const string BuildTarget = nameof(BuildTarget);
            public const string Syscalls = nameof(Syscalls);
            public const string Architecture = nameof(Architecture);
        }

        /// <summary>The global option that carries the project's RuntimeIdentifier (a CompilerVisibleProperty).</summary>
        public const string RuntimeIdentifierOption = "build_property.RuntimeIdentifier";

        private sealed record TableText(string Path, string Text);

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<TableText> texts = context.AdditionalTextsProvider
                .Where(static file => IsTable(file.Path))
                .Select(static (file, ct) => new TableText(file.Path, file.GetText(ct)?.ToString() ?? ""))
                .WithTrackingName(TrackingNames.TableText);

            IncrementalValueProvider<ParseResult> parsed = texts.Collect()
                .Select(static (tables, ct) => ParseFirst(tables, ct))
                .WithTrackingName(TrackingNames.Parse);

            context.RegisterSourceOutput(parsed.Select(static (r, _) => r.Diagnostics), static (spc, diagnostics) =>
            {
                foreach (DiagnosticInfo d in diagnostics)
                {
                    spc.ReportDiagnostic(d.ToDiagnostic());
                }
            });

            IncrementalValuesProvider<TableModel> table = parsed
                .SelectMany(static (r, _) => r.Table is null ? ImmutableArray<TableModel>.Empty : ImmutableArray.Create(r.Table));

            // The RuntimeIdentifier decides whether per-architecture values are constants or chosen at run time.
            IncrementalValueProvider<BuildTarget> target = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) => BuildTarget.FromRuntimeIdentifier(
                    options.GlobalOptions.TryGetValue(RuntimeIdentifierOption, out string? rid) ? rid : null))
                .WithTrackingName(TrackingNames.BuildTarget);

            IncrementalValuesProvider<(TableSettings Settings, EquatableArray<FunctionModel> Functions)> functions = table
                .Select(static (t, _) => (t.Settings, t.Functions)).WithTrackingName(TrackingNames.Functions);
            context.RegisterSourceOutput(functions, static (spc, f) =>
            {
                Add(spc, $"{f.Settings.NativeClass}.Functions.g.cs", NativeEmitter.EmitFunctions(f.Settings, f.Functions));
                Add(spc, $"{f.Settings.FriendlyClass}.Functions.g.cs", FriendlyEmitter.Emit(f.Settings, f.Functions));
            });

            IncrementalValuesProvider<(TableSettings Settings, EquatableArray<SyscallModel> Syscalls, BuildTarget Target)> syscalls = table
                .Combine(target)
                .Select(static (t, _) => (t.Left.Settings, t.Left.Syscalls, t.Right)).WithTrackingName(TrackingNames.Syscalls);
            context.RegisterSourceOutput(syscalls, static (spc, s) =>
            {
                if (s.Syscalls.Count == 0)
                {
                    return;
                }

                Add(spc, $"{s.Settings.NativeClass}.Syscalls.g.cs", SyscallEmitter.Emit(s.Settings, s.Syscalls, s.Target));
                Add(spc, $"{s.Settings.FriendlyClass}.Syscalls.g.cs", FriendlyEmitter.Emit(s.Settings, s.Syscalls.Select(x => x.Function), documentClass: false));
            });

            IncrementalValuesProvider<(TableSettings Settings, BuildTarget Target)> architecture = table
                .Combine(target)
                .Select(static (t, _) => (t.Left.Settings, t.Right)).WithTrackingName(TrackingNames.Architecture);
            context.RegisterSourceOutput(architecture, static (spc, a) =>
                Add(spc, $"{a.Settings.NativeClass}.Architecture.g.cs", ArchitectureEmitter.Emit(a.Settings, a.Target)));

            IncrementalValuesProvider<(TableSettings Settings, EquatableArray<ConstantModel> Constants, BuildTarget Target)> constants = table
                .Combine(target)
                .Select(static (t, _) => (t.Left.Settings, t.Left.Constants, t.Right)).WithTrackingName(TrackingNames.Constants);
            context.RegisterSourceOutput(constants, static (spc, c) =>
                Add(spc, $"{c.Settings.NativeClass}.Constants.g.cs", NativeEmitter.EmitConstants(c.Settings, c.Constants, c.Target)));

            IncrementalValuesProvider<(TableSettings Settings, EquatableArray<ErrnoValueModel> Errno)> errno = table
                .Select(static (t, _) => (t.Settings, t.Errno)).WithTrackingName(TrackingNames.Errno);
            context.RegisterSourceOutput(errno, static (spc, e) =>
            {
                Add(spc, "Errno.g.cs", ErrnoEmitter.Emit(e.Settings, e.Errno));
                Add(spc, "NativeStrings.g.cs", SupportEmitter.Emit(e.Settings));
                Add(spc, $"{FileDescriptorEmitter.Name}.g.cs", FileDescriptorEmitter.Emit(e.Settings));
            });

            IncrementalValuesProvider<(TableSettings Settings, FlagSetModel Set)> flags = table
                .SelectMany(static (t, _) => t.Flags.Select(f => (t.Settings, f)).ToImmutableArray())
                .WithTrackingName(TrackingNames.Flags);
            context.RegisterSourceOutput(flags, static (spc, f) =>
                Add(spc, $"Flags.{f.Set.Name}.g.cs", FlagsEmitter.Emit(f.Settings, f.Set)));

            IncrementalValuesProvider<(TableSettings Settings, StructModel Struct, BuildTarget Target)> structs = table
                .Combine(target)
                .SelectMany(static (t, _) => t.Left.Structs.Select(s => (t.Left.Settings, s, t.Right)).ToImmutableArray())
                .WithTrackingName(TrackingNames.Structs);
            context.RegisterSourceOutput(structs, static (spc, s) =>
                Add(spc, $"Structs.{s.Struct.Name}.g.cs", StructEmitter.Emit(s.Settings, s.Struct, s.Target)));
        }

        /// <summary>A table is <c>syscalls.yaml</c> or <c>NAME.syscalls.yaml</c> among the AdditionalFiles.</summary>
        public static bool IsTable(string path)
        {
            string name = Path.GetFileName(path);
            return name.Equals("syscalls.yaml", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith(".syscalls.yaml", StringComparison.OrdinalIgnoreCase);
        }

        private static ParseResult ParseFirst(ImmutableArray<TableText> tables, CancellationToken ct)
        {
            if (tables.IsEmpty)
            {
                return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
            }

            ct.ThrowIfCancellationRequested();
            ParseResult first = TableParser.Parse(tables[0].Path, tables[0].Text);
            if (tables.Length == 1)
            {
                return first;
            }

            // One table per compilation: the emitted support types (Errno, ErrnoException) exist once.
            var extra = tables.Skip(1).Select(t => new DiagnosticInfo(DiagnosticDescriptors.MultipleTables.Id, t.Path, 1, 1, 1,
                $"Only one syscall table is read per project; '{Path.GetFileName(t.Path)}' is ignored. Merge it into '{Path.GetFileName(tables[0].Path)}'."));
            return first with { Diagnostics = first.Diagnostics.Concat(extra).ToEquatableArray() };
        }

        private static void Add(SourceProductionContext context, string hintName, string source) =>
            context.AddSource(hintName, SourceText.From(source, Encoding.UTF8));
    }
}
