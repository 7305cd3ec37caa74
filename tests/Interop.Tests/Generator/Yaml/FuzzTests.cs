using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using Interop.Generator.Yaml;
using Xunit;

namespace Interop.Tests.Generator.Yaml
{
    public class FuzzTests
    {
        internal const string Sample =
@"# Sample syscall table, shaped like syscalls.yaml.
---
namespace: Interop.Linux
native_class: Native
library: libc

functions:
  - name: clone
    since: ""2.0""
    doc: |
      Creates a child process that starts in fn(arg) on the given stack.
      flags holds CLONE_* bits plus the exit signal in its low byte.
    returns: int
    errno: minus-one
    params:
      - { name: fn, type: pointer, doc: ""an unmanaged function int fn(void* arg)"" }
      - { name: stack, type: pointer }
      - { name: flags, type: int }
      - { name: arg, type: pointer }

  - name: pipe2
    since: 2.6.27
    doc: >-
      Creates a pipe; fds[0] is the read end,
      fds[1] the write end.
    returns: int
    params:
    - { name: fds, type: 'int*' }
    - { name: flags, type: int }

  - name: getpid
    since: '1.0'
    doc: Returns the caller's process id.   # trailing comment
    returns: int
    params: []

flags:
  - name: CloneFlags
    type: ulong
    values:
      CLONE_VM: 0x00000100
      CLONE_FS: 0x00000200
      CLONE_FILES: 0x00000400
      CLONE_NEWNS: 0x00020000
      CLONE_NEWPID: 0x20000000
    doc: |+
      Bits for clone(2).

  - name: OpenFlags
    values: { O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CLOEXEC: 0x80000 }

constants:
  SIGCHLD: 17
  EINTR: -4
  note: ""tab\there, quote \"" and \u00e9""
  list: [a, ""b"", [c, { d: e }], -1]
";

        [Fact]
        public void SampleReadsCleanly()
        {
            YamlNode? root = TestHelpers.ReadOk(Sample);
            var functions = (YamlSequence)TestHelpers.Get(root, "functions");
            Assert.Equal(3, functions.Items.Count);
            Assert.Equal("Creates a child process that starts in fn(arg) on the given stack.\nflags holds CLONE_* bits plus the exit signal in its low byte.\n",
                TestHelpers.Value(functions.Items[0], "doc").Value);
            Assert.Equal("Creates a pipe; fds[0] is the read end, fds[1] the write end.", TestHelpers.Value(functions.Items[1], "doc").Value);
            Assert.Equal("{name: fds, type: 'int*'}", TestHelpers.Dump(((YamlSequence)TestHelpers.Get(functions.Items[1], "params")).Items[0]));
            Assert.Equal("Returns the caller's process id.", TestHelpers.Value(functions.Items[2], "doc").Value);
            var flags = (YamlSequence)TestHelpers.Get(root, "flags");
            Assert.Equal("0x00020000", TestHelpers.Value(TestHelpers.Get(flags.Items[0], "values"), "CLONE_NEWNS").Value);
            Assert.Equal("Bits for clone(2).\n\n", TestHelpers.Value(flags.Items[0], "doc").Value);
            YamlNode constants = TestHelpers.Get(root, "constants");
            Assert.Equal("tab\there, quote \" and \u00e9", TestHelpers.Value(constants, "note").Value);
            Assert.Equal("[a, 'b', [c, {d: e}], -1]", TestHelpers.Dump(TestHelpers.Get(constants, "list")));
        }

