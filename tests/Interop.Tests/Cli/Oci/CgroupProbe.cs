using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>What the cgroup tests look at from outside, without the cgroup layer under test: directories under /sys/fs/cgroup, /proc/PID/cgroup, config.json edits.</summary>
    public static class CgroupProbe
    {
        /// <summary>A fresh id (a test's containers must not meet another run's cgroups, nor runc's and nsbox's each other's).</summary>
        public static string Id(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

        /// <summary>Every directory under /sys/fs/cgroup whose name is <paramref name="name"/> (six levels deep at most).</summary>
        public static string[] Directories(string name)
        {
            var found = new List<string>();
            foreach (string hierarchy in Directory.GetDirectories("/sys/fs/cgroup"))
            {
                Walk(hierarchy, name, 6, found);
            }

            return found.Order(StringComparer.Ordinal).ToArray();
        }

        /// <summary>/proc/PID/cgroup's lines, sorted by hierarchy id.</summary>
        public static string[] CgroupLines(int pid) =>
            File.ReadAllLines($"/proc/{pid}/cgroup").Where(l => l.Length > 0).ToArray();

        /// <summary>Changes the bundle's config.json.</summary>
        public static void EditConfig(BusyboxBundle bundle, Action<JsonObject> edit)
        {
            string file = Path.Combine(bundle.Directory, "config.json");
            JsonObject config = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            edit(config);
            File.WriteAllText(file, config.ToJsonString());
        }

        private static void Walk(string directory, string name, int depth, List<string> found)
        {
            string[] children;
            try
            {
                children = Directory.GetDirectories(directory);
            }
            catch (IOException)
            {
                return;
            }

            foreach (string child in children)
            {
                if (Path.GetFileName(child) == name)
                {
                    found.Add(child);
                }
                else if (depth > 1)
                {
                    Walk(child, name, depth - 1, found);
                }
            }
        }
    }
}
