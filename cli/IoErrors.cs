using System;
using System.IO;
using Interop.Linux;

namespace Nsbox
{
    /// <summary>
    /// The errno behind a .NET I/O exception, for the few places that still read files through
    /// System.IO: nsbox never prints .NET's own message (a resource key in the NativeAOT build,
    /// <c>IO_FileNotFound_FileName</c>), only strerror and the errno's name.
    /// </summary>
    internal static class IoErrors
    {
        /// <summary>ENOENT, EACCES, ENAMETOOLONG from the exception's kind; otherwise the errno .NET kept as the HResult of a plain IOException, or EIO.</summary>
        public static Errno ErrnoOf(Exception e) => e switch
        {
            ErrnoException errno => errno.Errno,
            FileNotFoundException or DirectoryNotFoundException => Errno.ENOENT,
            PathTooLongException => Errno.ENAMETOOLONG,
            UnauthorizedAccessException => Errno.EACCES,
            IOException io when io.HResult is > 0 and < 4096 => (Errno)io.HResult,
            _ => Errno.EIO,
        };

        /// <summary>One line, <c>what: strerror (ERRNO)</c>, naming the file where .NET kept it.</summary>
        public static string Describe(string what, Exception e) =>
            ErrnoException.Format(e is FileNotFoundException { FileName: string file } ? what + " " + file : what, ErrnoOf(e));
    }
}
