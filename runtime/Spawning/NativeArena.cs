using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// Native memory for one spawn's plan: strings and arrays the child reads. Everything is freed at
    /// once when the spawn is over (after clone returned, the child no longer reads it).
    /// </summary>
    internal sealed unsafe class NativeArena : IDisposable
    {
        private readonly List<IntPtr> _blocks = new List<IntPtr>();

        public void* Allocate(nuint bytes)
        {
            void* block = NativeMemory.AllocZeroed(bytes);
            _blocks.Add((IntPtr)block);
            return block;
        }

        public T* Allocate<T>() where T : unmanaged => (T*)Allocate((nuint)sizeof(T));

        /// <summary>UTF-8 bytes of s, NUL-terminated; <paramref name="length"/> excludes the NUL.</summary>
        public byte* Utf8(string s, out nuint length)
        {
            int count = Encoding.UTF8.GetByteCount(s);
            byte* buffer = (byte*)Allocate((nuint)count + 1);
            fixed (char* chars = s)
            {
                Encoding.UTF8.GetBytes(chars, s.Length, buffer, count);
            }

            length = (nuint)count;
            return buffer;
        }

        public byte* Utf8(string s) => Utf8(s, out _);

        /// <summary>A NULL-terminated array of NUL-terminated strings (argv, envp).</summary>
        public byte** Utf8Array(IReadOnlyList<string> values)
        {
            byte** array = (byte**)Allocate((nuint)((values.Count + 1) * sizeof(byte*)));
            for (int i = 0; i < values.Count; i++)
            {
                array[i] = Utf8(values[i]);
            }

            return array;
        }

        public void Dispose()
        {
            foreach (IntPtr block in _blocks)
            {
                NativeMemory.Free((void*)block);
            }

            _blocks.Clear();
        }
    }
}
