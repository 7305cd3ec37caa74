using System.Collections.Generic;

namespace Interop.Runtime.Spawning
{
    /// <summary>Look-ups in a plan's step list by step type.</summary>
    internal static class StepLists
    {
        /// <summary>The index of the last step of type <typeparamref name="T"/>, or -1.</summary>
        public static int IndexOf<T>(this IReadOnlyList<SandboxStep> steps) where T : SandboxStep
        {
            for (int i = steps.Count - 1; i >= 0; i--)
            {
                if (steps[i] is T)
                {
                    return i;
                }
            }

            return -1;
        }

        public static bool Exists<T>(this IReadOnlyList<SandboxStep> steps) where T : SandboxStep => steps.IndexOf<T>() >= 0;
    }
}
