using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Interop.Linux;

namespace Nsbox.Oci
{
    /// <summary>
    /// Container state under the root directory (<c>--root</c>, default /run/nsbox), one directory per
    /// id, as runc keeps it: state.json, exec.fifo while the container waits for start, and a lock
    /// file that every verb changing the container holds (flock, taken without waiting: a second
    /// call for the same id fails with one line instead of racing the first).
    /// </summary>
    internal sealed class ContainerStore(string? root)
    {
        public const string DefaultRoot = "/run/nsbox";

        public string Root { get; } = Path.GetFullPath(string.IsNullOrEmpty(root) ? DefaultRoot : root);

        public string DirectoryOf(string id) => Path.Combine(Root, id);

        public string FifoOf(string id) => Path.Combine(Root, id, "exec.fifo");

        private string StateFileOf(string id) => Path.Combine(Root, id, "state.json");

        /// <summary>runc's rule for ids: letters, digits and _ + - . only, not "." or "..", so an id is one path component.</summary>
        public static void CheckId(string? id, string verb)
        {
            if (string.IsNullOrEmpty(id))
            {
                throw new OciException(verb, Errno.EINVAL, "a container id is required (see 'nsbox " + verb + " --help')");
            }

            bool valid = id is not ("." or "..");
            foreach (char c in id)
            {
                valid &= char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '-' or '.';
            }

            if (!valid)
            {
                throw new OciException(verb + " " + id, Errno.EINVAL, "an id holds only letters, digits, '_', '+', '-' and '.'");
            }
        }

        /// <summary>Takes the container's lock (creating its directory first with <paramref name="create"/>).</summary>
        public FileStream Lock(string id, bool create)
        {
            string directory = DirectoryOf(id);
            try
            {
                if (create)
                {
                    Directory.CreateDirectory(Root);
                    Directory.CreateDirectory(directory);
                }
                else if (!Directory.Exists(directory))
                {
                    throw NotFound(id);
                }

                // FileShare.None is flock(LOCK_EX | LOCK_NB) on Linux.
                return new FileStream(Path.Combine(directory, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && Directory.Exists(directory))
            {
                throw new OciException("lock container " + id, Errno.EAGAIN, "another nsbox is working on it");
            }
            catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
            {
                throw NotFound(id);
            }
            catch (UnauthorizedAccessException)
            {
                throw new OciException("lock container " + id + " in " + Root, Errno.EACCES);
            }
        }

        public bool Exists(string id) => File.Exists(StateFileOf(id));

        public ContainerState Load(string id)
        {
            try
            {
                return Interop.Runtime.Json.JsonModel.Parse<ContainerState>(File.ReadAllText(StateFileOf(id))) ?? throw NotFound(id);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw NotFound(id);
            }
            catch (JsonException)
            {
                throw new OciException("read " + StateFileOf(id), Errno.EINVAL, "not a state nsbox wrote");
            }
        }

        public void Save(ContainerState state)
        {
            // Written whole, then renamed: a reader sees the old state or the new one, never half.
            string file = StateFileOf(state.Id);
            File.WriteAllText(file + ".new", Interop.Runtime.Json.JsonModel.Write(state, new JsonWriterOptions { Indented = true }));
            File.Move(file + ".new", file, overwrite: true);
        }

        /// <summary>Looked at, never stored: the process ended (or is another one with the same pid), or waits on its FIFO, or runs.</summary>
        public ContainerStatus StatusOf(ContainerState state)
        {
            ProcessStat? stat = state.Pid > 0 ? ProcessStat.Read(state.Pid) : null;
            if (stat is not { IsAlive: true } || stat.Value.StartTime != state.ProcessStartTime)
            {
                return ContainerStatus.Stopped;
            }

            return ContainerCgroups.IsFrozen(state) ? ContainerStatus.Paused
                : File.Exists(FifoOf(state.Id)) ? ContainerStatus.Created : ContainerStatus.Running;
        }

        public void Remove(string id) => Directory.Delete(DirectoryOf(id), recursive: true);

        /// <summary>The ids of every container with a state, in name order.</summary>
        public IReadOnlyList<string> Ids()
        {
            var ids = new List<string>();
            if (Directory.Exists(Root))
            {
                foreach (string directory in Directory.GetDirectories(Root))
                {
                    string id = Path.GetFileName(directory);
                    if (Exists(id))
                    {
                        ids.Add(id);
                    }
                }
            }

            ids.Sort(StringComparer.Ordinal);
            return ids;
        }

        public static string Word(ContainerStatus status) => status switch
        {
            ContainerStatus.Created => "created",
            ContainerStatus.Running => "running",
            ContainerStatus.Paused => "paused",
            _ => "stopped",
        };

        /// <summary>runc's line for an unknown id.</summary>
        public static OciException NotFound(string id) => new("container " + id, Errno.ENOENT, "container does not exist");
    }
}
