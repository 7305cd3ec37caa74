using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Interop.Tests.Support;

namespace Interop.Tests.Cli.Oci
{
    /// <summary>
    /// An OCI bundle in a fresh temporary directory: a root of busybox-static and its applet links, a
    /// host directory bound at /out (for the command's fifos and marker files), and a config.json
    /// running <c>sh -c SCRIPT</c> in new pid, ipc, uts and mount namespaces with /proc mounted.
    /// Both nsbox and runc take it as it is.
    /// </summary>
    public sealed class BusyboxBundle : IDisposable
    {
        private static readonly string[] s_applets = ["sh", "echo", "cat", "sleep", "true", "touch", "ls", "kill", "test", "read"];

        public BusyboxBundle(string script)
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("nsbox-bundle-").FullName;
            Out = System.IO.Path.Combine(Directory, "out");
            string root = System.IO.Path.Combine(Directory, "rootfs");
            foreach (string d in new[] { "bin", "proc", "out", "tmp", "dev" })
            {
                System.IO.Directory.CreateDirectory(System.IO.Path.Combine(root, d));
            }

            System.IO.Directory.CreateDirectory(Out);
            File.Copy("/usr/bin/busybox", System.IO.Path.Combine(root, "bin", "busybox"));
            foreach (string applet in s_applets)
            {
                File.CreateSymbolicLink(System.IO.Path.Combine(root, "bin", applet), "busybox");
            }

            WriteConfig(["sh", "-c", script]);
        }

        /// <summary>The bundle directory.</summary>
        public string Directory { get; }

        /// <summary>The host directory the container sees at /out.</summary>
        public string Out { get; }

        /// <summary>A named pipe in /out (the command sees it as /out/NAME).</summary>
        public string MakeFifo(string name)
        {
            string path = System.IO.Path.Combine(Out, name);
            RunResult made = Run.Program("/usr/bin/mkfifo", "-m", "0600", path);
            if (made.ExitCode != 0)
            {
                throw new IOException("mkfifo " + path + ": " + made);
            }

            return path;
        }

        /// <summary>Rewrites config.json with these args (any other field as the constructor wrote it).</summary>
        public void WriteConfig(string[] args)
        {
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString("ociVersion", "1.0.2");
                json.WriteStartObject("process");
                json.WriteBoolean("terminal", false);
                json.WriteStartObject("user");
                json.WriteNumber("uid", 0);
                json.WriteNumber("gid", 0);
                json.WriteEndObject();
                json.WriteStartArray("args");
                args.ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
                json.WriteStartArray("env");
                json.WriteStringValue("PATH=/bin");
                json.WriteEndArray();
                json.WriteString("cwd", "/");
                json.WriteEndObject();
                json.WriteStartObject("root");
                json.WriteString("path", "rootfs");
                json.WriteEndObject();
                json.WriteString("hostname", "box");
                json.WriteStartArray("mounts");
                Mount(json, "/proc", "proc", "proc");
                Mount(json, "/out", "bind", Out, "rbind", "rw");
                json.WriteEndArray();
                json.WriteStartObject("annotations");
                json.WriteString("org.example.test", "lifecycle");
                json.WriteEndObject();
                json.WriteStartObject("linux");
                json.WriteStartArray("namespaces");
                foreach (string type in new[] { "pid", "ipc", "uts", "mount" })
                {
                    json.WriteStartObject();
                    json.WriteString("type", type);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            File.WriteAllBytes(System.IO.Path.Combine(Directory, "config.json"), stream.ToArray());
        }

        private static void Mount(Utf8JsonWriter json, string destination, string type, string source, params string[] options)
        {
            json.WriteStartObject();
            json.WriteString("destination", destination);
            json.WriteString("type", type);
            json.WriteString("source", source);
            if (options.Length > 0)
            {
                json.WriteStartArray("options");
                options.ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
