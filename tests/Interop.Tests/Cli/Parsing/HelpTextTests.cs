using System.Linq;
using System.Reflection;
using CommandLine;
using Nsbox.Options;
using Xunit;

namespace Interop.Tests.Cli.Parsing
{
    /// <summary>
    /// The help blocks the generator laid out at build time are what CommandLineParser's HelpText
    /// renders at run time for the same declarations, except that an optional value reads
    /// <c>-u, --uts[=FILE]</c> where the library (which has no optional values) writes <c>-u FILE, --uts=FILE</c>.
    /// </summary>
    public sealed class HelpTextTests
    {
        [Theory]
        [InlineData("run")]
        [InlineData("exec")]
        [InlineData("ls")]
        [InlineData("check")]
        public void VerbHelpMatchesTheLibrarysHelpText(string verb)
        {
            string expected = Oracle.HelpBlock(verb, "--help");
            foreach (PropertyInfo property in Oracle.Verbs.Single(v => v.GetCustomAttribute<VerbAttribute>()!.Name == verb).GetProperties())
            {
                if (property.GetCustomAttribute<OptionAttribute>() is { MetaValue.Length: > 0 } option && property.PropertyType == typeof(bool))
                {
                    string library = $"-{option.ShortName} {option.MetaValue}, --{option.LongName}={option.MetaValue}";
                    string ours = $"-{option.ShortName}, --{option.LongName}[={option.MetaValue}]";
                    Assert.Contains("  " + library + " ", expected);
                    expected = expected.Replace("  " + library + " ", "  " + ours.PadRight(library.Length) + " ");
                }
            }

            Assert.Equal(expected, NsboxCommandLine.HelpFor(verb));
        }

        [Fact]
        public void VerbIndexMatchesTheLibrarysHelpText()
        {
            string ours = NsboxCommandLine.Help; // generated as a constant: the analyzer would take it for the expected value
            Assert.Equal(Oracle.HelpBlock("--help"), ours);
        }

        [Fact]
        public void OptionalValuesShowTheirBrackets()
        {
            Assert.Contains("\n  -u, --uts[=FILE]  ", "\n" + NsboxCommandLine.HelpFor("run"));
            Assert.Contains("\n  -T, --time[=FILE]  ", "\n" + NsboxCommandLine.HelpFor("run"));
        }
    }
}
