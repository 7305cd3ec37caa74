using System.IO;
using System.Linq;
using System.Text.Json;
using Interop.Runtime;
using Interop.Runtime.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>
    /// <c>nsbox features</c>: runc's shape (its fields in its order, indented as runc's), and values that
    /// are true of nsbox: every option, namespace and capability it lists is carried out by the
    /// converter, and what it does not list is refused there.
    /// </summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class FeaturesTests
    {
        private const string Base = """
            { "ociVersion": "1.2.0", "root": { "path": "rootfs" }, "process": { "args": ["sh"], "cwd": "/" }, "linux": { "namespaces": [ { "type": "mount" } ] } }
            """;

        private static JsonElement Features(string program)
        {
            RunResult result = Run.Program(program, "features");
            Assert.True(result.ExitCode == 0, result.ToString());
            return JsonDocument.Parse(result.Stdout).RootElement.Clone();
        }

        private static bool Accepted(string json) => RefusalOf(json) is null;

        private static string? RefusalOf(string json)
        {
            try
            {
                OciBundle.FromJson("/srv/bundle", json).ToPlan();
                return null;
            }
            catch (SandboxUsageException e)
            {
                return e.Message;
            }
        }

        [SkippableFact]
        public void FeaturesHasRuncsFieldsInRuncsOrderAndIndentation()
        {
            Requirements.Program("/usr/sbin/runc");
            JsonElement runc = Features("/usr/sbin/runc");
            JsonElement nsbox = Features(Published.Nsbox);

            Assert.Equal(runc.EnumerateObject().Select(p => p.Name), nsbox.EnumerateObject().Select(p => p.Name));
            // runc 1.1.5's linux fields, then intelRdt (features.md; runc 1.2 adds it too).
            Assert.Equal(runc.GetProperty("linux").EnumerateObject().Select(p => p.Name).Append("intelRdt"), nsbox.GetProperty("linux").EnumerateObject().Select(p => p.Name));
            Assert.Equal(runc.GetProperty("linux").GetProperty("cgroup").EnumerateObject().Select(p => p.Name), nsbox.GetProperty("linux").GetProperty("cgroup").EnumerateObject().Select(p => p.Name));
            Assert.Equal(runc.GetProperty("hooks").EnumerateArray().Select(h => h.GetString()), nsbox.GetProperty("hooks").EnumerateArray().Select(h => h.GetString()));
            // The kernel's capabilities, in number order: the same table.
            Assert.Equal(runc.GetProperty("linux").GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()),
                nsbox.GetProperty("linux").GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));

            string[] lines = Run.Program(Published.Nsbox, "features").Stdout.Split('\n');
            Assert.Equal("{", lines[0]);
            Assert.Equal("    \"ociVersionMin\": \"1.0.0\",", lines[1]);
            Assert.Equal("    \"ociVersionMax\": \"" + OciBundle.SpecVersion + "\",", lines[2]);
            Assert.Equal(["}", ""], lines[^2..]);
        }

        [Fact]
        public void EveryListedMountOptionIsCarriedOutAndEveryOtherOfRuncsIsNot()
        {
            OciFeatures features = OciFeatures.Current("test");
            string[] runcs = ["acl", "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "iversion", "lazytime", "loud", "mand", "noacl",
                "noatime", "nodev", "nodiratime", "noexec", "noiversion", "nolazytime", "nomand", "norelatime", "nostrictatime", "nosuid", "nosymfollow", "private",
                "ratime", "rbind", "rdev", "rdiratime", "relatime", "remount", "rexec", "rnoatime", "rnodev", "rnodiratime", "rnoexec", "rnorelatime", "rnostrictatime",
                "rnosuid", "rnosymfollow", "ro", "rprivate", "rrelatime", "rro", "rrw", "rshared", "rslave", "rstrictatime", "rsuid", "rsymfollow", "runbindable", "rw",
                "shared", "silent", "slave", "strictatime", "suid", "symfollow", "sync", "tmpcopyup", "unbindable"];
            Assert.Equal(features.MountOptions.Order(System.StringComparer.Ordinal), features.MountOptions);
            foreach (string option in runcs)
            {
                // On a tmpfs or a bind: a bind takes only per-mount flags, a tmpfs every flag but bind's own words.
                string tmpfs = WithMount("{ \"destination\": \"/m\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"" + option + "\"] }");
                string bind = WithMount("{ \"destination\": \"/m\", \"type\": \"bind\", \"source\": \"/srv/h\", \"options\": [\"rbind\", \"" + option + "\"] }");
                if (features.MountOptions.Contains(option))
                {
                    Assert.True(Accepted(tmpfs) || Accepted(bind), option + ": " + RefusalOf(tmpfs) + " / " + RefusalOf(bind));
                }
                else
                {
                    // Not listed: refused as not implemented yet, or a word nsbox hands the file system as its data (acl, iversion, loud, silent).
                    Assert.True(RefusalOf(tmpfs)?.Contains("(EOPNOTSUPP)", System.StringComparison.Ordinal) == true || OciMountOptions.Parse([option]).Data.SequenceEqual([option]), option);
                }
            }
        }

        private static string WithMount(string mount) => Base.Replace("\"linux\"", "\"mounts\": [ " + mount + " ], \"linux\"", System.StringComparison.Ordinal);

        [Fact]
        public void EveryListedNamespaceAndCapabilityIsAccepted()
        {
            OciFeatures features = OciFeatures.Current("test");
            Assert.Equal(["cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"], features.Linux.Namespaces);
            foreach (string type in features.Linux.Namespaces.Where(t => t != "mount"))
            {
                string json = Base.Replace("[ { \"type\": \"mount\" } ]", "[ { \"type\": \"mount\" }, { \"type\": \"" + type + "\" } ]", System.StringComparison.Ordinal);
                if (type == "user")
                {
                    json = json.Replace("\"namespaces\"", "\"uidMappings\": [ { \"containerID\": 0, \"hostID\": 1000, \"size\": 1 } ], \"gidMappings\": [ { \"containerID\": 0, \"hostID\": 1000, \"size\": 1 } ], \"namespaces\"", System.StringComparison.Ordinal);
                }

                Assert.True(Accepted(json), type);
            }

            Assert.Equal(Capabilities.Names, features.Linux.Capabilities);
            foreach (string cap in features.Linux.Capabilities)
            {
                string set = "[\"" + cap + "\"]";
                Assert.True(Accepted(Base.Replace("\"cwd\": \"/\"", "\"cwd\": \"/\", \"capabilities\": { \"bounding\": " + set + ", \"effective\": " + set + ", \"permitted\": " + set + " }", System.StringComparison.Ordinal)), cap);
            }
        }

        [Fact]
        public void WhatIsNotEnabledIsRefused()
        {
            OciLinuxFeatures linux = OciFeatures.Current("test").Linux;
            Assert.Equal(linux.Seccomp.Enabled, Accepted(Base.Replace("\"namespaces\"", "\"seccomp\": { \"defaultAction\": \"SCMP_ACT_ALLOW\" }, \"namespaces\"", System.StringComparison.Ordinal)));
            Assert.Equal(linux.Cgroup.V2, Accepted(Base.Replace("\"namespaces\"", "\"cgroupsPath\": \"/nsbox/f1\", \"namespaces\"", System.StringComparison.Ordinal)));
            Assert.Equal(linux.IntelRdt.Enabled, Accepted(Base.Replace("\"namespaces\"", "\"intelRdt\": { \"closID\": \"g\" }, \"namespaces\"", System.StringComparison.Ordinal)));
            Assert.Equal(linux.Apparmor.Enabled, Accepted(Base.Replace("\"cwd\": \"/\"", "\"cwd\": \"/\", \"apparmorProfile\": \"p\"", System.StringComparison.Ordinal)));
            Assert.Equal(linux.Selinux.Enabled, Accepted(Base.Replace("\"cwd\": \"/\"", "\"cwd\": \"/\", \"selinuxLabel\": \"l\"", System.StringComparison.Ordinal)));
        }
    }
}
