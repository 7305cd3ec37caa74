using System;
using System.IO;
using System.Threading.Tasks;

namespace Interop.Tests.Support
{
    /// <summary>
    /// A named pipe in a fresh temporary directory, for readiness without sleeping: the program under
    /// test writes a line to it once it is ready (a trap set, a pid known), and the test blocks on it.
    /// </summary>
    public sealed class Fifo : IDisposable
    {
        private readonly string _directory;

        public Fifo()
        {
            _directory = Directory.CreateTempSubdirectory("nsbox-fifo-").FullName;
            Path = System.IO.Path.Combine(_directory, "fifo");
            RunResult made = Run.Program("/usr/bin/mkfifo", "-m", "0600", Path);
            if (made.ExitCode != 0)
            {
                throw new IOException($"mkfifo {Path} failed: {made}");
            }
        }

        public string Path { get; }

        /// <summary>Waits for a writer and returns what it wrote up to its close, trimmed; throws after <paramref name="timeout"/> (the writer never came).</summary>
        public string ReadAll(TimeSpan timeout)
        {
            Task<string> read = Task.Run(() => File.ReadAllText(Path));
            if (!read.Wait(timeout))
            {
                // Unblock the reader thread by opening the other end ourselves, then fail.
                using (new FileStream(Path, FileMode.Open, FileAccess.Write))
                {
                }

                throw new TimeoutException($"nothing was written to {Path} within {timeout}");
            }

            return read.Result.Trim();
        }

        /// <summary>Writes a line for a reader (blocks until one opens the fifo).</summary>
        public void Write(string line, TimeSpan timeout)
        {
            Task write = Task.Run(() => File.WriteAllText(Path, line + "\n"));
            if (!write.Wait(timeout))
            {
                using (new FileStream(Path, FileMode.Open, FileAccess.Read))
                {
                }

                throw new TimeoutException($"nobody read {Path} within {timeout}");
            }
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
