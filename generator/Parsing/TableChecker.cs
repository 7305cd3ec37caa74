using System;
using System.Collections.Generic;
using System.Linq;
using Interop.Generator.Diagnostics;
using Interop.Generator.Model;

namespace Interop.Generator.Parsing
{
    /// <summary>
    /// The table-wide checks, over the facts each parsed entry reports: names that collide (with each other or
    /// with what the generator itself emits), struct fields whose type is another struct (size, alignment, a
    /// struct that contains itself), and entries that use a type that was not generated. It works on names and
    /// numbers only, so it is cheap enough to run on every edit. An entry that fails is left out and reported
    /// once; an entry that uses a left-out type is left out silently, because its cause is already reported.
    /// </summary>
    public static class TableChecker
    {
        public static TableAssembly Check(TableOutline outline, IReadOnlyList<EntryResult> results)
        {
            var diagnostics = new List<DiagnosticInfo>(outline.Diagnostics);
            var accepted = new bool[results.Count];
            for (int i = 0; i < results.Count; i++)
            {
                int shift = outline.FirstLines[i] - 1;
                foreach (DiagnosticInfo d in results[i].Diagnostics)
                {
                    diagnostics.Add(d with { Line = d.Line + shift });
                }

                accepted[i] = results[i].IsValid;
            }

            void Reject(int index, Microsoft.CodeAnalysis.DiagnosticDescriptor id, Position at, string message)
            {
                accepted[index] = false;
                diagnostics.Add(new DiagnosticInfo(id.Id, outline.Path, at.Line + outline.FirstLines[index] - 1, at.Column, at.Length, message));
            }

            CheckNames(outline.Settings, results, accepted, outline.FirstLines, Reject);
            CheckNestedStructs(results, accepted, Reject);
            RejectUsersOfMissingTypes(results, accepted);

            if (!outline.Generates)
            {
                return new TableAssembly(outline.Path, outline.Settings, false, EquatableArray<EmitUnit>.Empty, EquatableArray<ConstantModel>.Empty,
                    EquatableArray<ErrnoValueModel>.Empty, EquatableArray<SyscallModel>.Empty, diagnostics.ToEquatableArray());
            }

            TableSettings settings = outline.Settings;
            var units = new List<EmitUnit>();
            var constants = new List<ConstantModel>();
            var syscalls = new List<SyscallModel>();
            var errno = new List<ErrnoValueModel>(LinuxErrno.All);
            var hintNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            string Hint(string part, string name)
            {
                // Hint names are compared ignoring case, C names are not (_exit and _Exit): number the later one.
                string hint = part + "." + name;
                for (int n = 2; !hintNames.Add(hint); n++)
                {
                    hint = part + "." + name + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return hint;
            }
            for (int i = 0; i < results.Count; i++)
            {
                if (!accepted[i])
                {
                    continue;
                }

                EntryResult r = results[i];
                switch (r.Kind)
                {
                    case EntryKind.Function:
                        units.Add(new EmitUnit(settings, r.Kind, Hint("Functions", r.Function!.Name), r.Function, null, null, null));
                        break;
                    case EntryKind.Syscall:
                        syscalls.Add(r.Syscall!);
                        units.Add(new EmitUnit(settings, r.Kind, Hint("Syscalls", r.Syscall!.Function.Name), null, r.Syscall, null, null));
                        break;
                    case EntryKind.FlagSet:
                        units.Add(new EmitUnit(settings, r.Kind, Hint("Flags", r.Flags!.Name), null, null, r.Flags, null));
                        break;
                    case EntryKind.Struct:
                        units.Add(new EmitUnit(settings, r.Kind, Hint("Structs", r.Struct!.Name), null, null, null, r.Struct));
                        break;
                    case EntryKind.Constant:
                        constants.Add(r.Constant!);
                        break;
                    case EntryKind.Errno:
                        // A value the built-in set already has (same name and number) adds nothing.
                        if (!errno.Any(e => e.Name == r.Errno!.Name))
                        {
                            errno.Add(r.Errno!);
                        }

                        break;
                }
            }

            return new TableAssembly(outline.Path, settings, true, units.ToEquatableArray(), constants.ToEquatableArray(), errno.ToEquatableArray(),
                syscalls.ToEquatableArray(), diagnostics.ToEquatableArray());
        }

        /// <summary>The types every table generates into its namespace, besides its structs and flag sets.</summary>
        public static IEnumerable<string> GeneratedTypes(TableSettings settings) =>
            new[] { settings.NativeClass, settings.FriendlyClass, "Errno", "ErrnoInfo", "ErrnoException", "NativeStrings", "FileDescriptor", "SyscallArchitecture" };

        /// <summary>Members the generator adds to the raw class, which no table name may take.</summary>
        private static readonly string[] s_nativeMembers = { "LibraryName", "InChild", "PrelinkAll", "Architecture", "syscall6" };

        /// <summary>
        /// Members every class and struct inherits from object (and ValueType): a generated member of the same name would
        /// hide one (CS0108, CS0114) and so warn in a generated file. Reserved in the raw and friendly classes and in
        /// every struct (<see cref="TableParser"/> checks fields against the same list).
        /// </summary>
        public static readonly string[] ObjectMembers = { "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

        private delegate void RejectAction(int index, Microsoft.CodeAnalysis.DiagnosticDescriptor id, Position at, string message);

        private static void CheckNames(TableSettings settings, IReadOnlyList<EntryResult> results, bool[] accepted, EquatableArray<int> firstLines, RejectAction reject)
        {
            var reserved = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string m in s_nativeMembers)
            {
                reserved["native:" + m] = $"a member the generator adds to {settings.NativeClass}";
            }

            foreach (string m in ObjectMembers)
            {
                reserved["native:" + m] = $"a member every class inherits from object, which {settings.NativeClass}.{m} would hide";
                reserved["friendly:" + m] = $"a member every class inherits from object, which {settings.FriendlyClass}.{m} would hide";
            }

            reserved["native:" + settings.NativeClass] = "the raw class itself (a member cannot have its class's name)";
            reserved["friendly:" + settings.FriendlyClass] = "the friendly class itself (a member cannot have its class's name)";
            foreach (string t in GeneratedTypes(settings))
            {
                reserved["type:" + t] = "a type the generator emits";
            }

            var builtinErrno = LinuxErrno.All.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < results.Count; i++)
            {
                if (!accepted[i])
                {
                    continue;
                }

                foreach (NamedAt n in results[i].Names)
                {
                    string key = n.Scope + ":" + n.Name;
                    if (reserved.TryGetValue(key, out string? what))
                    {
                        reject(i, DiagnosticDescriptors.DuplicateName, n.At, $"'{n.Name}' is {what}; choose another name.");
                        break;
                    }

                    if (n.Scope == "errno" && builtinErrno.TryGetValue(n.Name, out int value) && results[i].Errno is { } e && e.Value != value)
                    {
                        reject(i, DiagnosticDescriptors.ValueOutOfRange, n.At, $"{n.Name} is {value} on Linux, not {e.Value}; every table has the Linux errno values built in, so this entry can be removed.");
                        break;
                    }

                    if (seen.TryGetValue(key, out int first))
                    {
                        int firstLine = results[first].Names.First(f => f.Scope + ":" + f.Name == key).At.Line + firstLines[first] - 1;
                        reject(i, DiagnosticDescriptors.DuplicateName, n.At, $"'{n.Name}' is already defined on line {firstLine}; rename or remove one of them.");
                        break;
                    }
                }

                if (accepted[i])
                {
                    foreach (NamedAt n in results[i].Names)
                    {
                        seen[n.Scope + ":" + n.Name] = i;
                    }
                }
            }
        }

