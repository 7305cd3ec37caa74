using System.Linq;
using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// Structs get explicit layout: every field at the offset the table gives, the size fixed. A struct whose
    /// layout differs per architecture gets the layout of the RuntimeIdentifier's architecture; without a
    /// RuntimeIdentifier it becomes a union of every layout, read through properties that pick the running one.
    /// </summary>
    public static class StructEmitter
    {
        private const string Interop = "global::System.Runtime.InteropServices.";

                public static string Emit(TableSettings settings, StructModel s, BuildTarget target)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            Write(w, settings, s, target);
            return w.ToString();
        }

        /// <summary>The same, into a file other entries share (several partial class blocks or types in one namespace).</summary>
        public static void Write(SourceWriter w, TableSettings settings, StructModel s, BuildTarget target)
        {
            if (s.IsUniform || target.Architecture is not null)
            {
                TargetArchitecture architecture = target.Architecture ?? Architectures.All[0];
                DocComments.Write(w, s.Docs, s.CName, note: s.IsUniform ? null : ArchitectureSwitch.ResolvedNote(target, "layout"));
                GeneratedCode.Attributes(w);
                WriteLayout(w, s.Name, s, architecture, settings.Visibility);
            }
            else
            {
                WriteUnion(w, settings, s);
            }

        }

        /// <summary>One architecture's layout as a struct of its own (the struct itself, or a nested Stat.X64).</summary>
        private static void WriteLayout(SourceWriter w, string name, StructModel s, TargetArchitecture architecture, string visibility)
        {
            w.Line($"[{Interop}StructLayout({Interop}LayoutKind.Explicit, Size = {s.Size[architecture]})]");
            w.Block($"{visibility} unsafe partial struct {name}", () =>
            {
                w.Line($"/// <summary>The size of the C struct in bytes.</summary>");
                w.Line($"public const int SizeInBytes = {s.Size[architecture]};");
                foreach (FieldModel f in s.Fields)
                {
                    w.Line();
                    FieldDocs(w, f);
                    FieldType type = f.Type[architecture];
                    w.Line($"[{Interop}FieldOffset({f.Offset[architecture]})]");
                    w.Line(type.ArrayLength is int n
                        ? $"public fixed {type.Type} {Identifiers.Escape(f.Name)}[{n}];"
                        : $"public {type.Type} {Identifiers.Escape(f.Name)};");
                    if (type.ArrayLength is int length && type.Type is "byte" or "sbyte")
                    {
                        WriteCharArrayAccessors(w, f.Name, type.Type, length);
                    }
                }
            });
        }

        /// <summary>
        /// Every layout overlaid at offset 0 (so the struct is as large as the largest and any pointer to it is
        /// big enough for the kernel to fill), a view per architecture, and a property per field that reads the
        /// view of <c>Native.Architecture</c>. The properties make code written for this form compile unchanged
        /// against the single-layout form of a build with a RuntimeIdentifier.
        /// </summary>
        private static void WriteUnion(SourceWriter w, TableSettings settings, StructModel s)
        {
            string native = $"global::{settings.Namespace}.{settings.NativeClass}.Architecture";
            string enumType = $"global::{settings.Namespace}.SyscallArchitecture";
            TargetArchitecture fallback = Architectures.All[0];
            string views = string.Join(" and ", Architectures.All.Select(a => $"<see cref=\"As{Architectures.DotNetName(a)}\"/>"));
            DocComments.Write(w, s.Docs, s.CName,
                note: $"The layout differs per architecture and the build has no Linux RuntimeIdentifier: this struct is as large as the largest layout, {views} view it through each architecture's layout, and each property reads the view of <see cref=\"{settings.NativeClass}.Architecture\"/> (the {Architectures.TableKey(fallback)} one on an architecture the table does not describe).");
            int largest = Architectures.All.Max(a => s.Size[a]);
            GeneratedCode.Attributes(w);
            w.Line($"[{Interop}StructLayout({Interop}LayoutKind.Explicit, Size = {largest})]");
            w.Block($"{settings.Visibility} unsafe partial struct {s.Name}", () =>
            {
                w.Line("/// <summary>The size of the C struct in bytes on the running architecture.</summary>");
                w.Block($"public static int SizeInBytes => {native} switch", () =>
                {
                    foreach (TargetArchitecture a in Architectures.All.Where(a => a != fallback))
                    {
                        w.Line($"{enumType}.{Architectures.DotNetName(a)} => {s.Size[a]},");
                    }

                    w.Line($"_ => {s.Size[fallback]},");
                }, "};");

                foreach (TargetArchitecture a in Architectures.All)
                {
                    w.Line();
                    w.Line($"/// <summary>The struct read with the {Architectures.TableKey(a)} layout.</summary>");
                    w.Line($"[{Interop}FieldOffset(0)]");
                    w.Line($"public {Architectures.DotNetName(a)} As{Architectures.DotNetName(a)};");
                }

                foreach (FieldModel f in s.Fields)
                {
                    WriteAccessor(w, f, native, enumType, fallback);
                }

                foreach (TargetArchitecture a in Architectures.All)
                {
                    w.Line();
                    w.Line($"/// <summary>The {Architectures.TableKey(a)} layout of <c>{DocComments.Escape(s.CName ?? s.Name)}</c>.</summary>");
                    WriteLayout(w, Architectures.DotNetName(a), s, a, "public");
                }
            });
        }

        /// <summary>
        /// A property that reads (and, when the type is the same everywhere, writes) a field through the running
        /// architecture's view. A type that differs per architecture is widened to one that holds every variant and
        /// is read-only; fixed-size arrays and types with no common widening have no property (use the views).
        /// </summary>
        private static void WriteAccessor(SourceWriter w, FieldModel f, string native, string enumType, TargetArchitecture fallback)
        {
            if (Architectures.All.Any(a => f.Type[a].ArrayLength is not null))
            {
                return;
            }

            var types = Architectures.All.Select(a => f.Type[a].Type).Distinct().ToList();
            string? type = WideningConversions.CommonType(types);
            if (type is null)
            {
                return;
            }

            string name = Identifiers.Escape(f.Name);
            var others = Architectures.All.Where(a => a != fallback).ToList();
            string cast = types.Count == 1 ? "" : $"({type})";
            string read = string.Concat(others.Select(a => $"{native} == {enumType}.{Architectures.DotNetName(a)} ? {cast}As{Architectures.DotNetName(a)}.{name} : "))
                + $"{cast}As{Architectures.DotNetName(fallback)}.{name}";
            w.Line();
            FieldDocs(w, f);
            if (types.Count > 1)
            {
                w.Line($"public readonly {type} {name} => {read};");
                return;
            }

            w.Block($"public {type} {name}", () =>
            {
                w.Line($"readonly get => {read};");
                w.Block("set", () =>
                {
                    string keyword = "if";
                    foreach (TargetArchitecture a in others)
                    {
                        w.Line($"{keyword} ({native} == {enumType}.{Architectures.DotNetName(a)}) As{Architectures.DotNetName(a)}.{name} = value;");
                        keyword = "else if";
                    }

                    w.Line($"{(others.Count > 0 ? "else " : "")}As{Architectures.DotNetName(fallback)}.{name} = value;");
                });
            });
        }

        /// <summary>
        /// A C char[N] read without unsafe code: its bytes as a span over the struct itself, and the string up to the
        /// first NUL (decoded as NativeStrings does, so bytes that are not UTF-8 survive).
        /// </summary>
        private static void WriteCharArrayAccessors(SourceWriter w, string field, string type, int length)
        {
            string name = Identifiers.Escape(field);
            string element = type == "byte" ? $"ref {name}[0]" : $"ref global::System.Runtime.CompilerServices.Unsafe.As<sbyte, byte>(ref {name}[0])";
            w.Line();
            w.Line($"/// <summary>The {length} bytes of <see cref=\"{name}\"/>, a C char array, as a span over this struct.</summary>");
            w.Line("[global::System.Diagnostics.CodeAnalysis.UnscopedRef]");
            w.Line($"public global::System.Span<byte> {field}{Parsing.TableParser.SpanSuffix} => global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan({element}, {length});");
            w.Line();
            w.Line($"/// <summary>The text of <see cref=\"{name}\"/> up to its first NUL (the whole array when it has none).</summary>");
            w.Line($"public string {field}{Parsing.TableParser.StringSuffix} => NativeStrings.DecodeFixed({field}{Parsing.TableParser.SpanSuffix});");
        }

        private static void FieldDocs(SourceWriter w, FieldModel f)
        {
            if (f.Doc is { Length: > 0 } doc)
            {
                DocComments.Element(w, "<summary>", "</summary>", doc);
            }

            if (f.CName is not null)
            {
                w.Line($"/// <remarks>C name: <c>{DocComments.Escape(f.CName)}</c>.</remarks>");
            }
        }
    }
}
