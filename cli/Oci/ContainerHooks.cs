using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Interop.Runtime.Oci.Hooks;

namespace Nsbox.Oci
{
    /// <summary>
    /// Where the verbs run config.json's hooks (the runtime spec's lifecycle, as runc orders them):
    /// create runs prestart, createRuntime (in nsbox's namespaces, in the bundle directory, as runc
    /// runs them after it changed into the bundle) and createContainer (in the container's
    /// namespaces) once the process waits; the start waiter runs startContainer; start runs
    /// poststart; delete runs poststop. A failure of the first four fails the verb; of the last two
    /// it is a warning, as the spec asks.
    /// </summary>
    internal static class ContainerHooks
    {
        /// <summary>The spec's state of <paramref name="state"/>'s container, as hooks read it.</summary>
        public static OciState StateOf(ContainerState state, string status, int pid) => new()
        {
            OciVersion = state.OciVersion,
            Id = state.Id,
            Status = status,
            Pid = pid,
            Bundle = state.Bundle,
            Annotations = state.Annotations,
        };

        /// <summary>create's hooks, in runc's order, while the container's process waits for start.</summary>
        public static void RunCreateHooks(ContainerState state, int pid)
        {
            if (state.Hooks is not { } hooks)
            {
                return;
            }

            OciState creating = StateOf(state, OciState.Creating, pid);
            OciHookRunner.Run("prestart", hooks.Prestart, creating, state.Bundle);
            OciHookRunner.Run("createRuntime", hooks.CreateRuntime, creating, state.Bundle);

            // In the container's namespaces, its pid as its PID namespace sees it (1 in a new one, runc's getpid()).
            OciHookRunner.Run("createContainer", hooks.CreateContainer, StateOf(state, OciState.Creating, PidInside(pid)), enterPid: pid);
        }

        /// <summary>What the waiter needs to run the startContainer hooks, or null when there are none.</summary>
        public static string? StartContainerHooksOf(OciBundle bundle, string id)
        {
            if (bundle.Config.Hooks?.StartContainer is not { Length: > 0 } hooks)
            {
                return null;
            }

            return new StartContainerHooks
            {
                Hooks = hooks,
                State = new OciState { Id = id, Status = OciState.Created, Bundle = bundle.Directory, Annotations = bundle.Config.Annotations is { Count: > 0 } a ? new(a) : null },
            }.ToJson();
        }

        /// <summary>poststart (after start) and poststop (after delete): a failure is a warning, the verb goes on.</summary>
        public static void RunWarning(string phase, OciHook[]? hooks, OciState state)
        {
            try
            {
                OciHookRunner.Run(phase, hooks, state);
            }
            catch (OciHookException e)
            {
                ErrorReporter.Warn(e.Message);
            }
        }

        /// <summary>The last NSpid of /proc/PID/status: the pid in the process's own PID namespace.</summary>
        private static int PidInside(int pid)
        {
            try
            {
                string? line = File.ReadLines("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/status").FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
                return line is not null && int.TryParse(line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int inside) ? inside : pid;
            }
            catch (IOException)
            {
                return pid;
            }
        }
    }
}
