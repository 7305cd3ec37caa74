using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// The generator as its users get it: packed into a NuGet package, restored from a local feed by a
    /// project outside this repository (tests/Consumer, copied to a temporary folder), which must find
    /// its table without listing it, build without warnings, and run the generated calls.
    /// </summary>
    public sealed class PackageConsumerTests
    {
        private const string PackageId = "Interop.Generator";
        private const string Version = "0.1.0";
        private const string FeedKey = "interop-generator-local";

        [Fact]
        public void ConsumerBuiltFromThePackageRunsTheGeneratedCalls()
        {
            string work = Directory.CreateTempSubdirectory("interop-package-").FullName;
            try
            {
                string feed = Path.Combine(work, "feed");
                string project = Path.Combine(work, "Consumer");
                CopySources(Repo.Path("tests", "Consumer"), project);

                // The pack builds into the temporary folder too, so it never races a build of the repository.
                Dotnet(null, "pack", Repo.Path("generator"), "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(work, "artifacts"));
                string package = Path.Combine(feed, $"{PackageId}.{Version}.nupkg");
                Assert.True(File.Exists(package), $"{package} was not created");

                // An empty package cache: what the consumer restores can only be the package just packed.
                WriteNuGetConfig(project, feed);
                var isolated = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") };
                Dotnet(isolated, "build", project, "-c", "Release");

                string restored = Path.Combine(work, "packages", PackageId.ToLowerInvariant(), Version, $"{PackageId.ToLowerInvariant()}.{Version}.nupkg.sha512");
                Assert.Equal(Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(package))), File.ReadAllText(restored).Trim());

                string output = Path.Combine(project, "bin", "Release", "net10.0");
                Assert.False(File.Exists(Path.Combine(output, PackageId + ".dll")), "the generator must not become a run-time dependency of its consumer");

                Dictionary<string, string> printed = RunConsumer(Path.Combine(output, "Consumer"));
                Assert.Equal(printed["dotnet-pid"], printed["pid"]);
                Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), printed["ppid"]);
                Assert.Equal("17", printed["SIGCHLD"]);
                Assert.Equal("NonBlocking, CloseOnExec", printed["flags"]);
                Assert.Equal("EBADF", printed["close"]);

                AssertTableListedOnce(isolated, project);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        /// <summary>
        /// A project that lists its table itself must not get it a second time from the package (the
        /// generator would report a second table), and the generator must see RuntimeIdentifier.
        /// </summary>
        private static void AssertTableListedOnce(Dictionary<string, string> environment, string project)
        {
            string json = Dotnet(environment, "msbuild", project, "-p:ListTableExplicitly=true",
                "-getItem:AdditionalFiles", "-getItem:CompilerVisibleProperty");
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement items = document.RootElement.GetProperty("Items");

            string[] tables = items.GetProperty("AdditionalFiles").EnumerateArray().Select(i => i.GetProperty("FullPath").GetString()!).ToArray();
            Assert.Equal([Path.Combine(project, "consumer.syscalls.yaml")], tables);

            string[] properties = items.GetProperty("CompilerVisibleProperty").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!).ToArray();
            Assert.Single(properties, p => p == "RuntimeIdentifier");
        }

        /// <summary>Runs the consumer; it prints one "key=value" per line.</summary>
        private static Dictionary<string, string> RunConsumer(string executable)
        {
            RunResult run = Run.Program(executable, []);
            Assert.True(run.ExitCode == 0, run.ToString());
            return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        }

        /// <summary>
        /// A NuGet.config naming the local feed and, after a clear, the machine's own sources exactly as
        /// dotnet lists them (so a proxy or mirror configured for them still applies). Source mapping
        /// pins the generator to the local feed: a package of the same id and version elsewhere is never used.
        /// </summary>
        private static void WriteNuGetConfig(string project, string feed)
        {
            string listing = Dotnet(null, "nuget", "list", "source", "--format", "Detailed");
            var sources = Regex.Matches(listing, @"^\s*\d+\.\s+(?<name>.+?)\s+\[Enabled\]\s*\r?\n\s*(?<url>\S+)", RegexOptions.Multiline)
                .Select(m => (Name: m.Groups["name"].Value, Url: m.Groups["url"].Value))
                .ToList();

            var config = new XElement("configuration",
                new XElement("packageSources",
                    new XElement("clear"),
                    new XElement("add", new XAttribute("key", FeedKey), new XAttribute("value", feed)),
                    sources.Select(s => new XElement("add", new XAttribute("key", s.Name), new XAttribute("value", s.Url)))),
                new XElement("packageSourceMapping",
                    new XElement("packageSource", new XAttribute("key", FeedKey), new XElement("package", new XAttribute("pattern", PackageId))),
                    sources.Select(s => new XElement("packageSource", new XAttribute("key", s.Name), new XElement("package", new XAttribute("pattern", "*"))))));
            config.Save(Path.Combine(project, "NuGet.config"));
        }

        /// <summary>Copies the consumer's sources, not whatever an earlier in-place build left in bin/ or obj/.</summary>
        private static void CopySources(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (string file in Directory.GetFiles(from))
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
        }

        private static string Dotnet(Dictionary<string, string>? environment, params string[] arguments)
        {
            var variables = new Dictionary<string, string>(environment ?? [])
            {
                ["DOTNET_CLI_UI_LANGUAGE"] = "en",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            };
            RunResult result = Run.Program("dotnet", arguments, TimeSpan.FromMinutes(3), variables);
            Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{result}");
            Assert.DoesNotMatch(@"(?m): warning [A-Z]+\d+", result.Stdout);
            return result.Stdout;
        }
    }
}
