using System;
using System.Text;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>A pipe whose write end becomes a helper's stderr, so its complaint can go into our one-line error.</summary>
    internal sealed unsafe class StandardErrorCapture : IDisposable
    {
        private int _read = -1;
        private int _write = -1;

        public StandardErrorCapture()
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

        /// <summary>Everything the helper wrote (after it exited), on one line.</summary>
        public string ReadAll()
        {
            Native.close(_write);
            _write = -1;
            var text = new StringBuilder();
            byte* buffer = stackalloc byte[512];
            nint n;
            while ((n = Native.read(_read, buffer, 512)) > 0 || (n == -1 && LastErrno.Read() == Errno.EINTR))
            {
                if (n > 0)
                {
                    text.Append(Encoding.UTF8.GetString(buffer, (int)n));
                }
            }

            return text.ToString().Replace('\n', ' ').Trim();
        }

        public void Dispose()
        {
            if (_read != -1) Native.close(_read);
            if (_write != -1) Native.close(_write);
            _read = _write = -1;
        }
    }
}
