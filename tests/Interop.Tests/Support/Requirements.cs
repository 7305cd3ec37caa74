using System;
using Xunit;

namespace Interop.Tests.Support
{
    /// <summary>
    /// Preconditions a test cannot create for itself. Where the kernel or the account forbids them the
    /// test is skipped with the reason, except under CI=true, where such a skip is a failure.
    /// </summary>
    public static class Requirements
    {
        public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        public static void Root()
        {
            if (Tmds.Linux.LibC.geteuid() != 0)
            {
                Unmet("this test creates namespaces and changes users, which needs root (CAP_SYS_ADMIN)");
            }
        }

        public static void Program(string path)
        {
            if (!System.IO.File.Exists(path))
            {
                Unmet($"{path} is not installed (.ci/run installs it)");
            }
        }

        private static void Unmet(string reason)
        {
            if (IsCi)
            {
                Assert.Fail("CI=true, so this cannot be skipped: " + reason);
            }

            Skip.If(true, reason);
        }
    }
}
