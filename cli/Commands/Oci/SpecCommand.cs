using System;
using System.IO;
using Interop.Linux;
using Interop.Runtime.Oci;
using Nsbox.Oci;
using Nsbox.Options;
using Nsbox.Options.Oci;

namespace Nsbox.Commands.Oci
{
    /// <summary>
    /// <c>nsbox spec [--bundle DIR] [--rootless]</c>: runc spec's starter config.json
    /// (<see cref="OciSpecTemplate"/>), written into the bundle; an existing config.json is kept and
    /// the verb fails, as runc's. Each field left out because nsbox refuses it is a warning.
    /// </summary>
    internal static class SpecCommand
    {
        public static int Execute(SpecOptions options, GlobalOptions? global) => OciVerb.Run(global, (store, log) =>
        {
            string directory = options.Bundle ?? Environment.CurrentDirectory;
            if (!Directory.Exists(directory))
            {
                throw new OciException("spec: bundle " + directory, File.Exists(directory) ? Errno.ENOTDIR : Errno.ENOENT);
            }

            (string json, var leftOut) = OciSpecTemplate.Create(options.Rootless);
            string file = Path.Combine(directory, OciBundle.ConfigFileName);
            try
            {
                // CreateNew: never over an existing config (runc: "File config.json exists. Remove it first"); 0666 less the umask, as runc's.
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                stream.Write(System.Text.Encoding.UTF8.GetBytes(json));
            }
            catch (IOException) when (File.Exists(file))
            {
                throw new OciException("spec: " + file, Errno.EEXIST, "remove it first");
            }

            foreach (string field in leftOut)
            {
                ErrorReporter.Warn("spec: left out of config.json, as create would refuse it: " + field);
            }

            return 0;
        });
    }
}
