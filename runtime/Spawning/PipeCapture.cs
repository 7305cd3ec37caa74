using System;
using System.Buffers;
using System.Text;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// A pipe whose write end becomes a helper's stderr (and stdout, for <see cref="CombinedOutput"/>),
    /// so what it wrote can go into our one-line error or be read whole.
    /// </summary>
    internal sealed unsafe class PipeCapture : IDisposable
    {
        private int _read = -1;
        private int _write = -1;

        public PipeCapture()
        {
            int* fds = stackalloc int[2];
            if (Native.pipe2(fds, Native.O_CLOEXEC) == -1 || !PrivateDescriptor.MoveUp(fds))
            {
                throw new SpawnException(ChildStep.None, "pipe2", LastErrno.Read());
            }

            _read = fds[0];
            _write = fds[1];
        }

        /// <summary>The descriptor to hand to the helper.</summary>
        public int WriteFd => _write;

        /// <summary>
        /// Everything the helper wrote, read once it is spawned: our write end closed first, the pipe
        /// ends when the helper (and whatever it left running) closes its copies. Decoded as UTF-8 once,
        /// so a character split across reads stays whole.
        /// </summary>
        public string ReadToEnd()
        {
            Native.close(_write);
            _write = -1;
            var bytes = new ArrayBufferWriter<byte>();
            nint n;
            do
            {
                fixed (byte* buffer = bytes.GetSpan(4096))
                {
                    n = Native.read(_read, buffer, 4096);
                }

                if (n > 0)
                {
                    bytes.Advance((int)n);
                }
            }
            while (n > 0 || (n == -1 && LastErrno.Read() == Errno.EINTR));

            return Encoding.UTF8.GetString(bytes.WrittenSpan);
        }

        /// <summary>Everything the helper wrote (after it exited), on one line.</summary>
        public string ReadAll() => ReadToEnd().Replace('\n', ' ').Trim();

        public void Dispose()
        {
            if (_read != -1) Native.close(_read);
            if (_write != -1) Native.close(_write);
            _read = _write = -1;
        }
    }
}
