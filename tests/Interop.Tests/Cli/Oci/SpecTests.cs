using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Interop.Runtime.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>
    /// <c>nsbox spec</c> beside <c>runc spec</c>: the same config.json field by field (but ociVersion,
    /// the hostname, and each field nsbox refuses today, left out with a warning naming it), the same
    /// layout, the same refusal to overwrite; and what it writes runs under <c>nsbox run</c> on a busybox root.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class SpecTests
    {
        private static (RunResult Result, string? Text) Spec(string program, string directory, params string[] args)
        {
            RunResult result = Run.Program(program, new[] { "spec", "--bundle", directory }.Concat(args));
            string file = Path.Combine(directory, "config.json");
            return (result, File.Exists(file) ? File.ReadAllText(file) : null);
        }

        /// <summary>Every leaf of the tree, by its path (mounts[6].options[2]), in document order.</summary>
        private static List<(string Path, string Value)> Leaves(JsonNode? node, string path = "")
        {
            var leaves = new List<(string, string)>();
            switch (node)
            {
                case JsonObject o:
                    foreach ((string key, JsonNode? value) in o)
                    {
                        leaves.AddRange(Leaves(value, path.Length == 0 ? key : path + "." + key));
                    }

                    break;
                case JsonArray a:
                    for (int i = 0; i < a.Count; i++)
                    {
                        leaves.AddRange(Leaves(a[i], path + "[" + i + "]"));
                    }

                    break;
                default:
                    leaves.Add((path, node?.ToJsonString() ?? "null"));
                    break;
            }

            return leaves;
        }

        [SkippableTheory]
        [InlineData(false)]
        [InlineData(true)]
        public void SpecWritesRuncsConfigButWhatNsboxRefuses(bool rootless)
        {
            Requirements.Program("/usr/sbin/runc");
            string dir = Directory.CreateTempSubdirectory("nsbox-spec-").FullName;
            try
            {
                Directory.CreateDirectory(Path.Combine(dir, "runc"));
                Directory.CreateDirectory(Path.Combine(dir, "nsbox"));
                string[] flags = rootless ? ["--rootless"] : [];
                (RunResult runcResult, string? runcText) = Spec("/usr/sbin/runc", Path.Combine(dir, "runc"), flags);
                (RunResult ours, string? ourText) = Spec(Published.Nsbox, Path.Combine(dir, "nsbox"), flags);
                Assert.Equal(0, runcResult.ExitCode);
                Assert.True(ours.ExitCode == 0, ours.ToString());
                Assert.Equal("", ours.Stdout);

                // runc's layout: tabs, no newline at the end.
                Assert.StartsWith("{\n\t\"ociVersion\": ", runcText);
                Assert.StartsWith("{\n\t\"ociVersion\": ", ourText);
                Assert.EndsWith("\n}", runcText);
                Assert.EndsWith("\n}", ourText);

                // Each field left out is named by a warning: the converter's refusal of it.
                string[] warnings = ours.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.All(warnings, w => Assert.StartsWith("nsbox: warning: spec: left out of config.json, as create would refuse it: config.json: ", w));
                string[] leftOut = warnings.Select(w => w.Split("config.json: ")[1].Split(' ', ':')[0]).ToArray();

                JsonNode runc = JsonNode.Parse(runcText!)!;
                JsonNode nsbox = JsonNode.Parse(ourText!)!;
                foreach (string field in leftOut)
                {
                    RemoveAsSpecDoes(runc, field);
                }

                // What remains is runc's, field for field and in order, but the two values nsbox's own.
                List<(string Path, string Value)> theirs = Leaves(runc);
                List<(string Path, string Value)> mine = Leaves(nsbox);
                Assert.Equal(theirs.Select(l => l.Path), mine.Select(l => l.Path));
                foreach (((string path, string value), (_, string ourValue)) in theirs.Zip(mine))
                {
                    string expected = path switch
                    {
                        "ociVersion" => "\"" + OciBundle.SpecVersion + "\"",
                        "hostname" => "\"nsbox\"",
                        _ => value,
                    };
                    Assert.True(expected == ourValue, path + ": runc " + value + ", nsbox " + ourValue);
                }

                // Nothing is left out any more: spec's config is nsbox's whole (the cgroup mount included, given the container's id).
                Assert.Empty(leftOut);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        /// <summary>The removal SpecCommand makes: the array element a field belongs to, else the property; emptied parents go too.</summary>
        private static void RemoveAsSpecDoes(JsonNode config, string field)
        {
            string[] parts = field.Split('.');
            JsonNode node = config;
            for (int i = 0; i < parts.Length; i++)
            {
                string name = parts[i];
                int bracket = name.IndexOf('[');
                if (bracket >= 0)
                {
                    int index = int.Parse(name[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                    ((JsonArray)node[name[..bracket]]!).RemoveAt(index);
                    return;
                }

                if (i == parts.Length - 1)
                {
                    JsonObject owner = (JsonObject)node;
                    owner.Remove(name);
                    while (owner.Count == 0 && owner.Parent is JsonObject above)
                    {
                        above.Remove(owner.GetPropertyName());
                        owner = above;
                    }

                    return;
                }

                node = node[name]!;
            }
        }

        [SkippableFact]
        public void SpecKeepsAnExistingConfigAndFailsAsRuncs()
        {
            Requirements.Program("/usr/sbin/runc");
            string dir = Directory.CreateTempSubdirectory("nsbox-spec-").FullName;
            try
            {
                string file = Path.Combine(dir, "config.json");
                File.WriteAllText(file, "mine");
                foreach (string program in new[] { "/usr/sbin/runc", Published.Nsbox })
                {
                    RunResult result = Run.Program(program, "spec", "--bundle", dir);
                    Assert.Equal(1, result.ExitCode);
                    Assert.Equal("mine", File.ReadAllText(file));
                }

                Assert.Equal("nsbox: spec: " + file + ": File exists (EEXIST): remove it first\n", Run.Program(Published.Nsbox, "spec", "--bundle", dir).Stderr);

                string missing = Path.Combine(dir, "missing");
                Assert.Equal(1, Run.Program("/usr/sbin/runc", "spec", "--bundle", missing).ExitCode);
                RunResult ours = Run.Program(Published.Nsbox, "spec", "--bundle", missing);
                Assert.Equal(1, ours.ExitCode);
                Assert.Equal("nsbox: spec: bundle " + missing + ": No such file or directory (ENOENT)\n", ours.Stderr);
                Assert.False(Directory.Exists(missing));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [SkippableTheory]
        [InlineData(false)]
        [InlineData(true)]
        public void WhatSpecWritesRunsOnABusyboxRoot(bool rootless)
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            using var bundle = new BusyboxBundle("true");
            File.Delete(Path.Combine(bundle.Directory, "config.json"));
            RunResult spec = Run.Program(Published.Nsbox, rootless ? ["spec", "--rootless", "--bundle", bundle.Directory] : ["spec", "--bundle", bundle.Directory]);
            Assert.Equal(0, spec.ExitCode);

            // As runc's help says to: the command edited, nothing else.
            string file = Path.Combine(bundle.Directory, "config.json");
            JsonNode config = JsonNode.Parse(File.ReadAllText(file))!;
            config["process"]!["args"] = new JsonArray("sh", "-c", "echo spec-ran; cat /proc/self/uid_map; echo $(cat /proc/sys/kernel/hostname)");
            File.WriteAllText(file, config.ToJsonString());

            using OciRuntime nsbox = OciRuntime.Nsbox();
            RunResult run = nsbox.Verb("run", "--bundle", bundle.Directory, "sp1");
            Assert.True(run.ExitCode == 0, run.ToString());
            // spec's config asks for a terminal: run in the foreground relays it, so the lines end in CR LF, as under runc.
            string[] lines = run.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("spec-ran", lines[0]);
            // Rootless: the user namespace maps the caller (root here) alone; otherwise the host's whole map.
            Assert.Equal(rootless ? "0 0 1" : "0 0 4294967295", string.Join(' ', lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
            Assert.Equal("nsbox", lines[2]);
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
        }
    }
}
