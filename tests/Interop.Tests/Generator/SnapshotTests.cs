using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// The exact text the generator emits for a small fixed table, against the files in Snapshots/
    /// (one per generated file, named by its hint name). Any change to an emitter shows up here as a
    /// reviewable diff of the generated code.
    /// </summary>
    /// <remarks>
    /// After an intended change to the emitted code, regenerate the snapshots and review the diff:
    /// <c>UPDATE_SNAPSHOTS=1 dotnet test tests/Interop.Tests --filter FullyQualifiedName~SnapshotTests</c>.
    /// With UPDATE_SNAPSHOTS=1 the test rewrites the files that differ (and deletes ones no longer
    /// generated) and passes; without it any difference fails. The files are excluded from the test
    /// project's compilation (they are data, and would otherwise define the table's types twice).
    /// </remarks>
    public sealed class SnapshotTests
    {
        /// <summary>A handful of items that reach every emitter and every parameter kind.</summary>
        private const string Table = """
            namespace: Snapshot.Linux
            native_class: Native
            friendly_class: Sys
            library: libc

            functions:
              - name: execve
                child: true
                since: "1.0"
                doc: Replaces the calling process image with the program at path. Returns only on failure.
                returns: int
                errno: minus-one
                params:
                  - { name: path, type: string }
                  - { name: argv, type: string-array, doc: "the arguments, argv[0] first" }
                  - { name: envp, type: string-array }

              - name: read
                since: "1.0"
                doc: Reads up to count bytes from fd into buf.
                returns: ssize_t
                errno: minus-one
                params:
                  - { name: fd, type: int }
                  - { name: buf, type: out-buffer, length: count }
                  - { name: count, type: size_t }

              - name: sethostname
                friendly: SetHostName
                since: "1.0"
                doc: Sets the hostname of the caller's UTS namespace.
                returns: int
                errno: minus-one
                params:
                  - { name: name, type: in-buffer, length: len }
                  - { name: len, type: size_t }

              - name: pthread_sigmask
                since: "1.0"
                doc: Reads and/or changes the calling thread's signal mask.
                returns: int
                errno: returned
                params:
                  - { name: how, type: int }
                  - { name: set, type: "SigSet*" }
                  - { name: oldset, type: "SigSet*" }

              - name: getpid
                since: "1.0"
                doc: Returns the caller's process id.
                returns: int
                errno: none
                params: []

            structs:
              - name: SigSet
                since: "1.0"
                doc: glibc's sigset_t.
                c: sigset_t
                size: 128
                fields:
                  - { name: bits, type: "ulong[16]", offset: 0, c: __val }

            constants:
              - { name: O_CLOEXEC, type: int, value: 0x80000, since: "2.6.23", doc: Close the descriptor on execve. }
              - { name: SIG_IGN, type: nint, value: 1, since: "1.0", doc: Ignore the signal. }

            flags:
              - name: CloneFlags
                type: ulong
                since: "1.0"
                doc: Flags for clone(2).
                values:
                  - { name: Vm, c: CLONE_VM, value: 0x00000100, since: "1.0", doc: The child shares the caller's memory. }
                  - { name: NewUts, c: CLONE_NEWUTS, value: 0x04000000, since: "2.6.19", doc: New UTS namespace. }

            errno:
              - { name: EPERM, value: 1, doc: "Operation not permitted" }
              - { name: ENOENT, value: 2, doc: "No such file or directory" }
            """;

        private static readonly string s_directory = Support.Repo.Path("tests", "Interop.Tests", "Generator", "Snapshots");

        [Fact]
        public void EmittedSourceMatchesTheSnapshots()
        {
            var (run, output, diagnostics) = GeneratorHarness.Generate(Table);
            Assert.Empty(diagnostics);
            Assert.Empty(GeneratorHarness.Errors(output));

            Dictionary<string, string> emitted = run.Results.SelectMany(r => r.GeneratedSources)
                .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
            Dictionary<string, string> stored = Directory.Exists(s_directory)
                ? Directory.GetFiles(s_directory, "*.g.cs").ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);

            var differences = new List<string>();
            foreach (KeyValuePair<string, string> file in emitted.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                if (!stored.TryGetValue(file.Key, out string? expected))
                {
                    differences.Add($"{file.Key}: generated but has no snapshot");
                }
                else if (expected != file.Value)
                {
                    differences.Add($"{file.Key}: {FirstDifference(expected, file.Value)}");
                }
            }

            differences.AddRange(stored.Keys.Where(k => !emitted.ContainsKey(k)).Select(k => $"{k}: has a snapshot but is no longer generated"));
            if (differences.Count == 0)
            {
                return;
            }

            if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
            {
                Update(emitted, stored.Keys);
                return;
            }

            Assert.Fail($"The emitted source differs from {s_directory}:\n{string.Join("\n", differences)}\n"
                + "If the change is intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff of the snapshot files.");
        }

        private static void Update(Dictionary<string, string> emitted, IEnumerable<string> stored)
        {
            Directory.CreateDirectory(s_directory);
            foreach (string stale in stored.Where(k => !emitted.ContainsKey(k)))
            {
                File.Delete(Path.Combine(s_directory, stale));
            }

            foreach (KeyValuePair<string, string> file in emitted)
            {
                File.WriteAllText(Path.Combine(s_directory, file.Key), file.Value, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
        }

        /// <summary>The first line that differs, both ways, so a failure is readable without a diff tool.</summary>
        private static string FirstDifference(string expected, string actual)
        {
            string[] want = expected.Split('\n');
            string[] got = actual.Split('\n');
            for (int i = 0; i < Math.Max(want.Length, got.Length); i++)
            {
                string? w = i < want.Length ? want[i] : null;
                string? g = i < got.Length ? got[i] : null;
                if (w != g)
                {
                    return $"line {i + 1}: snapshot {Show(w)}, generated {Show(g)}";
                }
            }

            return "they differ in line endings or encoding only";
        }

        private static string Show(string? line) => line is null ? "(end of file)" : $"\"{line.TrimEnd('\r')}\"";
    }
}
