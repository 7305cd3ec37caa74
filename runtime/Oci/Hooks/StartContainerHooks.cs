using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using Interop.Runtime.Json;

namespace Interop.Runtime.Oci.Hooks
{
    /// <summary>
    /// The startContainer hooks as the start waiter (runtime/Init/StartWaiter.cs) receives them: in
    /// one environment variable of the waiting process, which the waiter removes before it runs them
    /// and executes the command (the container's program never sees it). The state is the one the
    /// hooks read, but its pid: the waiter's own (runc's init gives getpid(), 1 in a new PID
    /// namespace). An environment variable because the waiter runs inside the root, where no host
    /// file is reachable, and it holds no descriptor but the FIFO; it limits the hooks to 128 KiB
    /// of JSON (MAX_ARG_STRLEN: a larger list fails create with E2BIG).
    /// </summary>
    [JsonModel]
    public sealed partial class StartContainerHooks
    {
        /// <summary>The variable's name.</summary>
        public const string EnvironmentVariable = "_NSBOX_START_CONTAINER_HOOKS";

        /// <summary>config.json's hooks.startContainer.</summary>
        [JsonPropertyName("hooks")]
        public OciHook[] Hooks { get; init; } = [];

        /// <summary>The state they read, but the pid.</summary>
        [JsonPropertyName("state")]
        public OciState State { get; init; } = new();

        /// <summary>The variable's value.</summary>
        public string ToJson() => JsonModel.Write(this);

        /// <summary>Takes the hooks out of this process's environment (null when there are none).</summary>
        internal static StartContainerHooks? Take()
        {
            string? json = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (json is null)
            {
                return null;
            }

            Environment.SetEnvironmentVariable(EnvironmentVariable, null);
            return JsonModel.Parse<StartContainerHooks>(json);
        }
    }
}
