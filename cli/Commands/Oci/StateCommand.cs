using System.Text.Json;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;
using Nsbox.Output;

namespace Nsbox.Commands.Oci
{
    /// <summary><c>nsbox state</c>: the spec's state JSON, as runc prints it.</summary>
    internal static class StateCommand
    {
        public static int Execute(StateOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            ContainerStore.CheckId(options.Id, "state");
            StateReport report = Report(store, store.Load(options.Id!));
            StandardStream.Out.Write(Interop.Runtime.Json.JsonModel.Write(report, new JsonWriterOptions { Indented = true }) + "\n");
            return 0;
        });

        /// <summary>The state as printed: the status looked at now, and pid 0 once the process is gone (as runc).</summary>
        public static StateReport Report(ContainerStore store, ContainerState state)
        {
            ContainerStatus status = store.StatusOf(state);
            return new StateReport
            {
                OciVersion = state.OciVersion,
                Id = state.Id,
                Pid = status == ContainerStatus.Stopped ? 0 : state.Pid,
                Status = ContainerStore.Word(status),
                Bundle = state.Bundle,
                Rootfs = state.Rootfs,
                Created = state.Created,
                Owner = state.Owner,
                Annotations = state.Annotations,
            };
        }
    }
}
