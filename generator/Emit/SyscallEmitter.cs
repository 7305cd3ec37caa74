using System.Globalization;
using System.Linq;
using Interop.Generator.Model;
using Interop.Generator.Parsing;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// The raw layer of syscalls bound by number. libc's <c>long syscall(long number, ...)</c> is variadic, and
    /// .NET cannot call a variadic function portably, so it is bound with a fixed signature of six nint
    /// arguments. That is ABI-correct on the two architectures we support: on x86_64 (System V) and on
    /// AArch64 Linux (AAPCS64; not Apple's variant) variadic integer arguments travel in the same registers as
    /// fixed ones, and the unused ones are ignored. Each syscall gets a typed wrapper that passes its number.
    /// </summary>
    public static class SyscallEmitter
    {
        private const int ArgumentRegisters = 6;

        /// <summary>One syscall: its number SYS_name, its typed wrapper, and the InChild twin when it is marked <c>child: true</c>.</summary>
                public static string Emit(TableSettings settings, SyscallModel s, BuildTarget target)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            Write(w, settings, s, target);
            return w.ToString();
        }

        /// <summary>The same, into a file other entries share (several partial class blocks or types in one namespace).</summary>
        public static void Write(SourceWriter w, TableSettings settings, SyscallModel s, BuildTarget target)
        {
            w.Block($"{settings.Visibility} static unsafe partial class {settings.NativeClass}", () =>
            {
                WriteNumber(w, s, target);
                w.Line();
                DocComments.Write(w, s.Function.Docs, note: $"Called through syscall(2) with <see cref=\"{TableParser.SyscallNumberName(s.Function.Name)}\"/>.");
                foreach (ParameterModel p in s.Function.Parameters)
                {
                    DocComments.Param(w, p.Name, p.Doc);
                }

                WriteWrapper(w, s.Function);
                if (s.Function.CallableInChild)
                {
                    w.Line();
                    w.Block("public static unsafe partial class InChild", () =>
                    {
                        w.Line($"/// <summary>The raw <see cref=\"{settings.NativeClass}.{Identifiers.Escape(s.Function.Name)}\"/>, without a GC transition.</summary>");
                        WriteWrapper(w, s.Function);
                    });
                }
            });
        }

        public static void WriteSyscallImport(SourceWriter w, bool suppressGCTransition)
        {
            w.Line("/// <summary>libc's variadic <c>syscall(2)</c> with six fixed nint arguments: the same registers on x86_64 and AArch64 Linux.</summary>");
            if (suppressGCTransition)
            {
                w.Line("[global::System.Runtime.InteropServices.SuppressGCTransition]");
            }

            w.Line("[global::System.Runtime.InteropServices.DllImport(LibraryName, EntryPoint = \"syscall\", ExactSpelling = true)]");
            string arguments = string.Join(", ", Enumerable.Range(1, ArgumentRegisters).Select(i => "nint a" + i.ToString(CultureInfo.InvariantCulture)));
            w.Line($"private static extern nint syscall6(nint number, {arguments});");
        }

        /// <summary>
        /// SYS_name: a constant when the RuntimeIdentifier names the architecture; otherwise chosen at run time,
        /// -1 on an architecture the table does not describe so that the call fails with ENOSYS instead of
        /// running another syscall. The child reads it as a plain static field (initialized by PrelinkAll).
        /// </summary>
        private static void WriteNumber(SourceWriter w, SyscallModel s, BuildTarget target)
        {
            string name = TableParser.SyscallNumberName(s.Function.Name);
            if (target.Architecture is TargetArchitecture known)
            {
                w.Line($"/// <summary>The number of <c>{s.Function.Name}</c>. {ArchitectureSwitch.ResolvedNote(target)}</summary>");
                w.Line($"public const int {name} = {s.Numbers[known].ToString(CultureInfo.InvariantCulture)};");
                return;
            }

            w.Line($"/// <summary>The number of <c>{s.Function.Name}</c>. {ArchitectureSwitch.RunTimeNote("-1 (the call fails with ENOSYS)")}</summary>");
            ArchitectureSwitch.Field(w, "int", name, a => s.Numbers[a].ToString(CultureInfo.InvariantCulture), "-1");
        }

        private static void WriteWrapper(SourceWriter w, FunctionModel f)
        {
            string parameters = string.Join(", ", f.Parameters.Select(p => $"{p.RawType} {Identifiers.Escape(p.Name)}"));
            var registers = f.Parameters.Select(p => $"(nint){Identifiers.Escape(p.Name)}").ToList();
            // nint from an enum is an explicit enumeration conversion, as from any integer.
            while (registers.Count < ArgumentRegisters)
            {
                registers.Add("0");
            }

            string call = $"syscall6({TableParser.SyscallNumberName(f.Name)}, {string.Join(", ", registers)})";
            // Widening the arguments and narrowing the result is what C does at this boundary: never an overflow check.
            string body = f.ReturnType switch
            {
                "void" => $"_ = unchecked({call})",
                "nint" => $"unchecked({call})",
                _ => $"unchecked(({f.ReturnType}){call})",
            };
            w.Line($"public static {f.ReturnType} {Identifiers.Escape(f.Name)}({parameters}) => {body};");
        }
    }
}
