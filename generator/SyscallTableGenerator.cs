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
    /// Turns syscall tables (AdditionalFiles items named <c>syscalls.yaml</c> or <c>*.syscalls.yaml</c>) into
    /// bindings. Pipeline: split each table into entries (by lines), parse each entry on its own into an
    /// equatable model (cached on the entry's text), check the entries against each other (names and numbers
    /// only), then one output per bucket of entries. Editing one entry re-parses that entry alone and
    /// regenerates the one file its bucket makes.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class SyscallTableGenerator : IIncrementalGenerator
    {
        /// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
        public static class TrackingNames
        {
            public const string TableText = nameof(TableText);
            public const string Outline = nameof(Outline);
            public const string Entry = nameof(Entry);
            public const string Check = nameof(Check);
            public const string Units = nameof(Units);
            public const string Constants = nameof(Constants);
            public const string Errno = nameof(Errno);
            public const string BuildTarget = nameof(BuildTarget);
            public const string Architecture = nameof(Architecture);
            public const string CompilationSupport = nameof(CompilationSupport);
        }

        /// <summary>The global option that carries the project's RuntimeIdentifier (a CompilerVisibleProperty).</summary>
        public const string RuntimeIdentifierOption = "build_property.RuntimeIdentifier";

        /// <summary>The MSBuild property InteropGeneratorVisibility (public or internal), over the table's own 'visibility'.</summary>
        public const string VisibilityOption = "build_property.InteropGeneratorVisibility";

        private sealed record TableText(string Path, string Text);

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<AdditionalText> files = context.AdditionalTextsProvider;

            // A file that looks like a table but is not named like one is otherwise ignored without a word.
            context.RegisterSourceOutput(files.Where(static f => TableFiles.IsMisnamed(f.Path)).Select(static (f, _) => f.Path), static (spc, path) =>
                spc.ReportDiagnostic(new DiagnosticInfo(DiagnosticDescriptors.MisnamedTable.Id, path, 1, 1, 1,
                    $"'{Path.GetFileName(path)}' is not read: a syscall table is named 'syscalls.yaml' or 'NAME.syscalls.yaml'. Rename it to '{TableFiles.SuggestedName(path)}'.").ToDiagnostic()));

            IncrementalValueProvider<string?> visibility = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) => options.GlobalOptions.TryGetValue(VisibilityOption, out string? v) && v.Length > 0 ? v.Trim().ToLowerInvariant() : null);

            IncrementalValuesProvider<TableOutline> outlines = files
                .Where(static file => TableFiles.IsTable(file.Path))
                .Select(static (file, ct) => new TableText(file.Path, file.GetText(ct)?.ToString() ?? ""))
                .WithTrackingName(TrackingNames.TableText)
                .Combine(visibility)
                .Select(static (t, _) => TableParser.Outline(t.Left.Path, t.Left.Text, t.Right))
                .WithTrackingName(TrackingNames.Outline);

            IncrementalValuesProvider<EntryResult> entries = outlines
                .SelectMany(static (o, _) => o.Entries)
                .Select(static (e, _) => TableParser.ParseEntry(e))
                .WithTrackingName(TrackingNames.Entry);

            // Can the compilation take the generated code at all? One diagnostic instead of dozens inside .g.cs files.
            IncrementalValueProvider<CompilationSupport> support = context.CompilationProvider
                .Select(static (c, _) => CompilationSupport.Of(c))
                .WithTrackingName(TrackingNames.CompilationSupport);

            IncrementalValueProvider<EquatableArray<TableAssembly>> tables = outlines.Collect()
                .Combine(entries.Collect())
                .Select(static (t, _) => TableFiles.CheckAll(t.Left, t.Right))
                .WithTrackingName(TrackingNames.Check);

            context.RegisterSourceOutput(tables.Combine(support), static (spc, t) =>
            {
                foreach (TableAssembly table in t.Left)
                {
                    foreach (DiagnosticInfo d in table.Diagnostics)
                    {
                        spc.ReportDiagnostic(d.ToDiagnostic());
                    }
                }

                if (t.Left.Count > 0 && t.Right.ProblemId is string id)
                {
                    spc.ReportDiagnostic(new DiagnosticInfo(id, t.Left[0].Path, 1, 1, 1, t.Right.Message ?? "").ToDiagnostic());
                }
            });

            // The RuntimeIdentifier decides whether per-architecture values are constants or chosen at run time.
            IncrementalValueProvider<BuildTarget> target = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) => BuildTarget.FromRuntimeIdentifier(
                    options.GlobalOptions.TryGetValue(RuntimeIdentifierOption, out string? rid) ? rid : null))
                .WithTrackingName(TrackingNames.BuildTarget);

            IncrementalValueProvider<(BuildTarget Target, bool Generates)> emitting = target.Combine(support)
                .Select(static (t, _) => (t.Left, t.Right.ProblemId is null));

            IncrementalValuesProvider<TableAssembly> generated = tables.SelectMany(static (t, _) => t.Where(a => a.Generates));

            IncrementalValuesProvider<EmitBucket> buckets = generated
                .SelectMany(static (a, _) => OutputBuckets.Of(a))
                .WithTrackingName(TrackingNames.Units);
            context.RegisterSourceOutput(buckets.Combine(emitting), static (spc, b) =>
            {
                if (!b.Right.Generates)
                {
                    return;
                }

                EmitBucket bucket = b.Left;
                TableSettings settings = bucket.Settings;
                BuildTarget buildTarget = b.Right.Target;
                var w = new SourceWriter().FileHeader(settings.Namespace);
                switch (bucket.Kind)
                {
                    case EntryKind.Function:
                        var functions = OutputBuckets.Models(bucket, u => u.Function).ToList();
                        foreach (FunctionModel f in functions)
                        {
                            NativeEmitter.WriteFunction(w, settings, f);
                        }

                        Add(spc, OutputBuckets.HintName(bucket, settings.NativeClass, "Functions"), w.ToString());
                        Add(spc, OutputBuckets.HintName(bucket, settings.FriendlyClass, "Functions"), FriendlyEmitter.Emit(settings, functions, documentClass: false));
                        break;
                    case EntryKind.Syscall:
                        var syscalls = OutputBuckets.Models(bucket, u => u.Syscall).ToList();
                        foreach (SyscallModel s in syscalls)
                        {
                            SyscallEmitter.Write(w, settings, s, buildTarget);
                        }

                        Add(spc, OutputBuckets.HintName(bucket, settings.NativeClass, "Syscalls"), w.ToString());
                        Add(spc, OutputBuckets.HintName(bucket, settings.FriendlyClass, "Syscalls"), FriendlyEmitter.Emit(settings, syscalls.Select(x => x.Function), documentClass: false));
                        break;
                    case EntryKind.FlagSet:
                        foreach (FlagSetModel f in OutputBuckets.Models(bucket, u => u.Flags))
                        {
                            FlagsEmitter.Write(w, settings, f);
                        }

                        Add(spc, OutputBuckets.HintName(bucket, "", "Flags"), w.ToString());
                        break;
                    case EntryKind.Struct:
                        foreach (StructModel s in OutputBuckets.Models(bucket, u => u.Struct))
                        {
                            StructEmitter.Write(w, settings, s, buildTarget);
                        }

                        Add(spc, OutputBuckets.HintName(bucket, "", "Structs"), w.ToString());
                        break;
                }
            });

            IncrementalValuesProvider<(TableSettings Settings, EquatableArray<ConstantModel> Constants)> constants = generated
                .Select(static (a, _) => (a.Settings, a.Constants)).WithTrackingName(TrackingNames.Constants);
            context.RegisterSourceOutput(constants.Combine(emitting), static (spc, c) =>
            {
                if (c.Right.Generates)
                {
                    Add(spc, $"{c.Left.Settings.Namespace}.{c.Left.Settings.NativeClass}.Constants.g.cs", NativeEmitter.EmitConstants(c.Left.Settings, c.Left.Constants, c.Right.Target));
                }
            });

            IncrementalValuesProvider<(TableSettings Settings, EquatableArray<ErrnoValueModel> Errno)> errno = generated
                .Select(static (a, _) => (a.Settings, a.Errno)).WithTrackingName(TrackingNames.Errno);
            context.RegisterSourceOutput(errno.Combine(emitting), static (spc, e) =>
            {
                if (!e.Right.Generates)
                {
                    return;
                }

                TableSettings settings = e.Left.Settings;
                Add(spc, $"{settings.Namespace}.Errno.g.cs", ErrnoEmitter.Emit(settings, e.Left.Errno));
                Add(spc, $"{settings.Namespace}.NativeStrings.g.cs", SupportEmitter.Emit(settings));
                Add(spc, $"{settings.Namespace}.{FileDescriptorEmitter.Name}.g.cs", FileDescriptorEmitter.Emit(settings));
                Add(spc, $"{settings.Namespace}.{settings.NativeClass}.g.cs", NativeEmitter.EmitClass(settings));
                Add(spc, $"{settings.Namespace}.{settings.FriendlyClass}.g.cs", FriendlyEmitter.Emit(settings, Array.Empty<FunctionModel>(), documentClass: true));
            });

            IncrementalValuesProvider<(TableSettings Settings, BuildTarget Target)> architecture = generated
                .Select(static (a, _) => a.Settings)
                .Combine(target)
                .WithTrackingName(TrackingNames.Architecture);
            context.RegisterSourceOutput(architecture.Combine(emitting), static (spc, a) =>
            {
                if (a.Right.Generates)
                {
                    Add(spc, $"{a.Left.Settings.Namespace}.{a.Left.Settings.NativeClass}.Architecture.g.cs", ArchitectureEmitter.Emit(a.Left.Settings, a.Left.Target));
                }
            });
        }

        /// <summary>A table is <c>syscalls.yaml</c> or <c>NAME.syscalls.yaml</c> among the AdditionalFiles.</summary>
        public static bool IsTable(string path) => TableFiles.IsTable(path);

        private static void Add(SourceProductionContext context, string hintName, string source) =>
            context.AddSource(hintName, SourceText.From(source, Encoding.UTF8));
    }
}
