using System;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using Interop.Linux;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>
    /// What an engine's end of <c>--console-socket</c> does (conmon's, containerd's shim's): listen on
    /// an AF_UNIX stream socket, accept the runtime's connection, receive the pty master with
    /// recvmsg (SCM_RIGHTS, through the generated bindings) and the name sent with it; then talk to
    /// the container through the master.
    /// </summary>
    public sealed unsafe class ConsoleReceiver : IDisposable
    {
        private readonly Socket _listener;

        public ConsoleReceiver()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nsbox-console-" + Guid.NewGuid().ToString("N")[..12] + ".sock");
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(new UnixDomainSocketEndPoint(Path));
            _listener.Listen(4);
        }

        /// <summary>The socket file to pass as --console-socket.</summary>
        public string Path { get; }

        /// <summary>The received master (-1 before <see cref="Receive"/>).</summary>
        public int Master { get; private set; } = -1;

        /// <summary>Accepts the runtime's connection and receives one descriptor; returns the bytes sent with it.</summary>
        public string Receive(TimeSpan timeout)
        {
            Task<Socket> accepted = _listener.AcceptAsync();
            if (!accepted.Wait(timeout))
            {
                throw new TimeoutException("no runtime connected to " + Path);
            }

            using Socket connection = accepted.Result;
            byte* name = stackalloc byte[256];
            byte* control = stackalloc byte[64];
            IoVec iov = default;
            iov.iov_base = name;
            iov.iov_len = 256;
            MsgHdr message = default;
            message.msg_iov = &iov;
            message.msg_iovlen = 1;
            message.msg_control = control;
            message.msg_controllen = 64;
            nint received = Native.recvmsg((int)connection.Handle, &message, Native.MSG_CMSG_CLOEXEC);
            if (received < 0)
            {
                throw new IOException("recvmsg: errno " + Marshal.GetLastSystemError());
            }

            CmsgHdr* header = (CmsgHdr*)control;
            if (message.msg_controllen < (ulong)sizeof(CmsgHdr) || header->cmsg_level != Native.SOL_SOCKET || header->cmsg_type != Native.SCM_RIGHTS)
            {
                throw new IOException("no descriptor came with the message ('" + Encoding.UTF8.GetString(name, (int)received) + "')");
            }

            Master = *(int*)(control + sizeof(CmsgHdr));
            return Encoding.UTF8.GetString(name, (int)received);
        }

        /// <summary>Types into the terminal.</summary>
        public void Write(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            fixed (byte* p = bytes)
            {
                if (Native.write(Master, p, (nuint)bytes.Length) != bytes.Length)
                {
                    throw new IOException("write to the pty master: errno " + Marshal.GetLastSystemError());
                }
            }
        }

        /// <summary>Everything the terminal shows until every slave is closed (read gives EIO), or throws after <paramref name="timeout"/>.</summary>
        public string ReadToEnd(TimeSpan timeout)
        {
            var text = new StringBuilder();
            DateTime end = DateTime.UtcNow + timeout;
            byte* buffer = stackalloc byte[4096];
            while (true)
            {
                PollFd poll = default;
                poll.fd = Master;
                poll.events = Native.POLLIN;
                int left = (int)Math.Max(0, (end - DateTime.UtcNow).TotalMilliseconds);
                if (Native.poll(&poll, 1, left) == 0)
                {
                    throw new TimeoutException("the terminal did not close within " + timeout + "; it showed: " + text);
                }

                nint n = Native.read(Master, buffer, 4096);
                if (n <= 0)
                {
                    return text.ToString();
                }

                text.Append(Encoding.UTF8.GetString(buffer, (int)n));
            }
        }

        public void Dispose()
        {
            if (Master >= 0)
            {
                Native.close(Master);
            }

            _listener.Dispose();
            File.Delete(Path);
        }
    }
}
