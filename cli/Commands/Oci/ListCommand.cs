using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Interop.Linux;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;
using Nsbox.Output;

namespace Nsbox.Commands.Oci
{
    /// <summary><c>nsbox list</c>: runc's table (ID PID STATUS BUNDLE CREATED OWNER), its JSON, or the ids alone.</summary>
    internal static class ListCommand
    {
        public static int Execute(ListOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            if (options.Format is not (null or "table" or "json"))
            {
                throw new OciException("list: --format '" + options.Format + "'", Errno.EINVAL, "the formats are table and json");
            }

            var reports = new List<StateReport>();
            foreach (string id in store.Ids())
            {
                try
                {
                    reports.Add(StateCommand.Report(store, store.Load(id)));
                }
                catch (OciException)
                {
                    // Deleted between the listing and the read: not there any more.
                }
            }

            if (options.Quiet)
            {
                StandardStream.Out.Write(string.Concat(reports.Select(r => r.Id + "\n")));
            }
            else if (options.Format == "json")
            {
                // runc's list names the owner here, where its state leaves it empty.
                reports.ForEach(r => r.Owner = Owner());
                StandardStream.Out.Write(Interop.Runtime.Json.JsonModel.WriteArray(reports, new JsonWriterOptions { Indented = true }) + "\n");
            }
            else
            {
                StandardStream.Out.Write(Table(reports));
            }

            return 0;
        });

        /// <summary>As Go's tabwriter lays runc's out: each column at least 12 wide, 3 spaces after its widest cell; the owner of a container is root's here.</summary>
        private static string Table(List<StateReport> reports)
        {
            var rows = new List<string[]> { new[] { "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER" } };
            rows.AddRange(reports.Select(r => new[] { r.Id, r.Pid.ToString(CultureInfo.InvariantCulture), r.Status, r.Bundle, r.Created, Owner() }));
            int[] widths = new int[6];
            for (int c = 0; c < 5; c++)
            {
                widths[c] = Math.Max(12, rows.Max(row => row[c].Length) + 3);
            }

            var text = new StringBuilder();
            foreach (string[] row in rows)
            {
                for (int c = 0; c < 5; c++)
                {
                    text.Append(row[c].PadRight(widths[c]));
                }

                text.Append(row[5]).Append('\n');
            }

            return text.ToString();
        }

        /// <summary>runc shows the user the state belongs to; nsbox keeps state as the user it runs as.</summary>
        private static string Owner() => Native.getuid() == 0 ? "root" : "#" + Native.getuid().ToString(CultureInfo.InvariantCulture);
    }
}
