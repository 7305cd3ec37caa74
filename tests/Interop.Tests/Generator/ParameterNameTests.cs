using System.Linq;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;

namespace Interop.Tests.Generator
{
    /// <summary>Parameter names must never collide with the locals the friendly layer declares (found by the generator benchmark).</summary>
    public sealed class ParameterNameTests
    {
        [Fact]
        public void ParametersNamedLikeTheWrappersLocalsStillCompile()
        {
            const string table = """
                namespace: Demo.Native
                functions:
                  - name: weird
                    returns: int
                    errno: minus-one
                    params:
                      - { name: result, type: string }
                      - { name: errno, type: string }
                      - { name: handle, type: fd }
                      - { name: p_result, type: string-array }
                """;

            var (run, output, diagnostics) = Generate(table);

            Assert.Empty(diagnostics);
            Assert.Empty(run.Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
        }
    }
}
