using System;
using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// How a value that differs per architecture is written when the build has no RuntimeIdentifier:
    /// a static readonly field chosen from RuntimeInformation.ProcessArchitecture in the class constructor.
    /// Each field asks the runtime itself rather than reading another field, because the order in which
    /// the initializers of a partial class's files run is unspecified.
    /// </summary>
    public static class ArchitectureSwitch
    {
        public const string ProcessArchitecture = "global::System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture";

        /// <summary>The .NET Architecture member for a table architecture: <c>global::...Architecture.X64</c>.</summary>
        public static string DotNetMember(TargetArchitecture architecture) =>
            "global::System.Runtime.InteropServices.Architecture." + Architectures.DotNetName(architecture);

        /// <summary>
        /// <c>public static readonly TYPE NAME = ProcessArchitecture switch { X64 => ..., Arm64 => ..., _ => fallback };</c>
        /// </summary>
        public static void Field(SourceWriter w, string type, string name, Func<TargetArchitecture, string> literalFor, string fallback)
        {
            w.Block($"public static readonly {type} {name} = {ProcessArchitecture} switch", () =>
            {
                foreach (TargetArchitecture architecture in Architectures.All)
                {
                    w.Line($"{DotNetMember(architecture)} => {literalFor(architecture)},");
                }

                w.Line($"_ => {fallback},");
            }, "};");
        }

        /// <summary>The sentence the docs of a resolved per-architecture value carry.</summary>
        public static string ResolvedNote(BuildTarget target, string what = "value") =>
            $"The {Architectures.TableKey(target.Architecture!.Value)} {what}: the build's RuntimeIdentifier is {DocComments.Escape(target.RuntimeIdentifier ?? "")}.";

        /// <summary>The sentence the docs of a value chosen at run time carry.</summary>
        public static string RunTimeNote(string unsupported) =>
            $"Given per architecture, and the build has no Linux RuntimeIdentifier: chosen when the process starts; {unsupported} on an architecture the table does not describe.";
    }
}
