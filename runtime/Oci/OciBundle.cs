using System;
using System.IO;
using System.Text.Json;
using Interop.Linux;

namespace Interop.Runtime.Oci
{
    /// <summary>
    /// An OCI bundle: a directory with a config.json (and, usually, the root file system it names).
    /// <see cref="ToBuilder"/> turns the config into <see cref="SandboxBuilder"/> calls in the
    /// config's order; <see cref="ToPlan"/> gives the plan to start. Whatever the config asks for
    /// that nsbox does not carry out yet is refused with a <see cref="SandboxUsageException"/>
    /// naming the field (<c>config.json: linux.seccomp: Operation not supported (EOPNOTSUPP):
    /// seccomp is not implemented yet</c>), never dropped.
    /// <code>
    /// using ChildProcess box = OciBundle.Load("/srv/bundle").ToPlan().Start();
    /// </code>
    /// </summary>
    public sealed class OciBundle
    {
        /// <summary>The file name the spec gives the configuration.</summary>
        public const string ConfigFileName = "config.json";

        /// <summary>The runtime-spec version nsbox implements (what <c>nsbox --version</c> and the container state name); any 1.x config is read.</summary>
        public const string SpecVersion = "1.2.0";

        private OciBundle(string directory, OciConfig config)
        {
            Directory = directory;
            Config = config;
        }

        /// <summary>The bundle directory (absolute): relative paths in the config are relative to it.</summary>
        public string Directory { get; }

        /// <summary>
        /// The cgroup the config asks for (linux.cgroupsPath, linux.resources' limits and device
        /// rules, checked): placing the process there is the caller's (nsbox create does it), a plan
        /// does not place itself. What runc 1.1 ignores with a warning (kernel memory) is ignored
        /// and told in <paramref name="warnings"/>, one line each.
        /// </summary>
        /// <exception cref="SandboxUsageException">A limit nsbox does not set, or an invalid one or device rule; the message names it.</exception>
        public Cgroups.CgroupSettings CgroupSettings(System.Collections.Generic.List<string>? warnings = null) => OciPlanConverter.CgroupSettingsOf(Config, warnings);

        /// <summary>The configuration as read.</summary>
        public OciConfig Config { get; }

        /// <summary>Reads <paramref name="directory"/>/config.json.</summary>
        /// <exception cref="SandboxUsageException">The file is missing, not JSON of the spec's shape, or not of a 1.x version.</exception>
        public static OciBundle Load(string directory)
        {
            string full = Path.GetFullPath(directory);
            string file = Path.Combine(full, ConfigFileName);
            string text;
            try
            {
                text = Text.TextFiles.Read(file);
            }
            catch (ErrnoException e)
            {
                throw new SandboxUsageException("read", e.Errno, file, e.Errno == Errno.ENOENT ? "a bundle is a directory holding config.json" : null);
            }

            return new OciBundle(full, Parse(text));
        }

        /// <summary>A bundle in <paramref name="directory"/> whose config.json holds <paramref name="json"/> (nothing is read from disk).</summary>
        public static OciBundle FromJson(string directory, string json) => new(Path.GetFullPath(directory), Parse(json));

        /// <summary>Parses config.json's text and checks its version.</summary>
        /// <exception cref="SandboxUsageException">Not JSON of the spec's shape, or not of a 1.x version.</exception>
        public static OciConfig Parse(string json)
        {
            OciConfig? config;
            try
            {
                config = Json.JsonModel.Parse<OciConfig>(json);
            }
            catch (JsonException e)
            {
                throw new SandboxUsageException(ConfigFileName, Errno.EINVAL, null, Text.TextFiles.DescribeJsonError(json, e));
            }

            if (config is null)
            {
                throw new SandboxUsageException(ConfigFileName, Errno.EINVAL, null, "the configuration is an object, not null");
            }

            CheckVersion(config.OciVersion);
            return config;
        }

        /// <summary>The config as builder calls, in the config's order (namespaces, id maps, root, mounts, masked and read-only paths, names, the process).</summary>
        /// <exception cref="SandboxUsageException">A field asks for what nsbox does not carry out yet, or is invalid; the message names it.</exception>
        /// <param name="containerId">The container's id, when it is one: a `cgroup` mount shows its cgroup, named after the id unless linux.cgroupsPath names it.</param>
        public SandboxBuilder ToBuilder(string? containerId = null) => OciPlanConverter.Convert(Config, Directory, containerId);

        /// <summary>The plan the config describes (start it with <see cref="SandboxPlan.Start"/>).</summary>
        /// <exception cref="SandboxUsageException">A field asks for what nsbox does not carry out yet, or is invalid; the message names it.</exception>
        public SandboxPlan ToPlan() => ToBuilder().Build();

        /// <summary>
        /// The spec follows semantic versioning and keeps compatibility within a major version, so
        /// any 1.x (with a pre-release or build suffix: podman writes "1.0.2-dev") is accepted.
        /// </summary>
        private static void CheckVersion(string? version)
        {
            if (string.IsNullOrEmpty(version))
            {
                throw new SandboxUsageException(ConfigFileName + ": ociVersion", Errno.EINVAL, null, "the runtime-spec version is required (\"1.2.0\", ...)");
            }

            string[] parts = version.Split('-', '+')[0].Split('.');
            bool semver = parts.Length == 3 && Array.TrueForAll(parts, p => p.Length > 0 && p.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0);
            if (!semver || parts[0] != "1")
            {
                throw new SandboxUsageException(ConfigFileName + ": ociVersion", Errno.EINVAL, "'" + version + "'", "nsbox implements runtime-spec 1.x");
            }
        }
    }
}
