using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// What the child needs to load a seccomp filter (<see cref="ChildStep.LoadSeccomp"/>), laid out
    /// by the parent in the plan's native memory: the compiled program, and for a filter that
    /// notifies, the message that sends its listener to the parent (who hands it to the profile's
    /// listenerPath). The child only calls seccomp(2) and sendmsg.
    /// </summary>
    internal unsafe struct ChildSeccomp
    {
        /// <summary>The BPF program: its length and the instructions, in the plan's memory.</summary>
        public SockFprog Program;

        /// <summary>The message that carries the listener, named "seccomp".</summary>
        public DescriptorMessage Listener;
    }
}
