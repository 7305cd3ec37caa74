using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Interop.Runtime.Oci;
using Interop.Runtime.Oci.Hooks;
using Interop.Runtime.Seccomp;
using Xunit;

namespace Interop.Tests.Runtime.Json
{
    /// <summary>
    /// The readers and writers under test (<see cref="Ours"/>) against System.Text.Json's source
    /// generator with the options the product had (<see cref="OracleOciJsonContext"/> and the rest), on
    /// random documents from fixed seeds (<see cref="RandomJson"/>), valid and mutated: the same value, or
    /// the same JsonException (path, line, byte position in the line). A disagreement fails with the
    /// document, both outcomes and the seed that makes it again.
    /// </summary>
    public sealed class JsonModelDifferentialTests
    {
        // Whether a JsonException's LineNumber and BytePositionInLine must be the oracle's too (the path always must).
        private static readonly bool s_comparePositions = true;

        // ---- Readers: random documents ----

        [Fact]
        public void ConfigValidDocumentsReadAsTheOracleReadsThem()
        {
            var emitted = new HashSet<string>(StringComparer.Ordinal);
            Differential(nameof(RandomJson.Config), 1, 3000, false, seed => RandomJson.Config(seed, false, emitted), OracleOciJsonContext.Default.OciConfig, Ours.ReadConfig);

            // The documents reached every member of the model (the shape is the oracle's metadata).
            string[] missed = RandomJson.ConfigShape.Paths().Where(p => !emitted.Contains(p)).ToArray();
            Assert.True(missed.Length == 0, "never generated: " + string.Join(", ", missed));
        }

        [Fact]
        public void ConfigMutatedDocumentsFailAsTheOracleFails() =>
            Differential(nameof(RandomJson.Config), 1_000_001, 3000, true, seed => RandomJson.Config(seed, true), OracleOciJsonContext.Default.OciConfig, Ours.ReadConfig);

        [Fact]
        public void ResourcesDocumentsReadAsTheOracleReadsThem()
        {
            Differential(nameof(RandomJson.Resources), 2_000_001, 600, false, seed => RandomJson.Resources(seed, false), OracleOciJsonContext.Default.OciResources, Ours.ReadResources);
            Differential(nameof(RandomJson.Resources), 2_100_001, 600, true, seed => RandomJson.Resources(seed, true), OracleOciJsonContext.Default.OciResources, Ours.ReadResources);
        }

        [Fact]
        public void ProcessDocumentsReadAsTheOracleReadsThem()
        {
            Differential(nameof(RandomJson.Process), 3_000_001, 600, false, seed => RandomJson.Process(seed, false), OracleOciJsonContext.Default.OciProcess, Ours.ReadProcess);
            Differential(nameof(RandomJson.Process), 3_100_001, 600, true, seed => RandomJson.Process(seed, true), OracleOciJsonContext.Default.OciProcess, Ours.ReadProcess);
        }

        [Fact]
        public void SeccompDocumentsReadAsTheOracleReadsThem()
        {
            Differential(nameof(RandomJson.Seccomp), 4_000_001, 600, false, seed => RandomJson.Seccomp(seed, false), OracleOciJsonContext.Default.OciSeccomp, Ours.ReadSeccomp);
            Differential(nameof(RandomJson.Seccomp), 4_100_001, 600, true, seed => RandomJson.Seccomp(seed, true), OracleOciJsonContext.Default.OciSeccomp, Ours.ReadSeccomp);
        }

        [Fact]
        public void StateDocumentsReadAsTheOracleReadsThem()
        {
            Differential(nameof(RandomJson.StateText), 5_000_001, 600, false, seed => RandomJson.StateText(seed, false), OracleOciStateJsonContext.Default.OciState, Ours.ReadState);
            Differential(nameof(RandomJson.StateText), 5_100_001, 600, true, seed => RandomJson.StateText(seed, true), OracleOciStateJsonContext.Default.OciState, Ours.ReadState);
        }

