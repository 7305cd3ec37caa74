using System.Linq;
using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// The raw layer: one blittable <c>[DllImport(ExactSpelling = true)] static extern</c> per function,
    /// exactly the P/Invoke LibraryImportGenerator itself would emit as its inner declaration. No
    /// marshalling, no errno handling, no exceptions: callable from a cloned child. Each function is a file
    /// of its own (so editing one entry regenerates one file); what the class itself holds is in <see cref="EmitClass"/>.
    /// </summary>
    public static class NativeEmitter
    {
        /// <summary>The class part every table has: the library name, PrelinkAll, libc's syscall(2), the InChild class.</summary>
        public static string EmitClass(TableSettings settings)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            w.Line("/// <summary>Raw bindings: exact C signatures, blittable, allocation- and exception-free. errno is left in place; read it with <c>__errno_location</c> or <see cref=\"System.Runtime.InteropServices.Marshal.GetLastSystemError\"/>.</summary>");
            GeneratedCode.Attributes(w);
            w.Block($"{settings.Visibility} static unsafe partial class {settings.NativeClass}", () =>
            {
                w.Line($"private const string LibraryName = \"{settings.Library}\";");
                w.Line();
                SyscallEmitter.WriteSyscallImport(w, suppressGCTransition: false);
                w.Line();
                w.Line("/// <summary>");
                w.Line("/// The functions marked <c>child: true</c> in the table, bound with [SuppressGCTransition] for the code that");
                w.Line("/// runs in a CLONE_VM child between clone and execve: there a GC transition would let the runtime walk");
                w.Line("/// the parent thread's frames while the child changes them. Only for short calls (no blocking).");
                w.Line("/// </summary>");
                w.Block("public static unsafe partial class InChild", () =>
                {
                    SyscallEmitter.WriteSyscallImport(w, suppressGCTransition: true);
                });
                w.Line();
                w.Line("/// <summary>");
                w.Line("/// Binds every function of this class now. Under the JIT a P/Invoke is bound on its first call, which");
                w.Line("/// loads libraries and takes locks: code that runs where that is unsafe (a cloned child) calls this first.");
                w.Line("/// Under NativeAOT calls are bound at link time; what remains is initializing the per-architecture values.");
                w.Line("/// </summary>");
                w.Block("public static void PrelinkAll()", () =>
                {
                    w.Line("// In a build without a RuntimeIdentifier, syscall numbers and per-architecture constants are static");
                    w.Line("// readonly fields: initialize them now, so that reading one in a cloned child never runs a class constructor there.");
                    w.Line($"global::System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof({settings.NativeClass}).TypeHandle);");
                    w.Block("if (global::System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled)", () =>
                    {
                        w.Line($"global::System.Runtime.InteropServices.Marshal.PrelinkAll(typeof({settings.NativeClass}));");
                        w.Line($"global::System.Runtime.InteropServices.Marshal.PrelinkAll(typeof({settings.NativeClass}.InChild));");
                    });
                });
            });
            return w.ToString();
        }

        /// <summary>One function's raw binding, and its InChild twin when it is marked <c>child: true</c>.</summary>
                public static string EmitFunction(TableSettings settings, FunctionModel f)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            WriteFunction(w, settings, f);
            return w.ToString();
        }

        /// <summary>The same, into a file other entries share (several partial class blocks or types in one namespace).</summary>
        public static void WriteFunction(SourceWriter w, TableSettings settings, FunctionModel f)
        {
            w.Block($"{settings.Visibility} static unsafe partial class {settings.NativeClass}", () =>
            {
                DocComments.Write(w, f.Docs);
                foreach (ParameterModel p in f.Parameters)
                {
                    DocComments.Param(w, p.Name, p.Doc);
                }

                string parameters = string.Join(", ", f.Parameters.Select(p => $"{p.RawType} {Identifiers.Escape(p.Name)}"));
                w.Line($"[global::System.Runtime.InteropServices.DllImport(LibraryName, EntryPoint = \"{f.Name}\", ExactSpelling = true)]");
                w.Line($"public static extern {f.ReturnType} {Identifiers.Escape(f.Name)}({parameters});");
                if (f.CallableInChild)
                {
                    w.Line();
                    w.Block("public static unsafe partial class InChild", () =>
                    {
                        w.Line($"/// <summary>The raw <see cref=\"{settings.NativeClass}.{Identifiers.Escape(f.Name)}\"/>, without a GC transition.</summary>");
                        w.Line("[global::System.Runtime.InteropServices.SuppressGCTransition]");
                        w.Line($"[global::System.Runtime.InteropServices.DllImport(LibraryName, EntryPoint = \"{f.Name}\", ExactSpelling = true)]");
                        w.Line($"public static extern {f.ReturnType} {Identifiers.Escape(f.Name)}({parameters});");
                    });
                }
            });
        }

        /// <summary>
        /// Every constant: a C# const when its value is the same everywhere or the RuntimeIdentifier picks the
        /// architecture; otherwise a static readonly chosen at run time (0 on an architecture the table does not describe).
        /// </summary>
        public static string EmitConstants(TableSettings settings, EquatableArray<ConstantModel> constants, BuildTarget target)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            w.Block($"{settings.Visibility} static partial class {settings.NativeClass}", () =>
            {
                foreach (ConstantModel c in constants)
                {
                    string name = Identifiers.Escape(c.Name);
                    if (c.Value.TryResolve(target.Architecture, out string value))
                    {
                        DocComments.Write(w, c.Docs, c.CName ?? c.Name, note: c.Value.IsUniform ? null : ArchitectureSwitch.ResolvedNote(target));
                        w.Line($"public const {c.Type} {name} = {Literals.Integer(value, c.Type)};");
                        continue;
                    }

                    DocComments.Write(w, c.Docs, c.CName ?? c.Name, note: ArchitectureSwitch.RunTimeNote("0"));
                    ArchitectureSwitch.Field(w, c.Type, name, a => Literals.Integer(c.Value[a], c.Type), $"({c.Type})0");
                }
            });
            return w.ToString();
        }
    }
}
