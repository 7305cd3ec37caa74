using System.Globalization;

namespace Interop.Runtime
{
    /// <summary>
    /// One line of a user namespace's uid_map or gid_map: ids <see cref="Inside"/>.. inside the
    /// namespace are ids <see cref="Outside"/>.. outside, <see cref="Count"/> of them.
    /// </summary>
    public readonly record struct IdMapping(uint Inside, uint Outside, uint Count)
    {
        /// <summary>The line as the kernel reads it: "inside outside count\n".</summary>
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Inside} {Outside} {Count}\n");
    }
}