        [Fact]
        public void StartHooksDocumentsReadAsTheOracleReadsThem()
        {
            Differential(nameof(RandomJson.StartHooksText), 6_000_001, 600, false, seed => RandomJson.StartHooksText(seed, false), OracleOciStateJsonContext.Default.StartContainerHooks, Ours.ReadStartHooks);
            Differential(nameof(RandomJson.StartHooksText), 6_100_001, 600, true, seed => RandomJson.StartHooksText(seed, true), OracleOciStateJsonContext.Default.StartContainerHooks, Ours.ReadStartHooks);
        }

        // ---- Writers: random objects ----

        [Fact]
        public void StateIsWrittenAsTheOracleWritesItAndReadsBack()
        {
            for (int seed = 0; seed < 1500; seed++)
            {
                OciState state = RandomJson.State(new Random(seed));
                string? written = Written(nameof(RandomJson.State), seed, state, OracleOciStateJsonContext.Default.OciState, Ours.WriteState);
                if (written is not null)
                {
                    ReadsBack(nameof(RandomJson.State), seed, state, written, OracleOciStateJsonContext.Default.OciState, Ours.ReadState);
                }
            }
        }

        [Fact]
        public void StartHooksAreWrittenAsTheOracleWritesThemAndReadBack()
        {
            for (int seed = 0; seed < 1500; seed++)
            {
                StartContainerHooks hooks = RandomJson.StartHooks(new Random(seed));
                string? written = Written(nameof(RandomJson.StartHooks), seed, hooks, OracleOciStateJsonContext.Default.StartContainerHooks, Ours.WriteStartHooks);
                if (written is not null)
                {
                    ReadsBack(nameof(RandomJson.StartHooks), seed, hooks, written, OracleOciStateJsonContext.Default.StartContainerHooks, Ours.ReadStartHooks);
                }
            }
        }

        [Fact]
        public void ProcessStateIsWrittenAsTheOracleWritesIt()
        {
            for (int seed = 0; seed < 1500; seed++)
            {
                Written(nameof(RandomJson.ProcessState), seed, RandomJson.ProcessState(new Random(seed)), OracleSeccompJsonContext.Default.SeccompProcessState, Ours.WriteProcessState);
            }
        }

        [Fact]
        public void FeaturesAreWrittenAsTheOracleWritesThem()
        {
            Written("OciFeatures.Current", 0, OciFeatures.Current("0.1.0"), OracleOciFeaturesJsonContext.Default.OciFeatures, Ours.WriteFeatures);
            for (int seed = 0; seed < 500; seed++)
            {
                Written(nameof(RandomJson.Features), seed, RandomJson.Features(new Random(seed)), OracleOciFeaturesJsonContext.Default.OciFeatures, Ours.WriteFeatures);
            }
        }

        // ---- Fixed cases: literal outcomes, so that a reader that agrees with nothing cannot pass ----

