using System;
using System.IO;

namespace Interop.Tests.Support
{
    /// <summary>Paths in the repository, found from the test assembly's location.</summary>
    public static class Repo
    {
        public static string Root { get; } = FindRoot();

        public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

        private static string FindRoot()
        {
            for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Directory.GetParent(dir)?.FullName)
            {
                if (File.Exists(System.IO.Path.Combine(dir, "Interop.sln")))
                {
                    return dir;
                }
            }

            throw new InvalidOperationException("Interop.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
