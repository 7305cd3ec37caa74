using System.Linq;
using Interop.Linux;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// <c>nsbox kill [--all] ID [SIGNAL]</c>, as runc 1.1: a signal to the container's process
    /// (created, running or paused; SIGKILL to a paused one thaws it, or it could not die).
    /// <c>--all</c> sends it to every process in the container's cgroup, frozen meanwhile so none
    /// forks away unseen, then thawed; of a stopped container it is no error (its cgroup is empty).
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
            ContainerStatus status = store.StatusOf(state);
            if (options.All && ContainerCgroups.Of(state) is { } cgroup)
            {
                cgroup.Signal(signal);
                return 0;
            }

            if (status == ContainerStatus.Stopped || !ContainerProcess.Signal(state.Pid, signal))
            {
                throw new OciException("kill " + id, Errno.ESRCH, "container not running");
            }

            if (status == ContainerStatus.Paused && signal == Native.SIGKILL)
            {
                ContainerCgroups.Of(state)?.Thaw();
            }

            return 0;
        });
    }
}
