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
        private static readonly string[] s_errnoConventions = { "none", "minus-one", "returned" };

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
                    default:
                        Report(DiagnosticDescriptors.InvalidValue, errnoNode, $"Unknown errno convention '{errnoText}'.{Suggestions.Hint(errnoText, s_errnoConventions)}");
                        break;
                }
            }

            var parameters = new List<ParameterModel>();
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

            CheckParameters(parameters, item);
            if (name is null || returns is null)
            {
                return null;
            }

            bool child = BooleanValue(keys, "child");
            bool returnsDescriptor = StringValue(keys, "returns") == FileDescriptorType;
            if (returnsDescriptor && errno != ErrnoConvention.MinusOne)
            {
                // The friendly layer tells a descriptor from a failure by -1: any other convention would wrap garbage.
                Report(DiagnosticDescriptors.InvalidValue, keys["returns"], $"'{name}' returns 'fd', which needs 'errno: minus-one' (a new descriptor, or -1 and errno).");
                return null;
            }

            return new FunctionModel(name, friendly ?? PascalCase(name), returns, returnsDescriptor, errno, parameters.ToEquatableArray(), Docs(keys), child);
        }

        private void CheckParameters(List<ParameterModel> parameters, YamlMapping function)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (ParameterModel p in parameters)
            {
                if (!seen.Add(p.Name))
                {
                    Report(DiagnosticDescriptors.DuplicateName, function, $"Parameter '{p.Name}' appears twice; give each parameter its own name.");
                }
            }

            foreach (ParameterModel p in parameters.Where(p => p.LengthOf is not null))
            {
                ParameterModel? length = parameters.FirstOrDefault(q => q.Name == p.LengthOf);
                if (length is null || length.Kind != ParameterKind.Value || TypeNames.Integer(length.RawType) is null && length.RawType != "nuint")
                {
                    Report(DiagnosticDescriptors.InvalidValue, function,
                        $"Buffer parameter '{p.Name}' names length '{p.LengthOf}', which must be an integer parameter of the same function.");
                }
            }
        }

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
            }

            string? raw = ValueType(text);
            if (raw is null)
            {
                Report(DiagnosticDescriptors.UnknownType, keys["returns"], UnknownTypeMessage(text, new[] { "void", FileDescriptorType }));
            }

            return raw;
        }
    }
}
