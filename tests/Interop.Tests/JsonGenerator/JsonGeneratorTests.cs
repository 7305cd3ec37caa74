using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Interop.JsonGenerator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static Interop.Tests.JsonGenerator.JsonGeneratorHarness;

namespace Interop.Tests.JsonGenerator
{
    /// <summary>json-generator: every shape it accepts compiles warning-free and round-trips; every mistake is one diagnostic at its place; the steps cache.</summary>
    public sealed class JsonGeneratorTests
    {
        private const string EveryShape = """
            using System.Collections.Generic;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using Interop.Runtime.Json;

            namespace Sample
            {
                [JsonModel]
                public sealed partial class Everything
                {
                    public string? Text { get; init; }
                    public string Named { get; init; } = "initial";
                    public bool Flag { get; init; }
                    public int Int { get; init; }
                    public uint UInt { get; set; }
                    public long Long { get; init; }
                    public ulong ULong { get; init; }
                    public ushort UShort { get; init; }
                    public int? MaybeInt { get; init; }
                    public ushort? MaybeUShort { get; init; }
                    public bool? MaybeFlag { get; init; }
                    public JsonElement? Anything { get; init; }
                    public Inner? Child { get; init; }
                    public string[]? Words { get; init; }
                    public uint[][]? Grid { get; init; }
                    public IReadOnlyList<Inner> Children { get; init; } = [];
                    public List<string?>? Maybes { get; init; }
                    public Dictionary<string, string>? Labels { get; init; }
                    public IReadOnlyDictionary<string, ulong>? Sizes { get; init; }
                    [JsonPropertyName("hostID")]
                    public uint HostId { get; init; }
                    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
                    public string? Optional { get; init; }
                    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
                    public int Pid { get; init; }
                    [JsonIgnore]
                    public string? Hidden { get; init; }
                    public string Computed => "not written";
                    public string URLValue { get; init; } = "";
                    public string ID { get; init; } = "";
                    public bool V1 { get; init; }
                }

                [JsonModel]
                public sealed partial record Inner
                {
                    public string? Name { get; init; }
                }
            }
            """;

        [Fact]
        public void EveryAcceptedShapeCompilesWarningFreeAndRoundTrips()
        {
            Assembly assembly = Build(EveryShape);
            Type everything = assembly.GetType("Sample.Everything")!;
            string json = """
                {"TEXT":"a\"b","flag":true,"int":-3,"uInt":4000000000,"long":-9000000000,"uLong":18446744073709551615,"uShort":65535,
                 "maybeInt":null,"maybeUShort":7,"maybeFlag":false,"anything":{"x":[1,2]},"child":{"name":"c"},"words":["w",null],
                 "grid":[[1],[2,3]],"children":[{"name":"x"},null],"maybes":[null,"m"],"labels":{"k":"v","k":"last"},"sizes":{"2MB":1},
                 "hostid":9,"optional":null,"pid":0,"hidden":"h","computed":"ignored","unknown":{"deep":[{}]},"urlValue":"u","id":"i","v1":true}
                """;
            object value = Parse(everything, json)!;
            string written = Write(value);
            Assert.Equal(
                """{"text":"a\u0022b","named":"initial","flag":true,"int":-3,"uInt":4000000000,"long":-9000000000,"uLong":18446744073709551615,"uShort":65535,"maybeInt":null,"maybeUShort":7,"maybeFlag":false,"anything":{"x":[1,2]},"child":{"name":"c"},"words":["w",null],"grid":[[1],[2,3]],"children":[{"name":"x"},null],"maybes":[null,"m"],"labels":{"k":"last"},"sizes":{"2MB":1},"hostID":9,"urlValue":"u","id":"i","v1":true}""",
                written);

            // What is written reads back as the same.
            Assert.Equal(written, Write(Parse(everything, written)!));
        }

        [Theory]
        [InlineData("""{"int":"1"}""", "$.int")]
        [InlineData("""{"uShort":65536}""", "$.uShort")]
        [InlineData("""{"uInt":-1}""", "$.uInt")]
        [InlineData("""{"int":1.0}""", "$.int")]
        [InlineData("""{"flag":null}""", "$.flag")]
        [InlineData("""{"words":"w"}""", "$.words")]
        [InlineData("""{"grid":[[1],[2,"3"]]}""", "$.grid[1][1]")]
        [InlineData("""{"children":[{"name":1}]}""", "$.children[0].name")]
        [InlineData("""{"labels":{"a b":2}}""", "$.labels['a b']")]
        [InlineData("""{"child":[]}""", "$.child")]
        public void AValueOfTheWrongTypeIsAJsonExceptionWithThePath(string json, string path)
        {
            Type everything = Build(EveryShape).GetType("Sample.Everything")!;
            JsonException e = Assert.Throws<JsonException>(() => Parse(everything, json));
            Assert.Equal(path, e.Path);
        }

        [Theory]
        [InlineData("public double Ratio { get; init; }", "NSJSON001", "Ratio")]
        [InlineData("public System.DateTime When { get; init; }", "NSJSON001", "When")]
        [InlineData("public System.Collections.Generic.Dictionary<int, string>? ByNumber { get; init; }", "NSJSON001", "ByNumber")]
        [InlineData("public NotAModel? Other { get; init; }", "NSJSON001", "Other")]
        public void AnUnsupportedPropertyIsOneDiagnosticAtTheProperty(string property, string id, string name)
        {
            string source = $$"""
                using Interop.Runtime.Json;
                public sealed class NotAModel { }
                [JsonModel]
                public sealed partial class Model
                {
                    public string? Fine { get; init; }
                    {{property}}
                }
                """;
            (ImmutableArray<Diagnostic> diagnostics, Compilation output) = Run(source);
            Diagnostic d = Assert.Single(diagnostics);
            Assert.Equal(id, d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Contains(name, d.GetMessage());
            FileLinePositionSpan where = d.Location.GetLineSpan();
            Assert.Equal("/project/File0.cs", where.Path);
            Assert.Equal(6, where.StartLinePosition.Line);
            Assert.Equal(source.Split('\n')[6].IndexOf(name, StringComparison.Ordinal), where.StartLinePosition.Character);

            // No code for the class, so no cascade of compile errors: the diagnostic is the one error.
            Assert.Empty(output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error));
        }

