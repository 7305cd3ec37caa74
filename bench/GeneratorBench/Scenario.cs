using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace GeneratorBench
{
    /// <summary>
    /// One kind of generator run. <see cref="Prepare"/> builds the driver state the run starts from
    /// (untimed); <see cref="Run"/> is exactly one RunGenerators call, the only thing timed.
    /// </summary>
    public sealed record Scenario(string Name, Func<GeneratorDriver> Prepare, Func<GeneratorDriver, GeneratorDriver> Run)
    {
        /// <summary>
        /// The runs issue 3 asks about. Every rerun starts from the same primed driver: drivers are
        /// immutable, so each sample reruns from the identical cached state.
        /// </summary>
        public static IReadOnlyList<Scenario> All(Workload w, bool trackSteps)
        {
            GeneratorDriver primed = w.NewDriver(trackSteps).RunGenerators(w.Compilation);
            return
            [
                new Scenario("first full run, warm (new driver)", () => w.NewDriver(trackSteps), d => d.RunGenerators(w.Compilation)),
                new Scenario("no-op rerun (same inputs)", () => primed, d => d.RunGenerators(w.Compilation)),
                new Scenario("rerun after an unrelated .cs edit", () => primed, d => d.RunGenerators(w.CompilationWithUnrelatedEdit)),
                new Scenario($"rerun after editing one function's doc (f_{Workload.EditedFunction:D3})",
                    () => primed.ReplaceAdditionalText(w.Table, w.TableWithEditedFunction), d => d.RunGenerators(w.Compilation)),
                new Scenario($"rerun after editing one flag value (Flags{Workload.EditedFlagSet}.Value{Workload.EditedFlagValue})",
                    () => primed.ReplaceAdditionalText(w.Table, w.TableWithEditedFlag), d => d.RunGenerators(w.Compilation)),
            ];
        }
    }
}
