using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Interop.Tests.Support;

namespace Interop.Tests.Cli.Oci.Engines
{
    /// <summary>
    /// A containerd of the tests' own: root, state, the gRPC socket, the runtimes' --root and the
    /// I/O FIFOs in one temporary directory (the CRI plugin off), started on construction and
    /// stopped on dispose. Containers run from a busybox root directory (`ctr run --rootfs`), so
    /// no image or snapshotter is involved. Its shims talk to the runtime binary given with
    /// --runc-binary: nsbox, or runc as the reference.
    /// </summary>
    public sealed class ContainerdEngine : IDisposable
    {
        public const string Containerd = "/usr/bin/containerd";
        public const string Ctr = "/usr/bin/ctr";

        private readonly Process _daemon;
        private readonly RuntimeStateDirectories _hostDirectories = new("/run/containerd");
        private readonly CgroupDirectoriesMade _cgroups = new();

        public ContainerdEngine()
        {
            Requirements.Root();
            Requirements.Program(Containerd);
            Requirements.Program(Ctr);
            Requirements.Program(PodmanEngine.Runc);
            Directory = System.IO.Directory.CreateTempSubdirectory("nsbox-containerd-").FullName;
            Socket = Path.Combine(Directory, "containerd.sock");
            string config = Path.Combine(Directory, "config.toml");
            File.WriteAllText(config, $"""
                version = 2
                root = "{Directory}/root"
                state = "{Directory}/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "{Socket}"
                """);

            string scratch = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "image")).FullName;
            string tar = Path.Combine(scratch, "busybox.tar");
            BusyboxImage.WriteTar(scratch, tar);
            Rootfs = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "rootfs")).FullName;
            RunResult unpacked = Run.Program("/usr/bin/tar", "-C", Rootfs, "-xf", tar);
            if (unpacked.ExitCode != 0)
            {
                throw new IOException("tar: " + unpacked);
            }

            var info = new ProcessStartInfo(Containerd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add("--config");
            info.ArgumentList.Add(config);
            _daemon = Process.Start(info)!;
            _daemon.StandardOutput.ReadToEndAsync();
            // Ready when it says so on its log (stderr), not after some time.
            string? line;
            var log = new List<string>();
            while ((line = _daemon.StandardError.ReadLine()) is not null && !line.Contains("containerd successfully booted", StringComparison.Ordinal))
            {
                log.Add(line);
            }

            if (line is null)
            {
                throw new InvalidOperationException("containerd did not start:\n" + string.Join('\n', log));
            }

            _daemon.StandardError.ReadToEndAsync();
        }

        public string Directory { get; }

        public string Socket { get; }

        /// <summary>The busybox root the containers run from.</summary>
        public string Rootfs { get; }

        /// <summary>The runtime binary of a runtime's name: nsbox, or runc.</summary>
        public static string Binary(string runtime) => runtime == "nsbox" ? Published.Nsbox : PodmanEngine.Runc;

        /// <summary>Runs <c>ctr ARGS</c> against this containerd.</summary>
        public RunResult Invoke(params string[] args) => Run.Program(Ctr, CommandLine(args).Skip(1), TimeSpan.FromSeconds(120));

        /// <summary>The ctr command line as words.</summary>
        public string[] CommandLine(params string[] args) => [Ctr, "--address", Socket, .. args];

        /// <summary>The options of `ctr run` that pick the runtime and keep its state and FIFOs here.</summary>
        public string[] RunOptions(string runtime) =>
            ["--runc-binary", Binary(runtime), "--runc-root", Path.Combine(Directory, "runtime-" + runtime), "--fifo-dir", Path.Combine(Directory, "fifo"), "--env", "PATH=/bin", "--rootfs", Rootfs];

        public void Dispose()
        {
            foreach (string task in Invoke("task", "ls", "--quiet").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Invoke("task", "kill", "--all", "--signal", "KILL", task);
                Invoke("task", "delete", "--force", task);
            }

            foreach (string container in Invoke("container", "ls", "--quiet").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Invoke("container", "delete", container);
            }

            _daemon.Kill();
            _daemon.WaitForExit();
            string[] mounts = MountsBelow.Detach(Directory);

            System.IO.Directory.Delete(Directory, recursive: true);
            _hostDirectories.RemoveCreated();
            _cgroups.RemoveCreated();
            if (mounts.Length > 0)
            {
                throw new InvalidOperationException("containerd left mounts behind: " + string.Join(", ", mounts));
            }
        }
    }
}
