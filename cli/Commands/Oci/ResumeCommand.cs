using System.IO;
using Interop.Linux;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// <c>nsbox resume ID</c>, as runc's: a paused container's cgroup is thawed, and it is created
    /// or running again, as it was; one that is not paused is runc's "container not paused", status 1.
    /// </summary>
    internal static class ResumeCommand
    {
        public static int Execute(ResumeOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            ContainerStore.CheckId(options.Id, "resume");
            string id = options.Id!;
            using FileStream lockFile = store.Lock(id, create: false);
            ContainerState state = store.Load(id);
            if (store.StatusOf(state) != ContainerStatus.Paused || ContainerCgroups.Of(state) is not { } cgroup)
            {
                throw new OciException("resume " + id, Errno.EINVAL, "container not paused");
            }

            cgroup.Thaw();
            log.Debug("container " + id + " resumed");
            return 0;
        });
    }
}
