using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Interop.Tests.Support;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>
    /// An OCI runtime binary (nsbox, or runc as the reference) with its own state root in a temporary
    /// directory. Verbs that leave a container process behind (create, run --detach) run with their
    /// output in files: the process inherits nsbox's stdout and stderr and keeps pipes open, so
    /// reading a pipe to its end would wait for the container.
    /// </summary>
    public sealed class OciRuntime : IDisposable
    {
        private readonly string _program;

        public OciRuntime(string program)
        {
            _program = program;
            Root = Directory.CreateTempSubdirectory("nsbox-oci-root-").FullName;
        }

        public static OciRuntime Nsbox() => new(Published.Nsbox);

        public static OciRuntime Runc() => new("/usr/sbin/runc");

        /// <summary>The runtime's executable.</summary>
        public string Program => _program;

        /// <summary>The --root state directory.</summary>
        public string Root { get; }

        /// <summary>Runs a verb with --root, output captured through pipes.</summary>
        public RunResult Verb(params string[] args) => Run.Program(_program, new[] { "--root", Root }.Concat(args), TimeSpan.FromSeconds(60));

        /// <summary>Runs a verb with --root, output captured through files (see the class comment), in <paramref name="directory"/>.</summary>
        public RunResult Detached(string directory, params string[] args)
        {
            string name = Guid.NewGuid().ToString("N");
            string stdout = Path.Combine(Path.GetTempPath(), "nsbox-verb-" + name + ".out");
            string stderr = Path.Combine(Path.GetTempPath(), "nsbox-verb-" + name + ".err");
            IEnumerable<string> shell = new[] { "-c", "cd \"$1\" && shift && exec \"$@\" </dev/null >\"$OUT\" 2>\"$ERR\"", "sh", directory, _program, "--root", Root }.Concat(args);
            RunResult result = Run.Program("/bin/sh", shell, TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["OUT"] = stdout, ["ERR"] = stderr });
            try
            {
                return new RunResult(result.ExitCode, File.ReadAllText(stdout), File.ReadAllText(stderr));
            }
            finally
            {
                File.Delete(stdout);
                File.Delete(stderr);
            }
        }

        /// <summary>Kills and deletes whatever a failed test left.</summary>
        public void Dispose()
        {
            foreach (string container in Directory.GetDirectories(Root))
            {
                Verb("delete", "--force", Path.GetFileName(container));
            }

            Directory.Delete(Root, recursive: true);
        }
    }
}
