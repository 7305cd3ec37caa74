using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Interop.Tests.Support;

namespace Interop.Tests.Cli.Oci.Engines
{
    /// <summary>
    /// podman with nothing of the host's: storage (vfs: no mounts), state, locks (file locks, not
    /// /dev/shm/libpod_lock) and events live in one temporary directory,
    /// configured through CONTAINERS_CONF and CONTAINERS_STORAGE_CONF (the host's /etc/containers is
    /// never read or changed). The runtimes keep their state in their default roots, as podman runs
    /// them (its cleanup passes no --root: see <see cref="RuntimeStateDirectories"/>). Two runtimes are registered: nsbox and runc, the reference. The busybox
    /// image is imported once per test run (see <see cref="PodmanFixture"/>).
    ///
    /// Facts of this machine the configuration answers: root lacks CAP_SYS_RESOURCE, so podman's
    /// default rlimits (nofile and nproc 1048576) fail with every runtime: default_ulimits sets limits
    /// below the hard ones (podman itself runs conmon with nproc 32768). Containers get no network
    /// (`--network none`): podman's default bridge would change the host (a cni-podman0 link, iptables
    /// chains, /run/netns, /var/lib/cni).
    /// </summary>
    public sealed class PodmanEngine : IDisposable
    {
        public const string Podman = "/usr/bin/podman";
        public const string Conmon = "/usr/bin/conmon";
        public const string Runc = "/usr/sbin/runc";
        public const string Image = "localhost/nsbox-busybox:test";

        /// <summary>What every container of the tests gets: no network (and podman's default seccomp profile).</summary>
        public static readonly string[] ContainerDefaults = ["--network", "none"];

        private readonly Dictionary<string, string> _environment;
        private readonly RuntimeStateDirectories _hostDirectories = new("/run/nsbox", "/run/runc");
        private readonly CgroupDirectoriesMade _cgroups = new();

        public PodmanEngine()
        {
            Requirements.Root();
            Requirements.Program(Podman);
            Requirements.Program(Conmon);
            Requirements.Program(Runc);
            Directory = System.IO.Directory.CreateTempSubdirectory("nsbox-podman-").FullName;
            string storage = Path.Combine(Directory, "storage.conf");
            string containers = Path.Combine(Directory, "containers.conf");
            File.WriteAllText(storage, $"""
                [storage]
                driver = "vfs"
                graphroot = "{Directory}/graph"
                runroot = "{Directory}/run"
                """);
            File.WriteAllText(containers, $"""
                [containers]
                default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
                pids_limit = 0
                [engine]
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                lock_type = "file"
                tmp_dir = "{Directory}/tmp"
                runtime_supports_json = ["nsbox"]
                runtime_supports_nocgroups = ["nsbox"]
                [engine.runtimes]
                nsbox = ["{Published.Nsbox}"]
                runc = ["{Runc}"]
                """);
            _environment = new Dictionary<string, string>
            {
                ["CONTAINERS_CONF"] = containers,
                ["CONTAINERS_STORAGE_CONF"] = storage,
                ["CONTAINERS_REGISTRIES_CONF"] = Path.Combine(Directory, "registries.conf"),
            };
            File.WriteAllText(_environment["CONTAINERS_REGISTRIES_CONF"], "unqualified-search-registries = []\n");

            string tar = Path.Combine(Directory, "busybox.tar");
            BusyboxImage.WriteTar(Directory, tar);
            RunResult imported = Invoke("import", "--change", "ENV PATH=/bin", tar, Image);
            if (imported.ExitCode != 0)
            {
                throw new InvalidOperationException("podman import: " + imported);
            }
        }

        /// <summary>The directory everything lives in.</summary>
        public string Directory { get; }

        /// <summary>The environment that points podman at this engine's configuration (for podman run under script(1)).</summary>
        public IReadOnlyDictionary<string, string> Environment => _environment;

        /// <summary>Runs <c>podman --runtime RUNTIME ARGS</c>.</summary>
        public RunResult With(string runtime, params string[] args) =>
            Invoke(["--runtime", runtime, .. args]);

        /// <summary>The podman command line <see cref="With"/> runs, as words (for a shell or script(1)).</summary>
        public string[] CommandLine(string runtime, params string[] args) =>
            [Podman, "--runtime", runtime, .. args];

        /// <summary>Runs <c>podman --runtime RUNTIME ARGS</c> with <paramref name="input"/> on its standard input.</summary>
        public RunResult WithInput(string runtime, string input, params string[] args)
        {
            var environment = new Dictionary<string, string>(_environment) { ["INPUT"] = input };
            return Run.Program("/bin/sh", ["-c", "printf %s \"$INPUT\" | exec \"$@\"", "sh", .. CommandLine(runtime, args)], TimeSpan.FromSeconds(120), environment);
        }

        /// <summary><c>podman run --rm</c> with the defaults, the image and COMMAND.</summary>
        public RunResult RunContainer(string runtime, string[] options, params string[] command) =>
            With(runtime, ["run", "--rm", .. ContainerDefaults, .. options, Image, .. command]);

        private RunResult Invoke(params string[] args) => Run.Program(Podman, args, TimeSpan.FromSeconds(120), _environment);

        /// <summary>Removes every container and image, then the directory; fails if a mount was left in it.</summary>
        public void Dispose()
        {
            Invoke("rm", "--all", "--force", "--time", "0");
            Invoke("rmi", "--all", "--force");
            string[] mounts = MountsBelow.Detach(Directory);

            System.IO.Directory.Delete(Directory, recursive: true);
            _hostDirectories.RemoveCreated();
            _cgroups.RemoveCreated();
            if (mounts.Length > 0)
            {
                throw new InvalidOperationException("podman left mounts behind: " + string.Join(", ", mounts));
            }
        }
    }
}
