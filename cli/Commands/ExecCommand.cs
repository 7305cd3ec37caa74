using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Nsbox.Options;

namespace Nsbox.Commands
{
    /// <summary><c>nsbox exec</c>: enter existing namespaces (of a process, or kept in files) and run a command there.</summary>
    internal static class ExecCommand
    {
        public static int Execute(ExecOptions o, GlobalOptions? global = null)
        {
            // runc's exec (a container id under --root) is told from nsenter's by its options and operand (ExecOptions.IsOciExec).
            bool runtimeOptions = global is not null && (global.Root is not null || global.Log is not null || global.LogFormat is not null || global.Debug);
            if (o.IsOciExec(id => IsContainer(global, id), runtimeOptions))
            {
                return Oci.OciExecCommand.Execute(o, global);
            }

            List<string> command = o.Command.ToList();
            if (command.Count == 0)
            {
                command.Add(RunCommand.DefaultShell());
            }

            var builder = new SandboxBuilder(command[0], command.Skip(1).ToArray()).ParentDeathSignal(Native.SIGKILL);
            try
            {
                CloneFlags types = Selected(o);
                if (o.Target is int pid)
                {
                    if (o.All)
                    {
                        types |= Differing(pid);
                    }

                    if (types == CloneFlags.None)
                    {
                        return ErrorReporter.Usage("exec --target", "name the namespaces to enter (--all, --uts, --net, ...)");
                    }

                    builder.Enter(pid, types);
                }
                else if (types != CloneFlags.None || o.All)
                {
                    return ErrorReporter.Usage("exec --all, --uts, --net, ...", "they need --target PID (or use --ns-file TYPE=FILE)");
                }

                foreach (string spec in o.NamespaceFiles)
                {
                    int eq = spec.IndexOf('=');
                    CloneFlags? type = eq > 0 ? NamespaceType.Find(spec[..eq])?.Flag : null;
                    if (type is null || eq == spec.Length - 1)
                    {
                        return ErrorReporter.Usage($"--ns-file '{spec}'", $"write TYPE=FILE with TYPE one of {string.Join(", ", NamespaceType.All.Select(t => t.OptionName))}");
                    }

                    builder.Enter(type.Value, spec[(eq + 1)..]);
                }

                if (o.Target is null && !o.NamespaceFiles.Any())
                {
                    return ErrorReporter.Usage("exec", "give --target PID or --ns-file TYPE=FILE (see 'nsbox exec --help')");
                }

                if (o.Chdir is not null)
                {
                    builder.WorkingDirectory(o.Chdir);
                }

                if (o.PreserveCredentials)
                {
                    builder.PreserveCredentials();
                }
            }
            catch (SandboxUsageException e)
            {
                return ErrorReporter.Fail(e.Message);
            }
            catch (ArgumentException e)
            {
                return ErrorReporter.Fail(ErrorReporter.WithoutParameterName(e));
            }

            return SandboxRunner.StartAndWait(builder, verbose: false);
        }

        private static CloneFlags Selected(ExecOptions o)
        {
            CloneFlags types = CloneFlags.None;
            if (o.Uts) types |= CloneFlags.NewUts;
            if (o.Ipc) types |= CloneFlags.NewIpc;
            if (o.Pid) types |= CloneFlags.NewPid;
            if (o.Net) types |= CloneFlags.NewNet;
            if (o.Mount) types |= CloneFlags.NewMount;
            if (o.User) types |= CloneFlags.NewUser;
            if (o.Cgroup) types |= CloneFlags.NewCgroup;
            if (o.Time) types |= CloneFlags.NewTime;
            return types;
        }

        /// <summary>The target's namespaces that are not nsbox's own (entering one's own user namespace is an error).</summary>
        internal static CloneFlags Differing(int pid)
        {
            CloneFlags types = CloneFlags.None;
            foreach (NamespaceType namespaceType in NamespaceType.InEnterOrder)
            {
                CloneFlags type = namespaceType.Flag;
                string name = namespaceType.Name;
                string? theirs = Link($"/proc/{pid}/ns/{name}");
                if (theirs is null)
                {
                    throw new ArgumentException($"exec --target {pid}: no such process, or its namespaces cannot be read");
                }

                if (theirs != Link($"/proc/self/ns/{name}"))
                {
                    types |= type;
                }
            }

            return types;
        }

        /// <summary>Whether <paramref name="operand"/> is the id of a container under --root (a state recorded there).</summary>
        private static bool IsContainer(GlobalOptions? global, string operand)
        {
            try
            {
                ContainerStoreCheck(operand);
                return new Nsbox.Oci.ContainerStore(global?.Root).Exists(operand);
            }
            catch (Nsbox.Oci.OciException)
            {
                return false;
            }
        }

        private static void ContainerStoreCheck(string operand) => Nsbox.Oci.ContainerStore.CheckId(operand, "exec");

        private static string? Link(string path)
        {
            try
            {
                return new FileInfo(path).LinkTarget;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
