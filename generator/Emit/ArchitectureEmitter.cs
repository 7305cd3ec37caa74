using Interop.Generator.Model;

namespace Interop.Generator.Emit
{
    /// <summary>
    /// The architecture the per-architecture values were chosen for: the <c>SyscallArchitecture</c> enum and
    /// <c>Native.Architecture</c>. Fixed by the RuntimeIdentifier when the build has one, otherwise read from
    /// the process at run time; structs with per-architecture layouts pick their view by it.
    /// </summary>
    public static class ArchitectureEmitter
    {
        public static string Emit(TableSettings settings, BuildTarget target)
        {
            var w = new SourceWriter().FileHeader(settings.Namespace);
            w.Line("/// <summary>The architectures the syscall table describes.</summary>");
            GeneratedCode.Attributes(w);
            w.Block($"{settings.Visibility} enum SyscallArchitecture", () =>
            {
                w.Line("/// <summary>An architecture the table does not describe: syscall numbers are -1 (calls fail with ENOSYS) and per-architecture constants 0.</summary>");
                w.Line("Unsupported = 0,");
                foreach (TargetArchitecture architecture in Architectures.All)
                {
                    w.Line();
                    w.Line($"/// <summary>{Architectures.TableKey(architecture)}.</summary>");
                    w.Line($"{Architectures.DotNetName(architecture)} = {(int)architecture + 1},");
                }
            });
            w.Line();
            w.Block($"{settings.Visibility} static partial class {settings.NativeClass}", () =>
            {
                if (target.Architecture is TargetArchitecture known)
                {
                    w.Line($"/// <summary>The architecture whose syscall numbers, constants and struct layouts this assembly holds: fixed at compile time by the RuntimeIdentifier {DocComments.Escape(target.RuntimeIdentifier ?? "")}.</summary>");
                    w.Line($"public static readonly SyscallArchitecture Architecture = SyscallArchitecture.{Architectures.DotNetName(known)};");
                    return;
                }

                w.Line("/// <summary>");
                w.Line("/// The architecture whose syscall numbers, constants and struct layouts this process uses: chosen from");
                w.Line("/// RuntimeInformation.ProcessArchitecture because the build has no Linux RuntimeIdentifier.");
                w.Line("/// </summary>");
                w.Block($"public static readonly SyscallArchitecture Architecture = {ArchitectureSwitch.ProcessArchitecture} switch", () =>
                {
                    foreach (TargetArchitecture architecture in Architectures.All)
                    {
                        w.Line($"{ArchitectureSwitch.DotNetMember(architecture)} => SyscallArchitecture.{Architectures.DotNetName(architecture)},");
                    }

                    w.Line("_ => SyscallArchitecture.Unsupported,");
                }, "};");
            });
            return w.ToString();
        }
    }
}
