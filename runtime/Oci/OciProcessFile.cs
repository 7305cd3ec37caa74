using System;
using System.IO;
using System.Text.Json;
using Interop.Linux;

namespace Interop.Runtime.Oci
{
    /// <summary>
    /// A runtime-spec process object on its own, as engines hand one to <c>exec --process
    /// process.json</c>: read with the same source-generated reader as config.json, and converted
    /// by the same code as config.json's process (<see cref="ToBuilder"/>: the same refusals, the
    /// same environment, directory, no_new_privs, capabilities and terminal).
    /// </summary>
    public static class OciProcessFile
    {
        /// <summary>Reads and parses <paramref name="path"/>.</summary>
        /// <exception cref="SandboxUsageException">The file cannot be read, or is not a process object.</exception>
        public static OciProcess Load(string path)
        {
            string text;
            try
            {
                text = Text.TextFiles.Read(path);
            }
            catch (ErrnoException e)
            {
                throw new SandboxUsageException("open", e.Errno, path);
            }

            return Parse(text, Path.GetFileName(path));
        }

        /// <summary>Parses a process object; a mistake names <paramref name="file"/>.</summary>
        /// <exception cref="SandboxUsageException">Not JSON of the spec's shape.</exception>
        public static OciProcess Parse(string json, string file = "process.json")
        {
            try
            {
                return Json.JsonModel.Parse<OciProcess>(json)
                    ?? throw new SandboxUsageException(file, Errno.EINVAL, null, "the process is an object, not null");
            }
            catch (JsonException e)
            {
                throw new SandboxUsageException(file, Errno.EINVAL, null, Text.TextFiles.DescribeJsonError(json, e));
            }
        }

        /// <summary>The builder that runs <paramref name="process"/> (its args, env, cwd, ...); the caller adds where (namespaces to join, cgroups).</summary>
        /// <exception cref="SandboxUsageException">A field asks for what nsbox does not carry out yet, or is invalid; the message names it and <paramref name="file"/>.</exception>
        public static SandboxBuilder ToBuilder(OciProcess process, string file = "process.json") => OciPlanConverter.ConvertProcess(process, file);
    }
}
