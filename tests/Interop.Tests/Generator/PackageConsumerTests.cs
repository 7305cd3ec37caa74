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
    /// <summary>The generator packed once into a local feed in a temporary folder, for every consumer test.</summary>
    public sealed class PackedGenerator : IDisposable
    {
        public const string PackageId = "Interop.Generator";
        public const string Version = "0.2.0";

        public PackedGenerator()
        {
            Work = Directory.CreateTempSubdirectory("interop-package-").FullName;
            Feed = Path.Combine(Work, "feed");
            // The pack builds into the temporary folder too, so it never races a build of the repository.
            PackageConsumerTests.Dotnet(null, "pack", Repo.Path("generator"), "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(Work, "artifacts"));
            Package = Path.Combine(Feed, $"{PackageId}.{Version}.nupkg");
        }

        public string Work { get; }

        public string Feed { get; }

        public string Package { get; }

        public void Dispose() => Directory.Delete(Work, recursive: true);
    }

    /// <summary>
    /// The generator as its users get it: packed into a NuGet package, restored from a local feed by projects
    /// outside this repository: tests/Consumer (copied to a temporary folder), and projects made with
    /// <c>dotnet new</c> exactly as a new user makes them. They must find their table without listing it, build
    /// without warnings and run the generated calls; a project the generated code cannot compile in gets one
    /// diagnostic that says what to change, not errors inside generated files.
    /// </summary>
    public sealed class PackageConsumerTests(PackedGenerator packed) : IClassFixture<PackedGenerator>
    {
        private const string PackageId = PackedGenerator.PackageId;
        private const string Version = PackedGenerator.Version;
        private const string FeedKey = "interop-generator-local";

        [Fact]
        public void ConsumerBuiltFromThePackageRunsTheGeneratedCalls()
        {
            string work = Subfolder("consumer-");
            string project = Path.Combine(work, "Consumer");
            CopySources(Repo.Path("tests", "Consumer"), project);
            Assert.True(File.Exists(packed.Package), $"{packed.Package} was not created");

            // An empty package cache: what the consumer restores can only be the package just packed.
            WriteNuGetConfig(project, packed.Feed);
            var isolated = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") };
            Dotnet(isolated, "build", project, "-c", "Release");

            string restored = Path.Combine(work, "packages", PackageId.ToLowerInvariant(), Version, $"{PackageId.ToLowerInvariant()}.{Version}.nupkg.sha512");
            Assert.Equal(Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(packed.Package))), File.ReadAllText(restored).Trim());

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

        /// <summary>
        /// What a new user does: <c>dotnet new console</c>, add the package, put a syscalls.yaml beside the project.
        /// No property is added by hand (the package allows unsafe code), and the program runs.
        /// </summary>
        [Fact]
        public void AFreshConsoleProjectBuildsAndRunsWithNoExtraProperty()
        {
            string project = NewProject("console", "Fresh", framework: null);
            File.Copy(Repo.Path("tests", "Consumer", "consumer.syscalls.yaml"), Path.Combine(project, "syscalls.yaml"));
            File.WriteAllText(Path.Combine(project, "Program.cs"), """
                using Consumer.Native;
                System.Console.WriteLine($"pid={Sys.GetProcessId()}");
                try { Sys.Close(-1); } catch (ErrnoException e) when (e is System.IO.IOException) { System.Console.WriteLine($"close={e.Errno.Name()}"); }
                """);
            Dotnet(Isolated(project), "build", project, "-c", "Release");
            string csproj = File.ReadAllText(Path.Combine(project, "Fresh.csproj"));
            Assert.DoesNotContain("AllowUnsafeBlocks", csproj);

            Dictionary<string, string> printed = RunConsumer(Path.Combine(project, "bin", "Release", "net10.0", "Fresh"));
            Assert.Equal("EBADF", printed["close"]);
            Assert.True(int.Parse(printed["pid"], CultureInfo.InvariantCulture) > 0);
        }

        /// <summary>Projects the generated code cannot compile in: one SYSGEN diagnostic each, no error from a generated file.</summary>
        [Theory]
        [InlineData("net10.0", "<AllowUnsafeBlocks>false</AllowUnsafeBlocks>", "syscalls.yaml", "SYSGEN014")]
        [InlineData("netstandard2.0", "", "syscalls.yaml", "SYSGEN015")]
        [InlineData("net10.0", "", "syscalls.yml", "SYSGEN013")]
        public void AProjectTheCodeCannotCompileInGetsOneDiagnostic(string framework, string property, string tableName, string id)
        {
            string project = NewProject("classlib", "Library", framework);
            File.Copy(Repo.Path("tests", "Consumer", "consumer.syscalls.yaml"), Path.Combine(project, tableName));
            if (property.Length > 0)
            {
                string path = Path.Combine(project, "Library.csproj");
                File.WriteAllText(path, File.ReadAllText(path).Replace("</PropertyGroup>", property + "</PropertyGroup>"));
            }

            RunResult result = DotnetResult(Isolated(project), "build", project, "-c", "Release");
            string[] errors = Regex.Matches(result.Stdout, @"(?m)^.*: error (?<id>[A-Z]+\d+): .*$").Select(m => m.Value).Distinct().ToArray();
            if (id == "SYSGEN013")
            {
                // A misnamed table is an error of its own; nothing else is wrong with the project.
                Assert.True(result.ExitCode != 0, result.ToString());
            }

            Assert.True(errors.Length == 1, $"expected exactly one error, got:\n{string.Join("\n", errors)}\n{result}");
            Assert.Contains($"error {id}:", errors[0]);
            Assert.DoesNotContain(".g.cs", errors[0]);
        }

        /// <summary>
        /// InteropVerifyHeaders=true runs the packaged header probe before compiling: a right table builds, and a wrong
        /// syscall number fails the build with one SYSGEN016 at the number's line and column.
        /// </summary>
        [SkippableFact]
        public void VerifyHeadersReportsAWrongValueAtItsPosition()
        {
            Requirements.Program("/usr/bin/cc");
            Skip.If(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64, "the table below writes x86_64 numbers");
            string project = NewProject("classlib", "Checked", "net10.0");
            string path = Path.Combine(project, "Checked.csproj");
            File.WriteAllText(path, File.ReadAllText(path).Replace("</PropertyGroup>", "<InteropVerifyHeaders>true</InteropVerifyHeaders></PropertyGroup>"));
            const string Table = """
                namespace: Checked.Native
                syscalls:
                  - name: gettid
                    returns: int
                    errno: none
                    numbers: { x86_64: 186, aarch64: 178 }
                    params: []
                constants:
                  - { name: O_CLOEXEC, type: int, value: 0x80000 }

                """;
            File.WriteAllText(Path.Combine(project, "syscalls.yaml"), Table);
            Dotnet(Isolated(project), "build", project, "-c", "Release");

            File.WriteAllText(Path.Combine(project, "syscalls.yaml"), Table.Replace("x86_64: 186", "x86_64: 187"));
            RunResult result = DotnetResult(Isolated(project), "build", project, "-c", "Release");
            string[] errors = Regex.Matches(result.Stdout, @"(?m)^.*: error [A-Z]+\d+: .*$").Select(m => Regex.Replace(m.Value, @"\s*\[[^\]]*\]$", "")).Distinct().ToArray();
            Assert.True(result.ExitCode != 0 && errors.Length == 1, result.ToString());
            Assert.Contains("syscalls.yaml(6,24): error SYSGEN016: The x86_64 number of syscall gettid is 187 (0xBB) in the table, but 186 (0xBA)", errors[0]);

            // A failed check is not remembered as done: building again, unchanged, fails again.
            RunResult again = DotnetResult(Isolated(project), "build", project, "-c", "Release");
            Assert.True(again.ExitCode != 0 && again.Stdout.Contains("error SYSGEN016", StringComparison.Ordinal), again.ToString());
        }

        /// <summary>A project made by <c>dotnet new</c> in a folder of its own, with the local feed and the package added.</summary>
        private string NewProject(string template, string name, string? framework)
        {
            string folder = Path.Combine(Subfolder("new-"), name);
            var arguments = new List<string> { "new", template, "-o", folder, "-n", name, "--no-restore" };
            if (framework is not null && framework.StartsWith("net1", StringComparison.Ordinal))
            {
                arguments.AddRange(["-f", framework]);
            }

            Dotnet(null, [.. arguments]);
            if (framework is not null && !framework.StartsWith("net1", StringComparison.Ordinal))
            {
                // dotnet new offers only current frameworks: an older one is set in the project file, as a user would.
                string path = Path.Combine(folder, name + ".csproj");
                string text = Regex.Replace(File.ReadAllText(path), "<TargetFramework>[^<]*</TargetFramework>", $"<TargetFramework>{framework}</TargetFramework>");
                File.WriteAllText(path, text.Replace("<ImplicitUsings>enable</ImplicitUsings>", "").Replace("<Nullable>enable</Nullable>", ""));
                // The template's own code uses C# 10 (file-scoped namespace), which the old framework's C# 7.3 lacks.
                File.Delete(Path.Combine(folder, "Class1.cs"));
            }

            WriteNuGetConfig(folder, packed.Feed);
            string csproj = Path.Combine(folder, name + ".csproj");
            File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>",
                $"  <ItemGroup>\n    <PackageReference Include=\"{PackageId}\" Version=\"{Version}\" PrivateAssets=\"all\" />\n  </ItemGroup>\n</Project>"));
            return folder;
        }

        private string Subfolder(string prefix) =>
            Directory.CreateDirectory(Path.Combine(packed.Work, prefix + Guid.NewGuid().ToString("N"))).FullName;

        private static Dictionary<string, string> Isolated(string project) =>
            new() { ["NUGET_PACKAGES"] = Path.Combine(Path.GetDirectoryName(project)!, "packages") };

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

        internal static string Dotnet(Dictionary<string, string>? environment, params string[] arguments)
        {
            RunResult result = DotnetResult(environment, arguments);
            Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{result}");
            Assert.DoesNotMatch(@"(?m): warning [A-Z]+\d+", result.Stdout);
            return result.Stdout;
        }

        private static RunResult DotnetResult(Dictionary<string, string>? environment, params string[] arguments)
        {
            var variables = new Dictionary<string, string>(environment ?? [])
            {
                ["DOTNET_CLI_UI_LANGUAGE"] = "en",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            };
            return Run.Program("dotnet", arguments, TimeSpan.FromMinutes(3), variables);
        }
    }
}
