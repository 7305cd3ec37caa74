using System.IO;
using Interop.Linux;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// <c>nsbox pause ID</c>, as runc's: a created or running container's cgroup is frozen (the v1
    /// freezer, or cgroup v2's cgroup.freeze) and its status is "paused" until <c>resume</c>;
    /// anything else is runc's "container not running", status 1.
    /// </summary>
    internal static class PauseCommand
    {
        public static int Execute(PauseOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            ContainerStore.CheckId(options.Id, "pause");
            string id = options.Id!;
            using FileStream lockFile = store.Lock(id, create: false);
            ContainerState state = store.Load(id);
            if (store.StatusOf(state) is not (ContainerStatus.Created or ContainerStatus.Running))
            {
                throw new OciException("pause " + id, Errno.ESRCH, "container not running");
            }

            if (ContainerCgroups.Of(state) is not { } cgroup)
            {
                // A rootless container made without a cgroup of its own (no permission, nothing to limit).
                throw new OciException("pause " + id, Errno.EOPNOTSUPP, "the container has no cgroup of its own to freeze (rootless without a delegated cgroup v2 subtree)");
            }

            cgroup.Freeze();
            log.Debug("container " + id + " paused");
            return 0;
        });
    }
}
