using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Interop.Runtime;
using Interop.Runtime.Namespaces;
using Nsbox.Options;
using Nsbox.Output;

namespace Nsbox.Commands
{
    /// <summary><c>nsbox check</c>: which namespaces this kernel lets root and unprivileged users create, the limits, the cgroup layout.</summary>
    internal static class CheckCommand
    {
        public static int Execute(CheckOptions options)
        {
            // nsbox itself, to be run as nobody for the unprivileged answers (see KernelSupport.Read).
            KernelReport report = KernelSupport.Read(Environment.ProcessPath);
            StandardStream.Out.Write(options.Json ? Json(report) : Text(report));
            return 0;
        }

        private static string Text(KernelReport report)
        {
            var text = new StringBuilder();
            text.Append("kernel  ").Append(report.Release).Append('\n');
            foreach (NamespaceSupport ns in report.Namespaces)
            {
                text.Append(ns.Type.Name.PadRight(8)).Append(ns.Type.Since.PadRight(8))
                    .Append("root: ").Append(Answer(ns.AsRoot)).Append("  ")
                    .Append("unprivileged: ").Append(Answer(ns.Unprivileged)).Append("  ")
                    .Append("max: ").Append(ns.Limit?.ToString(CultureInfo.InvariantCulture) ?? "-");
                string[] notes = !ns.Present ? [ns.AsRoot.Detail!] : [.. Note("root", ns.AsRoot), .. Note("unprivileged", ns.Unprivileged)];
                if (notes.Length > 0)
                {
                    text.Append("  (").Append(string.Join("; ", notes)).Append(')');
                }

                text.Append('\n');
            }

            string settings = string.Join(" ", report.UserNamespaceSettings.Where(s => s.Value is not null).Select(s => $"{s.Name}={s.Value}"));
            text.Append("sysctl  ").Append(settings.Length == 0 ? "(none readable)" : settings).Append('\n');
            text.Append("cgroups ").Append(Describe(report.Cgroups)).Append('\n');
            text.Append("how     root: ").Append(Methods(report, ns => ns.AsRoot))
                .Append("; unprivileged: ").Append(Methods(report, ns => ns.Unprivileged)).Append('\n');
            return text.ToString();
        }

        /// <summary>Why an answer is not a plain yes, when there is more to say than yes or no.</summary>
        private static string[] Note(string column, ProbeResult result) => result.Detail is null ? [] : [$"{column}: {result.Detail}"];

        /// <summary>"yes" or "no" padded to one width before colouring, so escape codes do not shift the columns.</summary>
        private static string Answer(ProbeResult result) => result.Supported switch
        {
            true => TerminalColour.Green("yes"),
            false => TerminalColour.Red("no") + " ",
            null => "?  ",
        };

        private static string Describe(CgroupLayout layout)
        {
            string[] v2 = layout.Mounts.Where(m => m.Version == 2).Select(m => m.MountPoint).ToArray();
            string[] v1 = layout.Mounts.Where(m => m.Version == 1).Select(m => m.Controllers).ToArray();
            var parts = new StringBuilder(layout.Mode);
            if (v2.Length > 0)
            {
                parts.Append(": v2 on ").Append(string.Join(", ", v2));
            }

            if (v1.Length > 0)
            {
                parts.Append(v2.Length > 0 ? "; " : ": ").Append("v1 hierarchies ").Append(string.Join(' ', v1));
            }

            return parts.ToString();
        }

        /// <summary>How the answers in one column were found, in words (the same reason once, not on every line).</summary>
        private static string Methods(KernelReport report, Func<NamespaceSupport, ProbeResult> column) => string.Join(", ", report.Namespaces
            .Select(column)
            .Where(r => r.Method != ProbeResult.Absent)
            .Select(r => r.Method switch
            {
                ProbeResult.Spawned => "tried (started `true` in a new namespace)",
                ProbeResult.Setpriv => "tried as uid 65534 (setpriv nsbox run --user --map-root-user --TYPE -- true)",
                ProbeResult.Sysctl => $"inferred from /proc/sys, not tried ({r.WhyNotTried})",
                _ => r.Method,
            })
            .Distinct());

        private static string Json(KernelReport report)
        {
            JsonWriter json = new JsonWriter().StartObject().String("kernel", report.Release).StartArray("namespaces");
            foreach (NamespaceSupport ns in report.Namespaces)
            {
                json.StartObject()
                    .String("type", ns.Type.Name)
                    .String("since", ns.Type.Since)
                    .Boolean("present", ns.Present)
                    .Number("max", ns.Limit);
                Probe(json, "root", ns.AsRoot);
                Probe(json, "unprivileged", ns.Unprivileged);
                json.EndObject();
            }

            json.EndArray().StartObject("sysctl");
            foreach (KernelSetting setting in report.UserNamespaceSettings)
            {
                json.Number(setting.Name, setting.Value);
            }

            json.EndObject().StartObject("cgroup").String("layout", report.Cgroups.Mode).StartArray("mounts");
            foreach (CgroupMount mount in report.Cgroups.Mounts)
            {
                json.StartObject().String("path", mount.MountPoint).Number("version", mount.Version).String("controllers", mount.Controllers).EndObject();
            }

            return json.EndArray().EndObject().EndObject().ToString();
        }

        private static void Probe(JsonWriter json, string name, ProbeResult result) => json.StartObject(name)
            .Boolean("supported", result.Supported)
            .String("method", result.Method)
            .String("detail", result.Detail)
            .String("why_not_tried", result.WhyNotTried)
            .EndObject();
    }
}