        [Theory]
        [InlineData("[JsonModel] public sealed class Model { public string? A { get; init; } }", "NSJSON002")]
        [InlineData("public static partial class Outer { [JsonModel] public sealed partial class Model { public string? A { get; init; } } }", "NSJSON002")]
        [InlineData("[JsonModel] public sealed partial class Model<T> { public string? A { get; init; } }", "NSJSON002")]
        [InlineData("[JsonModel] public sealed partial class Model { public Model(int a) { } public string? A { get; init; } }", "NSJSON003")]
        public void AClassTheGeneratorCannotFillIsOneDiagnostic(string declaration, string id)
        {
            (ImmutableArray<Diagnostic> diagnostics, Compilation output) = Run("using Interop.Runtime.Json;\n" + declaration);
            Diagnostic d = Assert.Single(diagnostics);
            Assert.Equal(id, d.Id);
            Assert.Equal("/project/File0.cs", d.Location.GetLineSpan().Path);
            Assert.Equal(1, d.Location.GetLineSpan().StartLinePosition.Line);
            Assert.Empty(output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void CamelCaseNamesAreSystemTextJsonsCamelCase()
        {
            string[] names = ["Text", "URLValue", "ID", "V1", "CgroupsPath", "OomScoreAdj", "IOPriority", "A", "ABCdef", "X_Y"];
            string properties = string.Concat(names.Select(n => $"public int {n} {{ get; init; }}\n"));
            Type model = Build($$"""
                [Interop.Runtime.Json.JsonModel]
                public sealed partial class Names
                {
                {{properties}}
                }
                """).GetType("Names")!;
            string written = Write(Activator.CreateInstance(model)!);
            string expected = "{" + string.Join(",", names.Select(n => "\"" + JsonNamingPolicy.CamelCase.ConvertName(n) + "\":0")) + "}";
            Assert.Equal(expected, written);
        }

        [Fact]
        public void KeywordNamesAndNamesNoLiteralHoldAsTheyAreCompileAndRoundTrip()
        {
            // A property named like a keyword, and JSON names with quotes, backslashes, controls, a
            // line separator (a line end in C# source) and a lone surrogate: the emitted code must compile.
            Type model = Build("""
                [Interop.Runtime.Json.JsonModel]
                public sealed partial class Odd
                {
                    public string? @class { get; init; }
                    [System.Text.Json.Serialization.JsonPropertyName("a\"b\\c\u2028d\u0001e\ud800")]
                    public int Strange { get; init; }
                }
                """).GetType("Odd")!;
            object value = Parse(model, "{\"class\":\"k\",\"a\\\"b\\\\c\\u2028d\\u0001e\":5}")!;
            Assert.Equal("k", model.GetProperty("class")!.GetValue(value));

            // The odd name is written as Utf8JsonWriter escapes it (a lone surrogate as U+FFFD).
            var expected = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(expected))
            {
                writer.WriteStartObject();
                writer.WriteString("class", "k");
                writer.WriteNumber("a\"b\\c\u2028d\u0001e\ud800", 0);
                writer.WriteEndObject();
            }

            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.WrittenSpan), Write(value));
        }

        [Fact]
        public void UnrelatedSourceEditLeavesEveryStepCachedOrUnchanged()
        {
            CSharpCompilation compilation = Compilation(EveryShape, "class A { }");
            GeneratorDriver driver = Driver().RunGenerators(compilation);
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText("class A { int x; }", path: "/project/File1.cs"));
            GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();
            foreach (string step in new[] { JsonModelGenerator.TrackingNames.Models, JsonModelGenerator.TrackingNames.Sources })
            {
                Assert.True(second.TrackedSteps.ContainsKey(step), "step not tracked: " + step);
                Assert.All(second.TrackedSteps[step].SelectMany(s => s.Outputs), o =>
                    Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
            }
        }

        [Fact]
        public void EditingOneModelRegeneratesOnlyThatModel()
        {
            const string first = "[Interop.Runtime.Json.JsonModel] public sealed partial class First { public string? A { get; init; } }";
            const string second = "[Interop.Runtime.Json.JsonModel] public sealed partial class Second { public string? B { get; init; } }";
            CSharpCompilation compilation = Compilation(first, second);
            GeneratorDriver driver = Driver().RunGenerators(compilation);
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
                CSharpSyntaxTree.ParseText(first.Replace("string? A", "string? Renamed"), path: "/project/File0.cs"));
            GeneratorRunResult run = driver.RunGenerators(edited).GetRunResult().Results.Single();
            IncrementalStepRunReason[] reasons = run.TrackedSteps[JsonModelGenerator.TrackingNames.Sources].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
            Assert.Equal(2, reasons.Length);
            Assert.Single(reasons, r => r == IncrementalStepRunReason.Modified);
            Assert.Single(reasons, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
            Assert.Contains("\"renamed\"", run.GeneratedSources.Single(s => s.HintName == "First.Json.g.cs").SourceText.ToString());
        }
    }
}
