namespace Interop.Generator.Model
{
    /// <summary>
    /// What the compilation is built for, from the <c>build_property.RuntimeIdentifier</c> global option.
    /// With a Linux RID the per-architecture values resolve at compile time; without one (a portable
    /// library build) they are chosen at run time from the process architecture.
    /// </summary>
    public sealed record BuildTarget(string? RuntimeIdentifier, TargetArchitecture? Architecture)
    {
        public static BuildTarget FromRuntimeIdentifier(string? rid)
        {
            string? trimmed = string.IsNullOrWhiteSpace(rid) ? null : rid!.Trim();
            return new BuildTarget(trimmed, Architectures.FromRuntimeIdentifier(trimmed));
        }
    }
}