        /// <summary>Fields whose type is another struct: that struct must be right, fit at the offset, and not contain this one.</summary>
        private static void CheckNestedStructs(IReadOnlyList<EntryResult> results, bool[] accepted, RejectAction reject)
        {
            var byName = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < results.Count; i++)
            {
                if (accepted[i] && results[i].Struct is { } s)
                {
                    byName[s.Name] = i;
                }
            }

            var alignment = new Dictionary<int, int?>();
            var visiting = new HashSet<int>();

            int? AlignmentOf(int index)
            {
                if (alignment.TryGetValue(index, out int? known))
                {
                    return known;
                }

                EntryResult r = results[index];
                StructModel s = r.Struct!;
                StructFacts facts = r.Layout!;
                visiting.Add(index);
                int align = facts.Alignment;
                bool ok = true;
                foreach (NestedField f in facts.Nested)
                {
                    if (!byName.TryGetValue(f.Struct, out int nested) || !accepted[nested])
                    {
                        // Its own problem is reported where it is written.
                        ok = false;
                        break;
                    }

                    if (visiting.Contains(nested))
                    {
                        reject(index, DiagnosticDescriptors.InvalidValue, f.TypeAt, $"Struct '{s.Name}' contains itself through field '{f.Field}' ({f.Struct}); a struct cannot hold itself by value: use a pointer ('{f.Struct}*').");
                        ok = false;
                        break;
                    }

                    int? inner = AlignmentOf(nested);
                    if (inner is null)
                    {
                        ok = false;
                        break;
                    }

                    StructModel n = results[nested].Struct!;
                    foreach (TargetArchitecture a in Architectures.All)
                    {
                        long end = (long)f.Offset[a] + (long)n.Size[a] * f.Count;
                        if (end > s.Size[a])
                        {
                            reject(index, DiagnosticDescriptors.ValueOutOfRange, f.OffsetAt, $"Field '{f.Field}' ({f.Struct}, {n.Size[a] * f.Count} bytes at offset {f.Offset[a]}) runs past the end of struct '{s.Name}' ({s.Size[a]} bytes).");
                            ok = false;
                            break;
                        }

                        if (!facts.Packed && f.Offset[a] % inner.Value != 0)
                        {
                            reject(index, DiagnosticDescriptors.InvalidValue, f.OffsetAt, $"Field '{f.Field}' at offset {f.Offset[a]} is misaligned: {f.Struct} needs a multiple of {inner}. If the C struct is packed, add 'packed: true' to '{s.Name}'.");
                            ok = false;
                            break;
                        }
                    }

                    if (!ok)
                    {
                        break;
                    }

                    align = Math.Max(align, inner.Value);
                }

                if (ok && !facts.Packed && facts.Nested.Count > 0 && Architectures.All.Any(a => s.Size[a] % align != 0))
                {
                    reject(index, DiagnosticDescriptors.InvalidValue, facts.SizeAt, $"Struct '{s.Name}' has a size that is not a multiple of its alignment {align} (C pads a struct to its alignment). If the C struct is packed, add 'packed: true'.");
                    ok = false;
                }

                visiting.Remove(index);
                if (!ok)
                {
                    accepted[index] = false;
                }

                alignment[index] = ok ? align : null;
                return alignment[index];
            }

            foreach (int index in byName.Values.ToList())
            {
                AlignmentOf(index);
            }
        }

        /// <summary>Leaves out every entry that uses a struct or flag set that is not generated, until nothing changes.</summary>
        private static void RejectUsersOfMissingTypes(IReadOnlyList<EntryResult> results, bool[] accepted)
        {
            bool changed = true;
            while (changed)
            {
                changed = false;
                var types = new HashSet<string>(StringComparer.Ordinal);
                for (int i = 0; i < results.Count; i++)
                {
                    if (accepted[i] && (results[i].Struct?.Name ?? results[i].Flags?.Name) is string name)
                    {
                        types.Add(name);
                    }
                }

                for (int i = 0; i < results.Count; i++)
                {
                    if (accepted[i] && results[i].References.Any(r => !types.Contains(r)))
                    {
                        accepted[i] = false;
                        changed = true;
                    }
                }
            }
        }
    }
}
