using System;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// The stack a cloned child runs on: an anonymous mapping with a PROT_NONE guard page at its low
    /// end, so an overflow faults instead of silently writing into whatever lies below.
    /// </summary>
    internal sealed unsafe class ChildStack : IDisposable
    {
        /// <summary>
        /// 128 KiB: measured use is a few hundred bytes, but glibc's execve and the runtime's reverse
        /// P/Invoke transition get room to spare. MAP_NORESERVE: untouched pages cost nothing.
        /// </summary>
        public const int DefaultSize = 128 * 1024;

        private byte* _base;
        private readonly nuint _size;

        public ChildStack(int size = DefaultSize)
        {
            nuint page = (nuint)Environment.SystemPageSize;
            _size = ((nuint)size + page - 1) / page * page + page;
            void* mapping = Native.mmap(null, _size, Native.PROT_READ | Native.PROT_WRITE,
                Native.MAP_PRIVATE | Native.MAP_ANONYMOUS | Native.MAP_STACK | Native.MAP_NORESERVE, -1, 0);
            if ((nint)mapping == -1)
            {
                throw new ErrnoException("mmap", LastErrno.Read(), "(child stack)");
            }

            _base = (byte*)mapping;
            if (Native.mprotect(_base, page, Native.PROT_NONE) == -1)
            {
                Errno errno = LastErrno.Read();
                Native.munmap(_base, _size);
                _base = null;
                throw new ErrnoException("mprotect", errno, "(child stack guard page)");
            }
        }

        /// <summary>The highest address: stacks grow down. Page-aligned, hence 16-byte aligned.</summary>
        public void* Top => _base + _size;

        public void Dispose()
        {
            if (_base != null)
            {
                Native.munmap(_base, _size);
                _base = null;
            }
        }
    }
}
