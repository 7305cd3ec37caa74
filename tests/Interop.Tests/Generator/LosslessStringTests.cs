using System;
using System.IO;
using System.Linq;
using System.Text;
using Interop.Linux;
using Xunit;
using LibC = Tmds.Linux.LibC;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// The generated NativeStrings (here the runtime's copy, generated from syscalls.yaml) carries bytes that are
    /// not UTF-8 through strings losslessly, with PEP 383 "surrogateescape", and refuses what C cannot hold.
    /// </summary>
    public sealed unsafe class LosslessStringTests
    {
        [Fact]
        public void EveryByteThatIsNotUtf8DecodesToItsSurrogateAndEncodesBack()
        {
            for (int b = 0x80; b <= 0xFF; b++)
            {
                string decoded = NativeStrings.Decode([(byte)b]);
                Assert.Equal(((char)(0xDC00 + b)).ToString(), decoded);
                Assert.Equal([(byte)b], EncodeToArray(decoded));
            }
        }

        [Theory]
        // Python: b"...".decode("utf-8", "surrogateescape") gives these; valid sequences stay text.
        [InlineData(new byte[] { 0x61, 0xE2, 0x82, 0xAC }, "a\\u20AC")]
        [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, "\\uD83D\\uDE00")]
        [InlineData(new byte[] { 0xE2, 0x82, 0x41 }, "\\uDCE2\\uDC82A")]
        [InlineData(new byte[] { 0xED, 0xB3, 0x80 }, "\\uDCED\\uDCB3\\uDC80")]
        [InlineData(new byte[] { 0xC0, 0xAF }, "\\uDCC0\\uDCAF")]
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, "\\uDCF4\\uDC90\\uDC80\\uDC80")]
        [InlineData(new byte[] { 0xE0, 0x9F, 0xBF }, "\\uDCE0\\uDC9F\\uDCBF")]
        [InlineData(new byte[] { 0xC3, 0xA9, 0xFF }, "\\u00E9\\uDCFF")]
        public void DecodesAsSurrogateescapeDoes(byte[] bytes, string escapedExpected)
        {
            string expected = Unescape(escapedExpected);
            Assert.Equal(expected, NativeStrings.Decode(bytes));
            Assert.Equal(bytes, EncodeToArray(expected));
        }

        [Fact]
        public void RandomBytesRoundTripExactly()
        {
            var random = new Random(20261202);
            byte[][] pieces = [[0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xED, 0xA0, 0x80], [0x2F], [0x61]];
            for (int i = 0; i < 5000; i++)
            {
                var bytes = new System.Collections.Generic.List<byte>();
                int parts = random.Next(0, 12);
                for (int p = 0; p < parts; p++)
                {
                    if (random.Next(2) == 0)
                    {
                        bytes.Add((byte)random.Next(1, 256));
                    }
                    else
                    {
                        byte[] piece = pieces[random.Next(pieces.Length)];
                        // Sometimes a truncated sequence, which is not valid UTF-8.
                        bytes.AddRange(piece.Take(random.Next(1, piece.Length + 1)));
                    }
                }

                byte[] original = bytes.ToArray();
                string decoded = NativeStrings.Decode(original);
                Assert.Equal(original, EncodeToArray(decoded));
                Assert.Equal(original.Length, NativeStrings.GetByteCount(decoded));
                if (new UTF8Encoding(false, true) is var strict && IsValidUtf8(strict, original))
                {
                    Assert.Equal(strict.GetString(original), decoded);
                }
            }
        }

        [Theory]
        [InlineData("\\uD800")]
        [InlineData("a\\uDBFFb")]
        [InlineData("\\uDC7F")]
        [InlineData("\\uDD00")]
        [InlineData("\\uDE00\\uD83D")]
        public void OtherLoneSurrogatesAreRefused(string escapedValue)
        {
            string value = Unescape(escapedValue);
            var e = Assert.Throws<ArgumentException>(() => NativeStrings.GetByteCount(value, "path"));
            Assert.Equal("path", e.ParamName);
            Assert.Contains("lone surrogate", e.Message);
            Assert.Throws<ArgumentException>(() => Sys.Mkdir(Path.Combine(Path.GetTempPath(), value), 0x1C0));
        }

        [Fact]
        public void AnEmbeddedNulIsRefused()
        {
            var e = Assert.Throws<ArgumentException>(() => Sys.Mkdir("/tmp/a\0b", 0x1C0));
            Assert.Equal("path", e.ParamName);
        }

        /// <summary>
        /// Through a real syscall: a name made of every byte 0x80-0xFF, decoded, given to Sys.Mkdir and checked
        /// with Tmds.LibC's lstat on the raw bytes. Paths below and above the 256-byte stack buffer take both paths.
        /// </summary>
        [Theory]
        [InlineData(0)]
        [InlineData(255)]
        [InlineData(256)]
        [InlineData(600)]
        public void MkdirCreatesExactlyTheBytesOfTheDecodedName(int totalLength)
        {
            string root = Directory.CreateTempSubdirectory("lossless").FullName;
            byte[]? created = null;
            try
            {
                // A parent directory that brings the whole path to totalLength bytes (when that is longer than the name).
                byte[] name = Enumerable.Range(0x80, 0x80).Select(b => (byte)b).ToArray();
                string parent = root;
                int padding = totalLength - (Encoding.UTF8.GetByteCount(root) + 1 + name.Length);
                while (padding > 0)
                {
                    int segment = Math.Min(200, Math.Max(1, padding - 1));
                    parent = Path.Combine(parent, new string('p', segment));
                    Directory.CreateDirectory(parent);
                    padding -= segment + 1;
                }

                byte[] parentBytes = Encoding.UTF8.GetBytes(parent);
                byte[] pathBytes = [.. parentBytes, (byte)'/', .. name];
                if (totalLength > 0)
                {
                    Assert.InRange(pathBytes.Length, totalLength - 1, totalLength);
                }

                string path = parent + "/" + NativeStrings.Decode(name);
                Sys.Mkdir(path, 0x1C0);
                created = [.. pathBytes, 0];

                Tmds.Linux.stat st;
                fixed (byte* raw = (byte[])[.. pathBytes, 0])
                {
                    Assert.Equal(0, LibC.lstat(raw, &st));
                }

                // The only entry is the one created, so the kernel saw exactly these bytes and nothing else.
                Assert.Single(Directory.EnumerateFileSystemEntries(parent), e => !Path.GetFileName(e).StartsWith('p'));

                // Creating it again through the same string fails with EEXIST: the encoding is deterministic.
                var again = Assert.Throws<ErrnoException>(() => Sys.Mkdir(path, 0x1C0));
                Assert.Equal(Errno.EEXIST, again.Errno);
            }
            finally
            {
                // .NET cannot name this directory (it decodes names with replacement), so remove it by its bytes.
                if (created is not null)
                {
                    fixed (byte* raw = created)
                    {
                        LibC.rmdir(raw);
                    }
                }

                Directory.Delete(root, recursive: true);
            }
        }

        /// <summary>Test data carries \\uXXXX as text: xunit replaces lone surrogates in serialized test data.</summary>
        private static string Unescape(string s) => System.Text.RegularExpressions.Regex.Unescape(s);

        private static byte[] EncodeToArray(string value)
        {
            var buffer = new byte[NativeStrings.GetByteCount(value)];
            Assert.Equal(buffer.Length, NativeStrings.Encode(value, buffer));
            return buffer;
        }

        private static bool IsValidUtf8(UTF8Encoding strict, byte[] bytes)
        {
            try
            {
                strict.GetString(bytes);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }
    }
}
