using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Interop.Linux;

namespace Interop.Runtime.Oci
{
    /// <summary>
    /// The starter config.json <c>nsbox spec</c> writes: runc 1.1.5's <c>runc spec</c> (the same fields,
    /// values and order: sh on a terminal, runc's three capabilities, NOFILE 1024, a read-only root,
    /// proc, /dev, devpts, shm, mqueue, sys and cgroup mounts, the device rule, five namespaces,
    /// the masked and read-only paths; <c>--rootless</c> as runc's ToRootless changes it), but for
    /// ociVersion (the version nsbox implements) and the hostname ("nsbox"). A field nsbox refuses
    /// today is left out (or, for <c>process.terminal</c>, false), so that what spec writes is what
    /// create runs; which ones is asked of the converter itself, so the list shrinks as features land.
    /// </summary>
    public static partial class OciSpecTemplate
    {
        private static readonly string[] s_capabilities = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"];

        /// <summary>The config, and the fields left out because nsbox refuses them (each with the converter's reason).</summary>
        public static (string Json, IReadOnlyList<string> LeftOut) Create(bool rootless)
        {
            JsonObject config = RuncSpec(rootless);
            var leftOut = new List<string>();
            for (int attempt = 0; attempt < 64; attempt++)
            {
                try
                {
                    // As a container's config: with an id, so that the cgroup mount has a cgroup to show.
                    OciBundle.FromJson("/", config.ToJsonString()).ToBuilder("spec");
                    return (Write(config), leftOut);
                }
                catch (SandboxUsageException e) when (e.Errno == Errno.EOPNOTSUPP && FieldOf(e.Message) is { } field && Remove(config, field))
                {
                    leftOut.Add(e.Message);
                }
            }

            throw new InvalidOperationException("the spec template is refused: " + config.ToJsonString());
        }

        /// <summary>runc spec's config, field for field.</summary>
        private static JsonObject RuncSpec(bool rootless)
        {
            var mounts = new JsonArray(
                Mount("/proc", "proc", "proc"),
                Mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
                rootless
                    ? Mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")
                    : Mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
                Mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
                Mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
                // Without a network namespace of its own sysfs cannot be mounted in a user namespace: /sys is bound, as runc's rootless spec does.
                rootless
                    ? Mount("/sys", "none", "/sys", "rbind", "nosuid", "noexec", "nodev", "ro")
                    : Mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
                Mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro"));

            var linux = new JsonObject();
            if (rootless)
            {
                linux["uidMappings"] = new JsonArray(IdMap(Native.geteuid()));
                linux["gidMappings"] = new JsonArray(IdMap(Native.getegid()));
            }
            else
            {
                linux["resources"] = new JsonObject { ["devices"] = new JsonArray(new JsonObject { ["allow"] = false, ["access"] = "rwm" }) };
            }

            string[] namespaces = rootless ? ["pid", "ipc", "uts", "mount", "user"] : ["pid", "network", "ipc", "uts", "mount"];
            linux["namespaces"] = new JsonArray(namespaces.Select(t => (JsonNode)new JsonObject { ["type"] = t }).ToArray());
            linux["maskedPaths"] = Strings("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi");
            linux["readonlyPaths"] = Strings("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

            return new JsonObject
            {
                ["ociVersion"] = OciBundle.SpecVersion,
                ["process"] = new JsonObject
                {
                    ["terminal"] = true,
                    ["user"] = new JsonObject { ["uid"] = 0, ["gid"] = 0 },
                    ["args"] = Strings("sh"),
                    ["env"] = Strings("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                    ["cwd"] = "/",
                    ["capabilities"] = new JsonObject
                    {
                        ["bounding"] = Strings(s_capabilities),
                        ["effective"] = Strings(s_capabilities),
                        ["permitted"] = Strings(s_capabilities),
                        ["ambient"] = Strings(s_capabilities),
                    },
                    ["rlimits"] = new JsonArray(new JsonObject { ["type"] = "RLIMIT_NOFILE", ["hard"] = 1024, ["soft"] = 1024 }),
                    ["noNewPrivileges"] = true,
                },
                ["root"] = new JsonObject { ["path"] = "rootfs", ["readonly"] = true },
                ["hostname"] = "nsbox",
                ["mounts"] = mounts,
                ["linux"] = linux,
            };
        }

        private static JsonObject Mount(string destination, string type, string source, params string[] options)
        {
            var mount = new JsonObject { ["destination"] = destination, ["type"] = type, ["source"] = source };
            if (options.Length > 0)
            {
                mount["options"] = Strings(options);
            }

            return mount;
        }

        private static JsonObject IdMap(uint hostId) => new() { ["containerID"] = 0, ["hostID"] = hostId, ["size"] = 1 };

        private static JsonArray Strings(params string[] values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

        /// <summary>As Go's json.MarshalIndent(spec, "", "\t") writes it: tabs, no newline at the end.</summary>
        private static string Write(JsonObject config)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentCharacter = '\t', IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                config.WriteTo(writer);
            }

            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        // The converter's refusals begin "config.json: FIELD: " (FIELD as process.rlimits, mounts[6].type, linux.resources.devices).
        private static string? FieldOf(string message)
        {
            Match m = RefusedField().Match(message);
            return m.Success ? m.Groups[1].Value : null;
        }

        /// <summary>Removes what the field names: an array element when it is a field of one (mounts[6].type: the mount), else the property; parents left empty go too.</summary>
        private static bool Remove(JsonObject config, string field)
        {
            var path = new List<(string Name, int? Index)>();
            foreach (string part in field.Split('.'))
            {
                Match m = PathPart().Match(part);
                if (!m.Success)
                {
                    return false;
                }

                path.Add((m.Groups[1].Value, m.Groups[2].Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : null));
            }

            // Up to (and including) the last array element on the path: that element goes; else the last property.
            int cut = path.FindLastIndex(p => p.Index is not null);
            int end = cut >= 0 ? cut : path.Count - 1;
            var parents = new List<JsonNode>();
            JsonNode node = config;
            for (int i = 0; i < end; i++)
            {
                parents.Add(node);
                node = node[path[i].Name] ?? throw new InvalidOperationException(field);
                if (path[i].Index is { } index)
                {
                    node = node[index] ?? throw new InvalidOperationException(field);
                }
            }

            (string name, int? last) = path[end];
            if (node[name] is not { } target)
            {
                return false;
            }

            if (last is { } element && target is JsonArray array && element < array.Count)
            {
                array.RemoveAt(element);
            }
            else if (node is JsonObject owner)
            {
                owner.Remove(name);
            }
            else
            {
                return false;
            }

            // A parent object or array left empty asked for something only through what was removed.
            for (int i = parents.Count - 1; i >= 0 && node.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array && IsEmpty(node) && node.Parent is JsonObject above; i--)
            {
                above.Remove(node.GetPropertyName());
                node = above;
            }

            return true;
        }

        private static bool IsEmpty(JsonNode node) => node is JsonObject o ? o.Count == 0 : node is JsonArray a && a.Count == 0;

        [GeneratedRegex(@"^config\.json: ([A-Za-z0-9_.\[\]]+)[ :]")]
        private static partial Regex RefusedField();

        [GeneratedRegex(@"^([A-Za-z0-9_]+)(?:\[(\d+)\])?$")]
        private static partial Regex PathPart();
    }
}
