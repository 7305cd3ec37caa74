using System.Collections.Generic;
using System.Linq;
using Interop.Generator.Diagnostics;
using Interop.Generator.Model;
using Interop.Generator.Yaml;

namespace Interop.Generator.Parsing
{
    /// <summary>
    /// Syscalls bound by number: a function's keys plus <c>numbers</c>, one per architecture. They are
    /// called through libc's syscall(2) with six register-sized arguments, which limits what they take.
    /// </summary>
    public sealed partial class TableParser
    {
        /// <summary>syscall(2) passes at most six arguments in registers on every architecture we support.</summary>
        private const int MaxSyscallArguments = 6;

        private static readonly string[] s_syscallKeys = { "name", "friendly", "since", "doc", "returns", "errno", "params", "child", "numbers" };

        /// <summary>The constant that holds a syscall's number: <c>SYS_pivot_root</c>, as in &lt;sys/syscall.h&gt;.</summary>
        public static string SyscallNumberName(string syscall) => "SYS_" + syscall;

        private SyscallModel? ParseSyscall(YamlMapping item)
        {
            Dictionary<string, YamlNode> keys = Keys(item, s_syscallKeys, new[] { "name", "returns", "params", "numbers" }, "a syscall");
            FunctionModel? function = ParseCallable(item, keys);
            PerArchitecture<int>? numbers = null;
            if (keys.TryGetValue("numbers", out YamlNode? numbersNode))
            {
                TryPerArchitecture(numbersNode, "numbers", TrySyscallNumber, requireMap: true, out numbers);
            }

            if (function is null || numbers is null)
            {
                return null;
            }

            Define("native", SyscallNumberName(function.Name), keys["name"]);
            string what = $"Syscall '{function.Name}'";
            if (function.Parameters.Count > MaxSyscallArguments)
            {
                Report(DiagnosticDescriptors.ValueOutOfRange, keys["params"], $"{what} has {function.Parameters.Count} parameters; a syscall takes at most {MaxSyscallArguments}.");
                return null;
            }

            // Every argument travels in a 64-bit register as an nint: a struct by value cannot.
            ParameterModel? wide = function.Parameters.FirstOrDefault(p => !TypeNames.IsRegisterSized(p.RawType) && FlagUnderlyingType(p.RawType) is null);
            if (wide is not null)
            {
                Report(DiagnosticDescriptors.InvalidValue, keys["params"], $"{what}: parameter '{wide.Name}' is a struct passed by value; a syscall argument is an integer or a pointer (write '{wide.RawType.Split('.').Last()}*').");
                return null;
            }

            if (function.ReturnType != "void" && !TypeNames.IsRegisterSized(function.ReturnType) && function.ReturnEnumUnderlying is null)
            {
                Report(DiagnosticDescriptors.InvalidValue, keys["returns"], $"{what} returns a struct by value; a syscall returns an integer or a pointer.");
                return null;
            }

            return new SyscallModel(function, numbers);
        }

        private bool TrySyscallNumber(YamlNode node, string key, out int number)
        {
            number = 0;
            string? text = IntegerScalar(node, key, "int");
            if (text is null)
            {
                return false;
            }

            number = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            if (number < 0)
            {
                Report(DiagnosticDescriptors.ValueOutOfRange, node, $"Syscall number {number} is negative; numbers are 0 or more (see <asm/unistd.h>).");
                return false;
            }

            return true;
        }
    }
}
