using System.Diagnostics;
using System.IO;
using Interop.Tests.Support;

namespace Interop.Tests.Cli.Oci.Engines
{
    /// <summary>
    /// The engines' image, built here (there is no registry): a root of busybox-static with a link
    /// for every applet it lists, and the directories a container needs, packed as a tar that
    /// <c>podman import</c> and <c>ctr image import</c> take.
    /// </summary>
    public static class BusyboxImage
    {
        /// <summary>Writes the root as a tar at <paramref name="tarPath"/>, building it in <paramref name="scratch"/>.</summary>
        public static void WriteTar(string scratch, string tarPath)
        {
            string root = Path.Combine(scratch, "busybox-root");
            foreach (string directory in new[] { "bin", "etc", "proc", "sys", "dev", "tmp", "root", "out" })
            {
                Directory.CreateDirectory(Path.Combine(root, directory));
            }

            string busybox = Path.Combine(root, "bin", "busybox");
            File.Copy("/usr/bin/busybox", busybox);
            RunResult applets = Run.Program(busybox, "--list");
            Assert(applets.ExitCode == 0, "busybox --list: " + applets);
            foreach (string applet in applets.Stdout.Split('\n', System.StringSplitOptions.RemoveEmptyEntries))
            {
                // busybox lists itself: a link named busybox would replace the binary with a loop.
                if (applet != "busybox")
                {
                    File.CreateSymbolicLink(Path.Combine(root, "bin", applet), "busybox");
                }
            }

            // The user and group databases podman's --user and `id` read.
            File.WriteAllText(Path.Combine(root, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
            File.WriteAllText(Path.Combine(root, "etc", "group"), "root:x:0:\nnogroup:x:65534:\n");
            RunResult tar = Run.Program("/usr/bin/tar", "-C", root, "-cf", tarPath, ".");
            Assert(tar.ExitCode == 0, "tar: " + tar);
        }

        private static void Assert(bool condition, string what)
        {
            if (!condition)
            {
                throw new IOException(what);
            }
        }
    }
}
