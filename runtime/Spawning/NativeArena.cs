using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Interop.Runtime.Text;

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

        /// <summary>The bytes s stands for (<see cref="FileSystemEncoding"/>: lossless), NUL-terminated; <paramref name="length"/> excludes the NUL.</summary>
        public byte* Bytes(string s, out nuint length)
        {
            int count = FileSystemEncoding.GetByteCount(s);
            byte* buffer = (byte*)Allocate((nuint)count + 1);
            FileSystemEncoding.Encode(s, new Span<byte>(buffer, count));
            length = (nuint)count;
            return buffer;
        }

        public byte* Bytes(string s) => Bytes(s, out _);

        /// <summary>Null for null, else <see cref="Bytes(string)"/>.</summary>
        public byte* BytesOrNull(string? s) => s is null ? null : Bytes(s);

        /// <summary>A NULL-terminated array of NUL-terminated strings (argv, envp).</summary>
        public byte** BytesArray(IReadOnlyList<string> values)
        {
            byte** array = (byte**)Allocate((nuint)((values.Count + 1) * sizeof(byte*)));
            for (int i = 0; i < values.Count; i++)
            {
                array[i] = Bytes(values[i]);
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
