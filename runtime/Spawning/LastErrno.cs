using System.Runtime.InteropServices;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>errno after a raw call made by the parent (never used in the child, which reads errno itself).</summary>
    internal static class LastErrno
    {
        public static Errno Read() => (Errno)Marshal.GetLastSystemError();
    }
}
