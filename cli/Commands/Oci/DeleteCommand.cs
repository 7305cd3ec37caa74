using System.IO;
using Interop.Linux;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// <c>nsbox delete</c>: as runc, a stopped container's state goes; a created one (never started)
    /// is killed first; a running or paused one only with <c>--force</c> (SIGKILL, then waited for,
    /// so no process and with it no mount namespace is left); with --force an unknown id is no
    /// error. The cgroup directories create made are removed, whatever is left in them killed.
    /// </summary>
    internal static class DeleteCommand
    {
        public static int Execute(DeleteOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            ContainerStore.CheckId(options.Id, "delete");
            string id = options.Id!;
            if (!store.Exists(id))
            {
                // As runc: a directory without a state (a create that died half-way) goes too, and
                // --force deletes what is not there without complaint (engines call it to clean up).
                if (System.IO.Directory.Exists(store.DirectoryOf(id)))
                {
                    using FileStream partial = store.Lock(id, create: false);
                    store.Remove(id);
                }

                return options.Force ? 0 : throw ContainerStore.NotFound(id);
            }

            using (FileStream lockFile = store.Lock(id, create: false))
            {
                Delete(store, store.Load(id), options.Force);
            }

            log.Debug("container " + id + " deleted");
            return 0;
        });

        public static void Delete(ContainerStore store, ContainerState state, bool force)
        {
            ContainerStatus status = store.StatusOf(state);
            if (status is ContainerStatus.Running or ContainerStatus.Paused && !force)
            {
                throw new OciException("delete " + state.Id, Errno.EBUSY, "cannot delete a container that is not stopped: " + ContainerStore.Word(status) + " (use --force)");
            }

            if (status != ContainerStatus.Stopped)
            {
                ContainerProcess.Signal(state.Pid, Native.SIGKILL);
                if (status == ContainerStatus.Paused)
                {
                    // A frozen process dies only once thawed (runc thaws it for SIGKILL too).
                    ContainerCgroups.Of(state)?.Thaw();
                }

                ContainerProcess.WaitForExit(state.Pid);
            }

            // Also the sweep of a container whose process is gone (ended, killed, nsbox killed
            // meanwhile): what is left in its cgroup is killed, the directories create made go.
            ContainerCgroups.Remove(state);
            store.Remove(state.Id);
            ContainerHooks.RunWarning("poststop", state.Hooks?.Poststop, ContainerHooks.StateOf(state, Interop.Runtime.Oci.Hooks.OciState.Stopped, 0));
        }
    }
}
