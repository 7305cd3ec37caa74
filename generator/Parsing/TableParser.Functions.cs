using System;
using System.Collections.Generic;
using System.Linq;
using Interop.Generator.Diagnostics;
using Interop.Generator.Model;
using Interop.Generator.Yaml;

namespace Interop.Generator.Parsing
{
    /// <summary>Functions (bound by libc symbol) and what they share with syscalls: return type, errno convention, parameters.</summary>
    public sealed partial class TableParser
    {
        private static readonly string[] s_functionKeys = { "name", "friendly", "since", "doc", "returns", "errno", "params", "child" };
        private static readonly string[] s_parameterKeys = { "name", "type", "length", "doc" };
        private static readonly string[] s_errnoConventions = { "none", "minus-one", "returned", "null" };

        /// <summary>The return type of a function that returns a C string (NULL on failure with <c>errno: null</c>).</summary>
        private const string StringType = "string";

        /// <summary>The return type that says a call returns a new file descriptor.</summary>
        private const string FileDescriptorType = "fd";

        private FunctionModel? ParseFunction(YamlMapping item)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_functionKeys, new[] { "name", "returns", "params" }, "a function");
            return ParseCallable(item, keys);
        }

        /// <summary>The keys a function and a syscall share; <paramref name="keys"/> were checked by the caller.</summary>
        private FunctionModel? ParseCallable(YamlMapping item, Dictionary<string, YamlNode> keys)
        {
            string? name = IdentifierValue(keys, "name");
            string? friendly = IdentifierValue(keys, "friendly");
            string? returns = ReturnType(keys);
            string errnoText = StringValue(keys, "errno") ?? "minus-one";
            ErrnoConvention errno = ErrnoConvention.MinusOne;
            if (keys.TryGetValue("errno", out YamlNode? errnoNode))
            {
                switch (errnoText)
                {
                    case "none": errno = ErrnoConvention.None; break;
                    case "minus-one": errno = ErrnoConvention.MinusOne; break;
                    case "returned": errno = ErrnoConvention.Returned; break;
                    case "null": errno = ErrnoConvention.Null; break;
                    default:
                        Report(DiagnosticDescriptors.InvalidValue, errnoNode, $"Unknown errno convention '{errnoText}'.{Suggestions.Hint(errnoText, s_errnoConventions)}");
                        break;
                }
            }

            var parameters = new List<ParameterModel>();
            var parameterItems = new List<YamlMapping>();
            bool parametersFailed = false;
            if (keys.TryGetValue("params", out YamlNode? paramsNode))
            {
                if (paramsNode is YamlSequence sequence)
                {
                    foreach (YamlNode p in sequence.Items)
                    {
                        if (p is YamlMapping pm)
                        {
                            ParameterModel? parameter = ParseParameter(pm);
                            if (parameter is not null)
                            {
                                parameters.Add(parameter);
                                parameterItems.Add(pm);
                            }
                            else
                            {
                                parametersFailed = true;
                            }
                        }
                        else
                        {
                            Report(DiagnosticDescriptors.WrongNodeKind, p, "A parameter must be a mapping such as '{ name: fd, type: int }'.");
                        }
                    }
                }
                else if (!(paramsNode is YamlScalar s && s.Value.Length == 0))
                {
                    Report(DiagnosticDescriptors.WrongNodeKind, paramsNode, "'params' must be a list of parameters; write 'params: []' for none.");
                }
            }

            bool parametersOk = CheckParameters(parameters, parameterItems, item);
            if (name is null || returns is null || !parametersOk || parametersFailed)
            {
                return null;
            }

            bool child = BooleanValue(keys, "child");
            string returnsText = StringValue(keys, "returns") ?? "";
            bool returnsDescriptor = returnsText == FileDescriptorType;
            bool returnsString = returnsText == StringType;
            if (returnsDescriptor && errno != ErrnoConvention.MinusOne)
            {
                // The friendly layer tells a descriptor from a failure by -1: any other convention would wrap garbage.
                Report(DiagnosticDescriptors.InvalidValue, keys["returns"], $"'{name}' returns 'fd', which needs 'errno: minus-one' (a new descriptor, or -1 and errno).");
                return null;
            }

            string? underlying = FlagUnderlyingType(returns);
            if (!CheckErrnoConvention(name, returns, underlying, errno, keys))
            {
                return null;
            }

            string friendlyName = friendly ?? PascalCase(name);
            Define("native", name, keys["name"]);
            Define("friendly", friendlyName, keys.TryGetValue("friendly", out YamlNode? friendlyNode) ? friendlyNode : keys["name"]);
            return new FunctionModel(name, friendlyName, returns, returnsDescriptor, errno, parameters.ToEquatableArray(), Docs(keys), child)
            {
                ReturnEnumUnderlying = underlying,
                ReturnsString = returnsString,
            };
        }

        /// <summary>
        /// Whether the errno convention can be checked on this return type: a failure test the compiler would
        /// reject (an unsigned value against -1, a void result) or that can never be true is a table mistake.
        /// </summary>
        private bool CheckErrnoConvention(string name, string returns, string? enumUnderlying, ErrnoConvention errno, Dictionary<string, YamlNode> keys)
        {
            YamlNode at = keys.TryGetValue("errno", out YamlNode? errnoNode) ? errnoNode : keys["returns"];
            string integer = enumUnderlying ?? returns;
            bool isPointer = returns.EndsWith("*");
            bool isSigned = integer is "sbyte" or "short" or "int" or "long" or "nint";
            bool isInteger = TypeNames.TryRange(integer, out _, out _);
            string? problem = null;
            if (returns == "void" && errno != ErrnoConvention.None)
            {
                problem = $"'{name}' returns void, so it has no failure value to check: add 'errno: none'.";
            }
            else if (errno == ErrnoConvention.MinusOne && !isPointer && !isSigned)
            {
                problem = isInteger
                    ? $"'{name}' returns {integer}, which is unsigned and can never be -1: use a signed type (ssize_t, int, long) or another errno convention."
                    : $"'{name}' returns a struct by value, which cannot be -1: use 'errno: none'.";
            }
            else if (errno == ErrnoConvention.Returned && (!isInteger || enumUnderlying is not null))
            {
                problem = $"'errno: returned' means the call returns 0 or an error number, so '{name}' must return an integer type such as int.";
            }
            else if (errno == ErrnoConvention.Null && !isPointer)
            {
                problem = $"'errno: null' means NULL on failure, so '{name}' must return a pointer or 'string'.";
            }

            if (problem is not null)
            {
                Report(DiagnosticDescriptors.InvalidValue, at, problem);
                return false;
            }

            return true;
        }

        /// <summary>
        /// Checks that concern several parameters. A span's length is an int, so the parameter that carries it must
        /// hold every int (a narrower one would pass a truncated length and let the call write past the span).
        /// </summary>
        private bool CheckParameters(List<ParameterModel> parameters, List<YamlMapping> items, YamlMapping function)
        {
            bool ok = true;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < parameters.Count; i++)
            {
                ParameterModel p = parameters[i];
                if (!seen.Add(p.Name))
                {
                    Report(DiagnosticDescriptors.DuplicateName, NodeOf(items[i], "name") ?? function, $"Parameter '{p.Name}' appears twice; give each parameter its own name.");
                    ok = false;
                }
            }

            for (int i = 0; i < parameters.Count; i++)
            {
                ParameterModel p = parameters[i];
                if (p.LengthOf is null)
                {
                    continue;
                }

                YamlNode at = NodeOf(items[i], "length") ?? items[i];
                ParameterModel? length = parameters.FirstOrDefault(q => q.Name == p.LengthOf);
                if (length is null || length.Kind != ParameterKind.Value || !TypeNames.TryRange(length.RawType, out _, out _))
                {
                    Report(DiagnosticDescriptors.InvalidValue, at,
                        $"Buffer parameter '{p.Name}' names length '{p.LengthOf}', which must be an integer parameter of the same function.");
                    ok = false;
                }
                else if (!TypeNames.HoldsEveryInt(length.RawType))
                {
                    Report(DiagnosticDescriptors.InvalidValue, at,
                        $"Length parameter '{length.Name}' is {length.RawType}, narrower than a span's int length: a longer span would pass a truncated length. Make it int, uint, long, ulong, size_t or ssize_t.");
                    ok = false;
                }
            }

            return ok;
        }

        /// <summary>The value node under <paramref name="key"/>, for diagnostics that point at it.</summary>
        private static YamlNode? NodeOf(YamlMapping mapping, string key) =>
            mapping.Entries.FirstOrDefault(e => e.Key.Value == key).Value;

        private ParameterModel? ParseParameter(YamlMapping item)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_parameterKeys, new[] { "name", "type" }, "a parameter");
            string? name = IdentifierValue(keys, "name");
            string? typeText = StringValue(keys, "type");
            string? length = IdentifierValue(keys, "length");
            if (name is null || typeText is null)
            {
                return null;
            }

            // The friendly layer's locals start with "__", and nameof(...) names each parameter in its exceptions.
            if (name.StartsWith("__", StringComparison.Ordinal) || name == "nameof")
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, keys["name"], $"Parameter name '{name}' is reserved for generated code (names starting with '__', and 'nameof'); rename it.");
                return null;
            }

            ParameterKind kind;
            string raw;
            switch (typeText)
            {
                case "string": kind = ParameterKind.String; raw = "byte*"; break;
                case "string?": kind = ParameterKind.NullableString; raw = "byte*"; break;
                case "string-array": kind = ParameterKind.StringArray; raw = "byte**"; break;
                case "in-buffer": kind = ParameterKind.InBuffer; raw = "byte*"; break;
                case "out-buffer": kind = ParameterKind.OutBuffer; raw = "byte*"; break;
                case FileDescriptorType: kind = ParameterKind.FileDescriptor; raw = "int"; break;
                default:
                    bool isOut = typeText.StartsWith(TypeNames.OutPrefix, StringComparison.Ordinal);
                    string valueText = isOut ? typeText.Substring(TypeNames.OutPrefix.Length).Trim() : typeText;
                    kind = isOut ? ParameterKind.Out : ParameterKind.Value;
                    string? value = ValueType(valueText);
                    if (value is null)
                    {
                        string hint = isOut ? " An out parameter is 'out' and a value type: 'out int', 'out Stat'." : "";
                        Report(DiagnosticDescriptors.UnknownType, keys["type"], UnknownTypeMessage(valueText, TypeNames.MarshalledKinds) + hint);
                        return null;
                    }

                    // The raw layer takes the address the call stores through; the friendly layer a C# out.
                    raw = isOut ? value + "*" : value;
                    break;
            }

            bool isBuffer = kind == ParameterKind.InBuffer || kind == ParameterKind.OutBuffer;
            if (isBuffer && length is null)
            {
                Report(DiagnosticDescriptors.MissingKey, item, $"Buffer parameter '{name}' needs 'length: <parameter>' naming the parameter that holds its size.");
                return null;
            }

            if (!isBuffer && length is not null)
            {
                Report(DiagnosticDescriptors.InvalidValue, keys["length"], $"'length' applies only to in-buffer and out-buffer parameters; remove it from '{name}'.");
            }

            return new ParameterModel(name, kind, raw, length, Docs(keys).Summary);
        }

        private string? ReturnType(Dictionary<string, YamlNode> keys)
        {
            string? text = StringValue(keys, "returns");
            switch (text)
            {
                case null: return null;
                case "void": return "void";
                case FileDescriptorType: return "int";
                case StringType: return "byte*";
            }

            string? raw = ValueType(text);
            if (raw is null)
            {
                Report(DiagnosticDescriptors.UnknownType, keys["returns"], UnknownTypeMessage(text, new[] { "void", FileDescriptorType, StringType }));
            }

            return raw;
        }
    }
}
