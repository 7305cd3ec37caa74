using System;
using Interop.Linux;
using Interop.Runtime.Text;

namespace Interop.Runtime
{
    /// <summary>
    /// AF_UNIX stream sockets that carry descriptors (SCM_RIGHTS), the way engines hand them over:
    /// the pty master to a console socket, a seccomp listener to a listenerPath. Failures are
    /// <see cref="ErrnoException"/>s naming the call and the path.
    /// </summary>
    public static unsafe class UnixSocket
    {
        /// <summary>The longest path sockaddr_un holds, without its NUL.</summary>
        public const int MaxPathLength = 107;

        /// <summary>A close-on-exec socket connected to <paramref name="path"/>.</summary>
        public static FileDescriptor Connect(string path)
        {
            byte[] bytes = FileSystemEncoding.ToNulTerminated(path);
            int length = bytes.Length - 1;
            if (length == 0 || length > MaxPathLength)
            {
                throw new ErrnoException("connect", length == 0 ? Errno.ENOENT : Errno.ENAMETOOLONG, path);
            }

            SockAddrUn address = default;
            address.sun_family = (ushort)Native.AF_UNIX;
            for (int i = 0; i < length; i++)
            {
                address.sun_path[i] = bytes[i];
            }

            FileDescriptor socket;
            try
            {
                socket = Sys.Socket(Native.AF_UNIX, Native.SOCK_STREAM | Native.SOCK_CLOEXEC, 0);
            }
            catch (ErrnoException e)
            {
                throw new ErrnoException("socket", e.Errno, path);
            }

            try
            {
                // The family and the path with its NUL.
                Sys.Connect(socket, &address, (uint)(sizeof(ushort) + length + 1));
            }
            catch (ErrnoException e)
            {
                socket.Dispose();
                throw new ErrnoException("connect", e.Errno, path);
            }

            return socket;
        }

        /// <summary>Sends <paramref name="data"/> (at least one byte) with <paramref name="descriptor"/> in one message.</summary>
        public static void SendDescriptor(FileDescriptor socket, ReadOnlySpan<byte> data, FileDescriptor descriptor)
        {
            // The layout the child's hand-overs use; sent from here with the ordinary sendmsg (it may block).
            Spawning.DescriptorMessage message = default;
            fixed (byte* bytes = data)
            {
                Spawning.DescriptorMessage.Prepare(&message, bytes, (nuint)data.Length);
                *(int*)(message.Control + sizeof(CmsgHdr)) = (int)descriptor.DangerousGetHandle();
                Sys.Sendmsg(socket, &message.Message, Native.MSG_NOSIGNAL);
            }
        }

        /// <summary>The descriptor of a message already waiting on <paramref name="socket"/> (it is not waited for), close-on-exec; its bytes are dropped.</summary>
        public static FileDescriptor ReceiveDescriptor(FileDescriptor socket) => ReceiveDescriptor(socket, stackalloc byte[64], out _);

        /// <summary>Likewise, with the message's bytes (up to <paramref name="data"/>'s length) in <paramref name="data"/>.</summary>
        public static FileDescriptor ReceiveDescriptor(FileDescriptor socket, Span<byte> data, out int length)
        {
            byte* control = stackalloc byte[64];
            fixed (byte* bytes = data)
            {
                IoVec iov = default;
                iov.iov_base = bytes;
                iov.iov_len = (nuint)data.Length;
                MsgHdr message = default;
                message.msg_iov = &iov;
                message.msg_iovlen = 1;
                message.msg_control = control;
                message.msg_controllen = 64;
                CmsgHdr* header = (CmsgHdr*)control;
                nint received = Sys.Recvmsg(socket, &message, Native.MSG_CMSG_CLOEXEC | Native.MSG_DONTWAIT);

                if (message.msg_controllen < (ulong)sizeof(CmsgHdr) || header->cmsg_level != Native.SOL_SOCKET || header->cmsg_type != Native.SCM_RIGHTS)
                {
                    throw new ErrnoException("recvmsg", Errno.EPROTO);
                }

                length = (int)received;
                return new FileDescriptor(*(int*)(control + sizeof(CmsgHdr)));
            }
        }
    }
}
