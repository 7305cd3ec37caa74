using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Interop.Generator.Diagnostics
{
    /// <summary>
    /// Every diagnostic the generator reports, in one table. Ids are stable: never renumber one,
    /// only add. The message is built by the parser and says what to write instead.
    /// </summary>
    public static class DiagnosticDescriptors
    {
        private const string Category = "SyscallTable";

        public static readonly DiagnosticDescriptor MalformedYaml = Error("SYSGEN001", "Malformed YAML");
        public static readonly DiagnosticDescriptor UnknownKey = Error("SYSGEN002", "Unknown key");
        public static readonly DiagnosticDescriptor MissingKey = Error("SYSGEN003", "Missing required key");
        public static readonly DiagnosticDescriptor UnknownType = Error("SYSGEN004", "Unknown type");
        public static readonly DiagnosticDescriptor DuplicateName = Error("SYSGEN005", "Duplicate name");
        public static readonly DiagnosticDescriptor InvalidIdentifier = Error("SYSGEN006", "Invalid C# identifier");
        public static readonly DiagnosticDescriptor ValueOutOfRange = Error("SYSGEN007", "Value out of range");
        public static readonly DiagnosticDescriptor WrongNodeKind = Error("SYSGEN008", "Wrong kind of value");
        public static readonly DiagnosticDescriptor InvalidValue = Error("SYSGEN009", "Invalid value");
        public static readonly DiagnosticDescriptor MissingArchitecture = Error("SYSGEN010", "Missing architecture");
        public static readonly DiagnosticDescriptor MultipleTables = Error("SYSGEN011", "Two tables in one namespace");
        public static readonly DiagnosticDescriptor UnknownArchitecture = Error("SYSGEN012", "Unknown architecture");
        public static readonly DiagnosticDescriptor MisnamedTable = Error("SYSGEN013", "Table file not named like a table");
        public static readonly DiagnosticDescriptor UnsafeCodeRequired = Error("SYSGEN014", "Unsafe code is not allowed");
        public static readonly DiagnosticDescriptor UnsupportedTargetFramework = Error("SYSGEN015", "Target framework too old");
        public static readonly DiagnosticDescriptor HeaderMismatch = Error("SYSGEN016", "Value differs from the C headers");
        public static readonly DiagnosticDescriptor HeaderCheckCannotRun = Error("SYSGEN017", "The header check cannot run");

        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new Dictionary<string, DiagnosticDescriptor>
        {
            [MalformedYaml.Id] = MalformedYaml,
            [UnknownKey.Id] = UnknownKey,
            [MissingKey.Id] = MissingKey,
            [UnknownType.Id] = UnknownType,
            [DuplicateName.Id] = DuplicateName,
            [InvalidIdentifier.Id] = InvalidIdentifier,
            [ValueOutOfRange.Id] = ValueOutOfRange,
            [WrongNodeKind.Id] = WrongNodeKind,
            [InvalidValue.Id] = InvalidValue,
            [MissingArchitecture.Id] = MissingArchitecture,
            [MultipleTables.Id] = MultipleTables,
            [UnknownArchitecture.Id] = UnknownArchitecture,
            [MisnamedTable.Id] = MisnamedTable,
            [UnsafeCodeRequired.Id] = UnsafeCodeRequired,
            [UnsupportedTargetFramework.Id] = UnsupportedTargetFramework,
            [HeaderMismatch.Id] = HeaderMismatch,
            [HeaderCheckCannotRun.Id] = HeaderCheckCannotRun,
        };

        public static DiagnosticDescriptor ById(string id) => s_byId[id];

        private static DiagnosticDescriptor Error(string id, string title) =>
            new DiagnosticDescriptor(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }
}
