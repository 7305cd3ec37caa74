using System.Linq;
using Interop.Linux;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// <c>nsbox kill ID [SIGNAL]</c>: a signal to the container's process (created or running), as
    /// runc sends it. <c>--all</c> sends it to the same process: it is PID 1 of its own PID namespace,
    /// whose other processes the kernel kills when it ends (there is no cgroup to walk yet).
    /// </summary>
    internal static class KillCommand
    {
        public static int Execute(KillOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            string[] operands = options.Operands.ToArray();
            if (operands.Length > 2)
            {
                throw new OciException("kill: unexpected operand '" + operands[2] + "'", Errno.EINVAL, "kill takes ID [SIGNAL]");
            }

            ContainerStore.CheckId(operands.FirstOrDefault(), "kill");
            string id = operands[0];
            int signal = operands.Length > 1 ? Signals.Parse(operands[1]) : Native.SIGTERM;
            ContainerState state = store.Load(id);
            if (store.StatusOf(state) == ContainerStatus.Stopped || !ContainerProcess.Signal(state.Pid, signal))
            {
                throw new OciException("kill " + id, Errno.ESRCH, "container not running");
            }

            return 0;
        });
    }
}