        [Theory]
        [InlineData("{\"ociVersion\": 12}", "$.ociVersion", 0, 17)]
        [InlineData("{\"process\":{\"user\":{\"uid\":-1}}}", "$.process.user.uid", 0, 28)]
        [InlineData("{\"mounts\":[{\"destination\":\"/a\"},{\"options\":[1]}]}", "$.mounts[1].options[0]", 0, 45)]
        [InlineData("{\n  \"root\": {\n    \"readonly\": null\n  }\n}", "$.root.readonly", 2, 20)]
        [InlineData("{\"OCIVERSION\": true}", "$.OCIVERSION", 0, 19)]
        [InlineData("{\"annotations\":{\"org.a\":1}}", "$.annotations['org.a']", 0, 25)]
        [InlineData("{\"linux\":{\"resources\":{\"blockIO\":{\"weight\":70000}}}}", "$.linux.resources.blockIO.weight", 0, 48)]
        [InlineData("{\"linux\":{\"uidMappings\":{}}}", "$.linux.uidMappings", 0, 25)]
        [InlineData("{\"process\":{\"user\":{\"uid\":1e3}}}", "$.process.user.uid", 0, 29)]
        [InlineData("{\"process\":{\"user\":{\"uid\":1.5}}}", "$.process.user.uid", 0, 29)]
        [InlineData("{\"process\":{\"terminal\":\"true\"}}", "$.process.terminal", 0, 29)]
        [InlineData("{\"ociVersion\":\"1.0.2\"} x", "$", 0, 23)]
        [InlineData("{}{}", "$", 0, 2)]
        [InlineData("{\"ociVersion\":\"1.0.2\"", "$", 0, 21)]
        [InlineData("{\"ociVersion\":\"1.0", "$.ociVersion", 0, 18)]
        [InlineData("{\"process\":{\"user\":{\"uid\":-0}}}", "$.process.user.uid", 0, 28)]
        [InlineData("{\"process\":{\"user\":{\"uid\":\n\n   \"x\"}}}", "$.process.user.uid", 2, 6)]
        [InlineData("{\"m\u00e9\":1, \"o\\u0063iVersion\": 12}", "$.ociVersion", 0, 31)]
        [InlineData("{\"annotations\":{\"\":1}}", "$.annotations.", 0, 20)]
        [InlineData("{\"annotations\":{\"\\ud800\":\"x\"}}", "$.annotations", 0, 25)]
        [InlineData("{\"ociVersion\":\"\\ud800\"}", "$.ociVersion", 0, 22)]
        [InlineData("\uFEFF{}", "$", 0, 0)]
        [InlineData("{\"a\":1,}", "$", 0, 7)]
        public void ConfigErrorsHaveTheirPathAndPosition(string json, string path, long line, long bytePosition)
        {
            JsonException e = Assert.Throws<JsonException>(() => Ours.ReadConfig(json));
            Assert.Equal(path, e.Path);
            Assert.Equal(line, e.LineNumber);
            Assert.Equal(bytePosition, e.BytePositionInLine);
        }

