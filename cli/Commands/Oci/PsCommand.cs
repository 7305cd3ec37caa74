using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Interop.Linux;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;
using Nsbox.Output;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// <c>nsbox ps [--format table|json] ID [PS-ARGS...]</c>, as runc 1.1's: the pids in the
    /// container's cgroup as a JSON array (<c>null</c> when there are none, as Go encodes an empty
    /// slice), or ps(1) run with PS-ARGS (default <c>-ef</c>): its header, then the lines whose PID
    /// column is one of the container's, as ps wrote them.
    /// </summary>
    internal static class PsCommand
    {
        public static int Execute(PsOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            string[] operands = options.Operands.ToArray();
            ContainerStore.CheckId(operands.FirstOrDefault(), "ps");
            string id = operands[0];
            ContainerState state = store.Load(id);
            int[] pids = ContainerCgroups.Pids(state, store.StatusOf(state));
            switch (options.Format ?? "table")
            {
                case "json":
                    StandardStream.Out.Write((pids.Length == 0 ? "null" : "[" + string.Join(',', pids.Select(p => p.ToString(CultureInfo.InvariantCulture))) + "]") + "\n");
                    return 0;
                case "table":
                    StandardStream.Out.Write(Table(operands.Length > 1 ? operands[1..] : ["-ef"], pids));
                    return 0;
                default:
                    throw new OciException("ps: --format '" + options.Format + "'", Errno.EINVAL, "invalid format option: the formats are table and json");
            }
        });

        /// <summary>ps(1)'s output (stdout and stderr on one pipe, as runc reads them combined) reduced to the header and the container's lines.</summary>
        private static string Table(string[] arguments, int[] pids)
        {
            string output;
            int status;
            try
            {
                (Interop.Runtime.ExitStatus exit, output) = Interop.Runtime.Spawning.CombinedOutput.Run("ps", arguments);
                status = exit.ToShellStatus();
            }
            catch (Interop.Runtime.SpawnException e)
            {
                throw new OciException("ps: exec ps", e.Errno);
            }

            if (status != 0)
            {
                throw new OciException("ps " + string.Join(' ', arguments), Errno.EIO, "exit status " + status.ToString(CultureInfo.InvariantCulture) + ": " + output.Trim().ReplaceLineEndings(" "));
            }

            string[] lines = output.Split('\n');
            int pidColumn = Array.IndexOf(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), "PID");
            if (pidColumn < 0)
            {
                throw new OciException("ps " + string.Join(' ', arguments), Errno.EINVAL, "couldn't find PID field in ps output");
            }

            var wanted = new HashSet<int>(pids);
            var text = new StringBuilder(lines[0]).Append('\n');
            foreach (string line in lines.Skip(1))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (pidColumn >= fields.Length || !int.TryParse(fields[pidColumn], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                {
                    throw new OciException("ps " + string.Join(' ', arguments), Errno.EINVAL, "unable to parse pid: '" + line + "'");
                }

                if (wanted.Contains(pid))
                {
                    text.Append(line).Append('\n');
                }
            }

            return text.ToString();
        }
    }
}
