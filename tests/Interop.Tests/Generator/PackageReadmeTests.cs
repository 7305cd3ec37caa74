using System;
using System.IO;
using System.Linq;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Generator
{
    /// <summary>The package's readme (what nuget.org shows) carries the repository README's whole consumer example.</summary>
    public sealed class PackageReadmeTests
    {
        [Fact]
        public void ThePackageReadmeHasTheReadmesWholeExampleFromTheLocalFeedToDotnetRun()
        {
            string readme = File.ReadAllText(Repo.Path("README.md")).Replace("\r\n", "\n");
            string package = File.ReadAllText(Repo.Path("generator", "build", "PackageReadme.md")).Replace("\r\n", "\n");
            string section = readme.Substring(readme.IndexOf("### Using it from another project", StringComparison.Ordinal));
            int start = section.IndexOf("```sh\n", StringComparison.Ordinal);
            string example = section.Substring(start, section.IndexOf("\n```\n", start, StringComparison.Ordinal) - start);
            // The package's copy may say where the first command runs; every other line is the README's.
            string[] expected = example.Split('\n').Select(l => l.Split("  #")[0].TrimEnd()).ToArray();
            string[] actual = PackageExample(package).Split('\n').Select(l => l.Split("  #")[0].TrimEnd()).ToArray();
            Assert.Equal(expected, actual);
            Assert.Contains("dotnet nuget add source ~/interop-feed", package);
            Assert.Contains("cat > syscalls.yaml", package);
            Assert.Contains("cat > Program.cs", package);
            Assert.EndsWith("dotnet run", actual[^1]);
        }

        private static string PackageExample(string package)
        {
            int start = package.IndexOf("```sh\n", StringComparison.Ordinal);
            return package.Substring(start, package.IndexOf("\n```\n", start, StringComparison.Ordinal) - start);
        }
    }
}