        [Fact]
        public void RandomMutationsNeverThrowOrHang()
        {
            var random = new Random(20240611);
            int failures = 0;
            var total = Stopwatch.StartNew();
            for (int iteration = 0; iteration < 3000; iteration++)
            {
                string text = Sample;
                int mutations = 1 + random.Next(4);
                for (int m = 0; m < mutations; m++)
                {
                    text = Mutate(text, random);
                }

                var one = Stopwatch.StartNew();
                YamlDocument doc = YamlReader.Read(text); // an exception here fails the test
                Assert.True(one.ElapsedMilliseconds < 500, $"iteration {iteration} took {one.ElapsedMilliseconds} ms");
                CheckInvariants(text, doc, iteration);
                if (doc.Errors.Count > 0)
                {
                    failures++;
                }
            }

            Assert.True(total.Elapsed < TimeSpan.FromSeconds(20), $"3000 reads took {total.Elapsed}");
            Assert.InRange(failures, 300, 2999); // the mutations do break documents, and not all of them
        }

        [Fact]
        public void RandomGarbageNeverThrows()
        {
            var random = new Random(7);
            const string alphabet = " \t\n\r-:#[]{},'\"|>&*!%?@`\\xa0é😀.\uFEFF";
            for (int iteration = 0; iteration < 3000; iteration++)
            {
                var text = new StringBuilder();
                int length = random.Next(60);
                for (int i = 0; i < length; i++)
                {
                    text.Append(alphabet[random.Next(alphabet.Length)]);
                }

                CheckInvariants(text.ToString(), YamlReader.Read(text.ToString()), iteration);
            }
        }

        private static void CheckInvariants(string text, YamlDocument doc, int iteration)
        {
            string context = $"iteration {iteration}:\n{text}";
            Assert.True(doc.Errors.Count <= 1, context);
            if (doc.Errors.Count == 0)
            {
                return;
            }

            Assert.Null(doc.Root);
            YamlError error = doc.Errors[0];
            Assert.False(error.Message.StartsWith("Internal error", StringComparison.Ordinal), error.Message + "\n" + context);
            Assert.EndsWith(".", error.Message);
            Assert.Contains(";", error.Message); // "what is wrong; what to write instead"
            string[] lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
            Assert.InRange(error.Line, 1, lines.Length);
            Assert.InRange(error.Column, 1, lines[error.Line - 1].Length + 2);
        }

        private static readonly string[] Insertions =
        {
            "\t", "'", "\"", ":", ": ", "[", "]", "{", "}", ",", "-", "- ", "#", " #", "|", ">", "|-", "&a", "*a", "!t",
            "%", "?", "? ", "---", "...", "\\", "\\u", "\\x4", "\n", "\r\n", "\r", "  ", "\u00e9", "\U0001F600", "\uD800", "\u0000",
            "\u0085", "\uFEFF", "\u2028", "0x", "''", "\"\"", "[]", "{}", "\n- ", "\n  ", "key: ",
        };

        private static string Mutate(string text, Random random)
        {
            if (text.Length == 0)
            {
                return Insertions[random.Next(Insertions.Length)];
            }

            int at = random.Next(text.Length);
            switch (random.Next(9))
            {
                case 0: // delete a short run
                    return text.Remove(at, Math.Min(1 + random.Next(4), text.Length - at));
                case 1: // insert a YAML-significant fragment
                case 2:
                    return text.Insert(at, Insertions[random.Next(Insertions.Length)]);
                case 3: // duplicate a run of characters
                    return text.Insert(at, text.Substring(at, Math.Min(1 + random.Next(20), text.Length - at)));
                case 4: // insert a random character, anywhere in the BMP
                    return text.Insert(at, ((char)random.Next(0x10000)).ToString());
                case 5: // replace a character with another from the text
                    return text.Remove(at, 1).Insert(at, text[random.Next(text.Length)].ToString());
                case 6: // swap two lines
                case 7:
                {
                    List<string> lines = text.Split('\n').ToList();
                    int a = random.Next(lines.Count), b = random.Next(lines.Count);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    return string.Join("\n", lines);
                }
                default: // re-indent a line
                {
                    List<string> lines = text.Split('\n').ToList();
                    int line = random.Next(lines.Count);
                    lines[line] = random.Next(2) == 0 ? lines[line].TrimStart(' ') : new string(' ', random.Next(1, 5)) + lines[line];
                    return string.Join("\n", lines);
                }
            }
        }
    }
}
