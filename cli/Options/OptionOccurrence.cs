namespace Nsbox.Options
{
    /// <summary>
    /// One option as it appeared on the command line, in order. The verbs whose meaning depends on
    /// the order between different options (mounts: <c>--tmpfs /mnt --bind SRC:/mnt/x</c>;
    /// <c>--setenv</c> after <c>--unsetenv</c>) read these instead of the per-option properties.
    /// </summary>
    /// <param name="Name">The long name without dashes ("bind", "uts").</param>
    /// <param name="Value">The value as given, or null for a switch (and for <c>--uts</c> without <c>=FILE</c>).</param>
    internal readonly record struct OptionOccurrence(string Name, string? Value);
}
