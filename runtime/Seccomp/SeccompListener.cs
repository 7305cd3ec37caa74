using System.Text.Json;
using Interop.Linux;
using Interop.Runtime.Oci;
using Interop.Runtime.Oci.Hooks;

namespace Interop.Runtime.Seccomp
{
    /// <summary>
    /// The runtime spec's hand-over of a notifying filter's listener: one message on the
    /// profile's listenerPath (an AF_UNIX stream socket the supervisor listens on) whose bytes are
    /// the container process state (<see cref="SeccompProcessState"/>) and whose one SCM_RIGHTS
    /// descriptor is the listener, named "seccompFd" in its <c>fds</c>.
    /// </summary>
    public static class SeccompListener
    {
        /// <summary>Sends <paramref name="listener"/> with the process's state to <paramref name="profile"/>'s listenerPath.</summary>
        public static void Send(SeccompProfile profile, FileDescriptor listener, OciState container)
        {
            string path = profile.ListenerPath ?? throw new SandboxUsageException("seccomp listenerPath", Errno.EINVAL, null, "a notifying profile needs the socket its listener goes to");
            var state = new SeccompProcessState { Pid = container.Pid, Metadata = profile.ListenerMetadata ?? "", State = container };
            byte[] message = Json.JsonModel.WriteUtf8(state);
            using FileDescriptor socket = UnixSocket.Connect(path);
            UnixSocket.SendDescriptor(socket, message, listener);
        }
    }
}
