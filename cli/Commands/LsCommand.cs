using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Namespaces;
using Nsbox.Options;
using Nsbox.Output;

namespace Nsbox.Commands
{
    /// <summary><c>nsbox ls</c>: every namespace in use on the host, as lsns lists them.</summary>
    internal static class LsCommand
    {
        public static int Execute(LsOptions options)
        {
            NamespaceType? type = null;
            if (options.Type is not null)
            {
                type = NamespaceType.Find(options.Type);
                if (type is null)
                {
                    string names = string.Join(", ", NamespaceType.All.Select(t => t.Name).Order(StringComparer.Ordinal));
                    return ErrorReporter.Usage($"--type '{options.Type}'", $"not a namespace type; the types are: {names}");
                }
            }

            IReadOnlyList<NamespaceInfo> namespaces;
            try
            {
                namespaces = type is null ? NamespaceListing.Read() : NamespaceListing.Read(type);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return ErrorReporter.Fail(IoErrors.Describe("ls: read /proc", e) + (IoErrors.ErrnoOf(e) == Errno.ENOENT ? ": is proc mounted?" : ""));
            }

            StandardStream.Out.Write(options.Json ? Json(namespaces) : Table(namespaces));
            return 0;
        }

        private static string Json(IReadOnlyList<NamespaceInfo> namespaces)
        {
            JsonWriter json = new JsonWriter().StartObject().StartArray("namespaces");
            foreach (NamespaceInfo ns in namespaces)
            {
                json.StartObject()
                    .Number("ns", ns.Inode)
                    .String("type", ns.Type)
                    .Number("nprocs", ns.Processes)
                    .Number("pid", ns.LowestPid)
                    .Number("uid", ns.Uid)
                    .String("user", ns.User)
                    .String("command", ns.Command)
                    .EndObject();
            }

            return json.EndArray().EndObject().ToString();
        }

        private static string Table(IReadOnlyList<NamespaceInfo> namespaces)
        {
            var table = new TextTable(
                new TextColumn("NS", AlignRight: true), new TextColumn("TYPE"), new TextColumn("NPROCS", AlignRight: true),
                new TextColumn("PID", AlignRight: true), new TextColumn("USER"), new TextColumn("COMMAND"));
            foreach (NamespaceInfo ns in namespaces)
            {
                table.Add(
                    ns.Inode.ToString(CultureInfo.InvariantCulture), ns.Type, ns.Processes.ToString(CultureInfo.InvariantCulture),
                    ns.LowestPid.ToString(CultureInfo.InvariantCulture), ns.User, OneLine(ns.Command));
            }

            var text = new StringWriter(CultureInfo.InvariantCulture);
            table.Write(text);
            return text.ToString();
        }

        /// <summary>A command line may hold newlines and escape codes; a table row must stay one harmless line.</summary>
        private static string OneLine(string command) => string.Concat(command.Select(c => char.IsControl(c) ? '?' : c));
    }
}
