using System.IO;
using System.Text.Json;
using Interop.Linux;
using Interop.Runtime.Text;
using Xunit;

namespace Interop.Tests.Runtime
{
    /// <summary>Files read through the bindings keep their errno; JSON mistakes are told in our words, not the serializer's resource keys.</summary>
    public sealed class TextFilesTests
    {
        [Theory]
        [InlineData("/nonexistent/x", Errno.ENOENT)]
        [InlineData("/etc", Errno.EISDIR)]
        public void AFileThatCannotBeReadKeepsItsErrno(string path, Errno errno)
        {
            ErrnoException e = Assert.Throws<ErrnoException>(() => TextFiles.Read(path));
            Assert.Equal(errno, e.Errno);
            Assert.Equal("read " + path + ": " + errno.Message() + " (" + errno.Name() + ")", e.Message);
        }

        [Fact]
        public void AFileIsReadWholeAsUtf8()
        {
            string path = Path.GetTempFileName();
            string text = new string('é', 20000) + "\n";
            File.WriteAllText(path, text);
            Assert.Equal(text, TextFiles.Read(path));
            File.Delete(path);
        }

        [Theory]
        [InlineData("{", "line 1, column 2: the JSON ends too soon")]
        [InlineData("{\"a\": [1,\n", "line 2, column 1: the JSON ends too soon")]
        [InlineData("", "line 1, column 1: the file holds no JSON")]
        [InlineData("  \n ", "line 2, column 2: the file holds no JSON")]
        [InlineData("{\n  \"ociVersion\": x\n}", "line 2, column 17: not valid JSON here ('x')")]
        [InlineData("{\"a\": 1,}", "line 1, column 9: not valid JSON here ('}')")]
        [InlineData("{\"ociVersion\": 12}", "line 1, column 18: $.ociVersion: not of the type the format gives it")]
        public void AJsonMistakeIsToldByLineAndColumn(string json, string expected)
        {
            JsonException e = Assert.ThrowsAny<JsonException>(() => Interop.Runtime.Json.JsonModel.Parse<Interop.Runtime.Oci.OciConfig>(json));
            Assert.Equal(expected, TextFiles.DescribeJsonError(json, e));
        }
    }
}