        [Fact]
        public void ConfigNamesMatchCaseInsensitivelyAndUnknownMembersAreSkipped()
        {
            OciConfig config = Ours.ReadConfig(
                "{\"OCIVERSION\":\"1.0.2\",\"x\":{\"y\":[1,{\"z\":null}]},\"Process\":{\"USER\":{\"UID\":5,\"gid\":6},\"unknown\":[]}," +
                "\"linux\":{\"UIDMAPPINGS\":[{\"containerid\":0,\"HOSTID\":1000,\"Size\":1}],\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"}},\"root\":{\"path\":\"r\",\"ReadOnly\":true,\"extra\":[{}]}}")!;
            Assert.Equal("1.0.2", config.OciVersion);
            Assert.Equal(5u, config.Process!.User!.Uid);
            Assert.Equal(6u, config.Process.User.Gid);
            Assert.Null(config.Process.User.Umask);
            OciIdMapping mapping = Assert.Single(config.Linux!.UidMappings!);
            Assert.Equal((0u, 1000u, 1u), (mapping.ContainerId, mapping.HostId, mapping.Size));
            Assert.Equal("1", config.Linux.Sysctl!["net.ipv4.ip_forward"]);
            Assert.True(config.Root!.ReadOnly);
            Assert.Equal("r", config.Root.Path);
            Assert.Null(config.Mounts);
        }

        [Fact]
        public void AbsentAndNullJsonElementsAreNull()
        {
            Assert.Null(Ours.ReadConfig("{}")!.Vm);
            Assert.Null(Ours.ReadConfig("{\"vm\":null}")!.Vm);
            OciConfig present = Ours.ReadConfig("{\"vm\":{\"hypervisor\":{}}}")!;
            Assert.Equal(JsonValueKind.Object, present.Vm!.Value.ValueKind);
            Assert.Equal("{\"hypervisor\":{}}", present.Vm.Value.GetRawText());

            // A JsonElement keeps what a string member would refuse.
            Assert.Equal("\"\\ud800\"", Ours.ReadConfig("{\"vm\":\"\\ud800\"}")!.Vm!.Value.GetRawText());
        }

        [Fact]
        public void ADuplicateMemberReplacesTheFirst()
        {
            Assert.Equal("b", Ours.ReadConfig("{\"ociVersion\":\"a\",\"OCIVERSION\":\"b\"}")!.OciVersion);

            // Replaced, not merged.
            OciRoot root = Ours.ReadConfig("{\"root\":{\"path\":\"a\"},\"root\":{\"readonly\":true}}")!.Root!;
            Assert.Null(root.Path);
            Assert.True(root.ReadOnly);
            Assert.Equal(["b"], Ours.ReadConfig("{\"annotations\":{\"a\":\"1\"},\"annotations\":{\"b\":\"2\"}}")!.Annotations!.Keys);

            // A duplicate key: the last value, at the first one's place.
            Assert.Equal(
                [new KeyValuePair<string, string>("a", "2"), new KeyValuePair<string, string>("b", "3")],
                Ours.ReadConfig("{\"annotations\":{\"a\":\"1\",\"b\":\"3\",\"a\":\"2\"}}")!.Annotations!.ToArray());
        }

        [Fact]
        public void LettersThatCaseFoldToAsciiOnesAreNotMatched()
        {
            // Go's encoding/json matches the Kelvin sign as k and the long s as s; the serializer does not.
            Assert.Null(Ours.ReadConfig("{\"oc\u0131Version\":\"x\"}")!.OciVersion);
            Assert.Null(Ours.ReadConfig("{\"linux\":{\"\u017fysctl\":{}}}")!.Linux!.Sysctl);
            Assert.Null(Ours.ReadConfig("{\"linux\":{\"resources\":{\"memory\":{\"\u212aernel\":5}}}}")!.Linux!.Resources!.Memory!.Kernel);
        }

        [Fact]
        public void MinusZeroIsAnIntegerButNotAnUnsignedOne()
        {
            Assert.Equal(0, Ours.ReadConfig("{\"process\":{\"oomScoreAdj\":-0}}")!.Process!.OomScoreAdj);
            Assert.Equal(0, Ours.ReadConfig("{\"linux\":{\"resources\":{\"pids\":{\"limit\":-0}}}}")!.Linux!.Resources!.Pids!.Limit);
            Assert.Throws<JsonException>(() => Ours.ReadConfig("{\"linux\":{\"resources\":{\"cpu\":{\"shares\":-0}}}}"));
        }

        [Fact]
        public void StateNamesMatchIgnoringCaseAndAbsentFieldsKeepTheirInitializers()
        {
            // On purpose different from the serializer's context (docs/json.md): names match ignoring
            // case, as for every model, and an absent field keeps the initializer's value where the
            // source generator set every init-only member to its type's default (null for the status).
            OciState state = Ours.ReadState("{\"ID\":\"a\",\"pid\":7,\"bundle\":\"/b\",\"annotations\":{\"k\":\"v\"}}")!;
            Assert.Equal("a", state.Id);
            Assert.Equal(7, state.Pid);
            Assert.Equal("/b", state.Bundle);
            Assert.Equal("v", state.Annotations!["k"]);
            Assert.Equal(OciState.Creating, state.Status);
            Assert.Equal(OciBundle.SpecVersion, state.OciVersion);
            Assert.Null(JsonSerializer.Deserialize("{}", OracleOciStateJsonContext.Default.OciState)!.Status);

            StartContainerHooks hooks = Ours.ReadStartHooks("{}")!;
            Assert.Empty(hooks.Hooks);
            Assert.Equal(OciState.Creating, hooks.State.Status);
        }

        [Fact]
        public void StateIsWrittenOnOneLineEscapedAsTheSerializerEscapes()
        {
            var state = new OciState { Id = "a\"<b>&+'\\\n\u0001é", Status = OciState.Created, Bundle = "/b" };
            Assert.Equal(
                "{\"ociVersion\":\"1.2.0\",\"id\":\"a\\u0022\\u003Cb\\u003E\\u0026\\u002B\\u0027\\\\\\n\\u0001\\u00E9\",\"status\":\"created\",\"bundle\":\"/b\"}",
                Ours.WriteState(state));
            var running = new OciState { Id = "c", Status = OciState.Running, Pid = 42, Bundle = "/b", Annotations = new() { ["k"] = "v" } };
            Assert.Equal("{\"ociVersion\":\"1.2.0\",\"id\":\"c\",\"status\":\"running\",\"pid\":42,\"bundle\":\"/b\",\"annotations\":{\"k\":\"v\"}}", Ours.WriteState(running));
        }

        [Fact]
        public void FeaturesAreIndentedByFour()
        {
            string json = Ours.WriteFeatures(new OciFeatures { Hooks = ["prestart"] });
            Assert.StartsWith("{\n    \"ociVersionMin\": \"1.0.0\",\n    \"ociVersionMax\": \"1.2.0\",\n    \"hooks\": [\n        \"prestart\"\n    ],\n    \"mountOptions\": [],\n", json, StringComparison.Ordinal);
        }

        // ---- The comparison ----

        /// <summary>
        /// The oracle's value as json-generator means to read it: where a property with an initializer
        /// is absent from the document, the source generator set its type's default and json-generator
        /// keeps the initializer (docs/json.md, on purpose); this puts the initializer's value back, by
        /// System.Text.Json's name matching (ASCII case folded, the last of a repeated name).
        /// </summary>
        private static T? KeepInitializers<T>(T? value, string json, JsonShape shape)
            where T : class
        {
            if (value is not null)
            {
                using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
                KeepInitializers(value, document.RootElement, shape);
            }

            return value;
        }

        private static void KeepInitializers(object? value, JsonElement element, JsonShape shape)
        {
            if (value is null)
            {
                return;
            }

            if (shape.Kind == JsonShapeKind.Array && element.ValueKind == JsonValueKind.Array && value is IEnumerable items)
            {
                int i = 0;
                JsonElement[] elements = element.EnumerateArray().ToArray();
                foreach (object? item in items)
                {
                    KeepInitializers(item, elements[i++], shape.Element!);
                }

                return;
            }

            if (shape.Kind != JsonShapeKind.Object || element.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var given = new Dictionary<string, JsonElement>();
            foreach (JsonProperty member in element.EnumerateObject())
            {
                foreach (KeyValuePair<string, JsonShape> p in shape.Properties)
                {
                    if (AsciiEqualsIgnoringCase(member.Name, p.Key))
                    {
                        given[p.Key] = member.Value;
                    }
                }
            }

            object fresh = Activator.CreateInstance(value.GetType())!;
            foreach (KeyValuePair<string, JsonShape> p in shape.Properties)
            {
                PropertyInfo property = shape.ClrProperties[p.Key];
                if (given.TryGetValue(p.Key, out JsonElement inner))
                {
                    KeepInitializers(property.GetValue(value), inner, p.Value);
                }
                else if (shape.Initialized.Contains(p.Key))
                {
                    property.SetValue(value, property.GetValue(fresh));
                }
            }
        }

        private static bool AsciiEqualsIgnoringCase(string a, string b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i] && !(char.IsAscii(a[i]) && char.IsAscii(b[i]) && char.ToLowerInvariant(a[i]) == char.ToLowerInvariant(b[i])))
                {
                    return false;
                }
            }

            return true;
        }

        // Reads count documents from firstSeed on with the oracle and with ours; fails on the first disagreement.
        private static void Differential<T>(string generator, int firstSeed, int count, bool mutated, Func<int, string> generate, JsonTypeInfo<T> oracle, Func<string, T?> ours)
            where T : class
        {
            int refused = 0;
            JsonShape shape = JsonShape.Of((JsonSerializerContext)oracle.OriginatingResolver!, typeof(T));
            for (int seed = firstSeed; seed < firstSeed + count; seed++)
            {
                string json = generate(seed);
                Outcome expected = Outcome.Of(() => KeepInitializers(JsonSerializer.Deserialize(json, oracle), json, shape), oracle);
                Outcome actual = Outcome.Of(() => ours(json), oracle);
                string? why = Disagreement(expected, actual);
                if (why is null && !mutated && expected.Error is not null)
                {
                    why = "the oracle refused a document generated as valid (RandomJson's mistake)";
                }

                if (why is not null)
                {
                    Assert.Fail(
                        why + "\nreproduce: RandomJson." + generator + "(" + seed.ToString(CultureInfo.InvariantCulture) + ", mutated: " + (mutated ? "true" : "false") + ")" +
                        "\noracle: " + expected + "\nours:   " + actual + "\ndocument (" + json.Length.ToString(CultureInfo.InvariantCulture) + " chars):\n" + json);
                }

                if (expected.Error is not null)
                {
                    refused++;
                }
            }

            if (mutated)
            {
                // The mutations are mostly errors, but not all (some land in members read as any JSON, some documents get none).
                Assert.InRange(refused, count / 4, count * 19 / 20);
            }
        }

        private static string? Disagreement(Outcome expected, Outcome actual)
        {
            if (expected.Error is null && actual.Error is null)
            {
                if (expected.Json != actual.Json)
                {
                    return "the values differ (as the oracle writes them) from character " + FirstDifference(expected.Json!, actual.Json!).ToString(CultureInfo.InvariantCulture);
                }

                return expected.Shape == actual.Shape ? null : "the values differ (by their members, a JsonElement's kind and text) from character " + FirstDifference(expected.Shape!, actual.Shape!).ToString(CultureInfo.InvariantCulture) + ":\n  oracle " + expected.Shape + "\n  ours   " + actual.Shape;
            }

            if (expected.Error is JsonException e && actual.Error is JsonException a)
            {
                if (e.Path != a.Path)
                {
                    return "the errors' paths differ";
                }

                return s_comparePositions && (e.LineNumber != a.LineNumber || e.BytePositionInLine != a.BytePositionInLine) ? "the errors' positions differ" : null;
            }

            if (expected.Error is not null && expected.Error is not JsonException)
            {
                return "the oracle threw " + expected.Error.GetType().Name + ", not a JsonException (RandomJson should not make such a document)";
            }

            return expected.Error is null ? "the oracle reads it, ours does not" : "the oracle refuses it, ours does not (or not with a JsonException)";
        }

        private static int FirstDifference(string a, string b)
        {
            int i = 0;
            while (i < a.Length && i < b.Length && a[i] == b[i])
            {
                i++;
            }

            return i;
        }

        // Writes value with the oracle and with ours: the same text, or both throw the same exception. The text (null if both threw).
        private static string? Written<T>(string generator, int seed, T value, JsonTypeInfo<T> oracle, Func<T, string> ours)
        {
            (string? expected, Exception? expectedError) = Try(() => JsonSerializer.Serialize(value, oracle));
            (string? actual, Exception? actualError) = Try(() => ours(value));
            string where = "\nreproduce: RandomJson." + generator + "(new Random(" + seed.ToString(CultureInfo.InvariantCulture) + "))\nthe value: " + Fingerprint(value);
            if (expectedError is not null || actualError is not null)
            {
                Assert.True(
                    expectedError?.GetType() == actualError?.GetType(),
                    "the oracle: " + (expectedError?.ToString() ?? expected) + "\nours: " + (actualError?.ToString() ?? actual) + where);
                return null;
            }

            Assert.True(
                expected == actual,
                "the texts differ from character " + FirstDifference(expected!, actual!).ToString(CultureInfo.InvariantCulture) + "\nthe oracle: " + expected + "\nours:       " + actual + where);
            return actual;
        }

        // Reads written (ours) back with ours: the value written (but text with lone surrogates, which the writers replace), and what the oracle reads.
        private static void ReadsBack<T>(string generator, int seed, T value, string written, JsonTypeInfo<T> oracle, Func<string, T?> ours)
            where T : class
        {
            string where = "\nreproduce: RandomJson." + generator + "(new Random(" + seed.ToString(CultureInfo.InvariantCulture) + "))\nwritten: " + written;
            string back = Fingerprint(ours(written));
            Assert.True(back == Fingerprint(JsonSerializer.Deserialize(written, oracle)), "ours reads back other than the oracle: " + back + where);
            string original = Fingerprint(value);
            if (!HasLoneSurrogate(original))
            {
                Assert.True(back == original, "read back: " + back + "\nwritten:   " + original + where);
            }
        }

        // Whether a fingerprint (which writes every surrogate as \udXXX) has a surrogate not in a pair.
        private static bool HasLoneSurrogate(string fingerprint) =>
            Regex.IsMatch(fingerprint, @"\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}");

        private static (string? Value, Exception? Error) Try(Func<string> f)
        {
            try
            {
                return (f(), null);
            }
            catch (Exception e)
            {
                return (null, e);
            }
        }

        /// <summary>What a read ended in: a value (as the oracle writes it, and member by member) or an exception.</summary>
        private sealed class Outcome
        {
            public string? Json { get; private init; }

            public string? Shape { get; private init; }

            public Exception? Error { get; private init; }

            public static Outcome Of<T>(Func<T?> read, JsonTypeInfo<T> oracle)
                where T : class
            {
                T? value;
                try
                {
                    value = read();
                }
                catch (Exception e)
                {
                    return new Outcome { Error = e };
                }

                string json;
                try
                {
                    json = value is null ? "null" : JsonSerializer.Serialize(value, oracle);
                }
                catch (Exception e)
                {
                    json = "(the oracle cannot write it: " + e.GetType().Name + ": " + e.Message + ")";
                }

                return new Outcome { Json = json, Shape = Fingerprint(value) };
            }

            public override string ToString() => Error switch
            {
                null => "the value " + Json,
                JsonException j => "JsonException, Path " + (j.Path ?? "(null)") + ", LineNumber " + j.LineNumber + ", BytePositionInLine " + j.BytePositionInLine + ": " + j.Message,
                _ => Error.GetType().Name + ": " + Error.Message,
            };
        }

        // The value member by member, by reflection: unlike the oracle's text, it tells a JsonElement? that
        // is null from one of kind Null, and keeps a JsonElement's text as it was read.
        internal static string Fingerprint(object? value)
        {
            var s = new StringBuilder();
            Fingerprint(s, value);
            return s.ToString();
        }

        private static void Fingerprint(StringBuilder s, object? value)
        {
            switch (value)
            {
                case null:
                    s.Append("null");
                    break;
                case string text:
                    s.Append('"');
                    foreach (char c in text)
                    {
                        if (c < 0x20 || c == '"' || c == '\\' || char.IsSurrogate(c) || c > 0x7e)
                        {
                            s.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            s.Append(c);
                        }
                    }

                    s.Append('"');
                    break;
                case JsonElement element:
                    s.Append("JsonElement(").Append(element.ValueKind).Append(')').Append(element.GetRawText());
                    break;
                case bool b:
                    s.Append(b ? "true" : "false");
                    break;
                case IFormattable number:
                    s.Append(number.ToString(null, CultureInfo.InvariantCulture));
                    break;
                case IDictionary dictionary:
                    s.Append('{');
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        Fingerprint(s, entry.Key);
                        s.Append(':');
                        Fingerprint(s, entry.Value);
                        s.Append(',');
                    }

                    s.Append('}');
                    break;
                case IEnumerable items:
                    s.Append('[');
                    foreach (object? item in items)
                    {
                        Fingerprint(s, item);
                        s.Append(',');
                    }

                    s.Append(']');
                    break;
                default:
                    s.Append(value.GetType().Name).Append('{');
                    foreach (PropertyInfo p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    {
                        if (p.GetIndexParameters().Length == 0)
                        {
                            s.Append(p.Name).Append('=');
                            Fingerprint(s, p.GetValue(value));
                            s.Append(';');
                        }
                    }

                    s.Append('}');
                    break;
            }
        }
    }
}
