using System;
using System.Collections.Generic;
using Interop.Runtime.Text;
using Interop.Linux;

namespace Interop.Runtime.Spawning
{
    /// <summary>
    /// PATH look-up, done in the parent because the child may not do string work. Same rules as
    /// execvp(3): a name with a '/' is used as is; otherwise the first executable PATH entry wins,
    /// and if none is executable but one exists, the error is EACCES rather than ENOENT.
    /// </summary>
    internal static unsafe class CommandResolver
    {
        /// <summary>The PATH glibc's execvp uses when PATH is unset.</summary>
        private const string DefaultPath = "/bin:/usr/bin";

        /// <summary>
        /// The path to execve. With a new root the look-up happens inside it (the command will run
        /// there) and the result is the path as the command sees it. The PATH searched is the one
        /// the command will have: from <paramref name="environment"/> when the plan gives one (as
        /// execvpe(3), and as runc takes it from process.env), else this process's own.
        /// </summary>
        public static string Resolve(string command, string? root = null, IReadOnlyList<string>? environment = null)
        {
            if (command.Length == 0)
            {
                throw new SpawnException(ChildStep.Exec, "exec", Errno.ENOENT, "''");
            }

            if (command.Contains('/'))
            {
                return command;
            }

            string path = (environment is null ? SearchPath() : SearchPath(environment)) ?? DefaultPath;
            bool sawNotExecutable = false;
            Span<byte> candidate = stackalloc byte[4096];
            foreach (string directory in path.Split(':'))
            {
                string full = directory.Length == 0 ? command : directory + "/" + command;
                string onHost = root is null ? full : root.TrimEnd('/') + "/" + full.TrimStart('/');
                if (FileSystemEncoding.GetByteCount(onHost) + 1 > candidate.Length)
                {
                    continue;
                }

                int length = FileSystemEncoding.Encode(onHost, candidate);
                candidate[length] = 0;
                fixed (byte* p = candidate)
                {
                    if (Native.access(p, Native.X_OK) == 0)
                    {
                        return full;
                    }

                    sawNotExecutable |= LastErrno.Read() == Errno.EACCES;
                }
            }

            throw new SpawnException(ChildStep.Exec, "exec", sawNotExecutable ? Errno.EACCES : Errno.ENOENT, command);
        }

        /// <summary>PATH in a given environment: the first PATH= entry, as getenv(3) finds it.</summary>
        private static string? SearchPath(IReadOnlyList<string> environment)
        {
            foreach (string entry in environment)
            {
                if (entry.StartsWith("PATH=", StringComparison.Ordinal))
                {
                    return entry[5..];
                }
            }

            return null;
        }

        /// <summary>PATH as a sandbox inherits it (bytes included; see ProcessEnvironment).</summary>
        private static string? SearchPath()
        {
            string? path = Environment.GetEnvironmentVariable("PATH");
            if (path is null || !path.Contains('\uFFFD'))
            {
                return path;
            }

            foreach (string entry in ProcessEnvironment.Entries())
            {
                if (entry.StartsWith("PATH=", StringComparison.Ordinal))
                {
                    return entry[5..];
                }
            }

            return null;
        }
    }
}
