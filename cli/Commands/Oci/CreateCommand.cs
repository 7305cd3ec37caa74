using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;

namespace Nsbox.Commands.Oci
{
    /// <summary><c>nsbox create</c>: the container set up and waiting for <c>nsbox start</c>; returns once it waits.</summary>
    internal static class CreateCommand
    {
        public static int Execute(CreateOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            ContainerCreator.Create(store, log, options.Id, options.Bundle, options.PidFile, "create", options.ConsoleSocket, relayTerminal: false, out _, startAtOnce: false, out _).Dispose();
            return 0;
        });
    }
}
