using System.IO;
using Interop.Linux;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;

namespace Nsbox.Commands.Oci
{
    /// <summary><c>nsbox start</c>: the created container's process goes on and executes the command.</summary>
    internal static class StartCommand
    {
        public static int Execute(StartOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            ContainerStore.CheckId(options.Id, "start");
            string id = options.Id!;
            using FileStream lockFile = store.Lock(id, create: false);
            Start(store, store.Load(id));
            log.Debug("container " + id + " started");
            return 0;
        });

        public static void Start(ContainerStore store, ContainerState state)
        {
            ContainerStatus status = store.StatusOf(state);
            if (status != ContainerStatus.Created)
            {
                // runc's words for both cases.
                throw new OciException("start " + state.Id, Errno.EINVAL, status switch
                {
                    ContainerStatus.Running => "cannot start an already running container",
                    ContainerStatus.Stopped => "cannot start a container that has stopped",
                    _ => "cannot start a container in the " + ContainerStore.Word(status) + " state",
                });
            }

            try
            {
                ContainerProcess.Release(store.FifoOf(state.Id), state.Pid, state.Id);
            }
            catch (Interop.Runtime.Oci.Hooks.OciHookException)
            {
                // A startContainer hook failed: the process ended; as the spec says, the container
                // is destroyed (its poststop hooks run) and start fails with the hook's error.
                DeleteCommand.Delete(store, state, force: true);
                throw;
            }

            File.Delete(store.FifoOf(state.Id));
            AfterStart(state);
        }

        /// <summary>After the process went on: the poststart hooks (a failure is a warning, as runc has it).</summary>
        public static void AfterStart(ContainerState state) =>
            ContainerHooks.RunWarning("poststart", state.Hooks?.Poststart, ContainerHooks.StateOf(state, Interop.Runtime.Oci.Hooks.OciState.Running, state.Pid));
    }
}
