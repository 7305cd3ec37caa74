using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>--drop-cap and --keep-caps, seen from /proc/self/status inside.</summary>
    [Collection(Runtime.SpawningCollection.Name)]
    public sealed class CapabilityTests
    {
        private static ulong Mask(string status, string field) => ulong.Parse(
            status.Split('\n').Single(l => l.StartsWith(field + ":", StringComparison.Ordinal)).Split('\t')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        [SkippableFact]
        public void DroppedCapabilityIsGoneFromEverySetAndItsPowerWithIt()
        {
            Requirements.Root();
            RunResult result = Run.Program(Published.Nsbox, "run", "--uts", "--drop-cap", "CAP_SYS_ADMIN", "--drop-cap", "net_raw", "--",
                "sh", "-c", "cat /proc/self/status; hostname changed 2>/dev/null && echo changed || echo refused");

            const ulong sysAdmin = 1UL << 21, netRaw = 1UL << 13;
            foreach (string set in new[] { "CapEff", "CapPrm", "CapBnd" })
            {
                Assert.Equal(0UL, Mask(result.Stdout, set) & (sysAdmin | netRaw));
            }

            Assert.NotEqual(0UL, Mask(result.Stdout, "CapEff")); // the others stay
            Assert.EndsWith("refused\n", result.Stdout);
        }

        [SkippableFact]
        public void KeepCapsKeepsCapabilitiesForANonRootUserInside()
        {
            Requirements.Root(); // to drop to nobody
            string nsbox = Path.Combine(Directory.CreateTempSubdirectory("nsbox-caps-").FullName, "nsbox");
            File.Copy(Published.Nsbox, nsbox);
            File.SetUnixFileMode(Path.GetDirectoryName(nsbox)!, (UnixFileMode)0x1ED);
            File.SetUnixFileMode(nsbox, (UnixFileMode)0x1ED);
            try
            {
                string[] nobody = ["--reuid", "65534", "--regid", "65534", "--clear-groups", nsbox, "run", "--map-current-user", "--uts"];
                RunResult kept = Run.Program("/usr/bin/setpriv", [.. nobody, "--keep-caps", "--", "sh", "-c", "id -u; cat /proc/self/status; hostname kept && hostname"]);
                RunResult plain = Run.Program("/usr/bin/setpriv", [.. nobody, "--", "sh", "-c", "cat /proc/self/status"]);

                Assert.True(kept.ExitCode == 0, kept.ToString());
                Assert.StartsWith("65534\n", kept.Stdout);
                Assert.NotEqual(0UL, Mask(kept.Stdout, "CapEff"));
                Assert.NotEqual(0UL, Mask(kept.Stdout, "CapAmb"));
                Assert.EndsWith("kept\n", kept.Stdout);
                Assert.Equal(0UL, Mask(plain.Stdout, "CapEff"));
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(nsbox)!, recursive: true);
            }
        }

        [Theory]
        [InlineData("--drop-cap", "bogus", "nsbox: --drop-cap: Invalid argument (EINVAL): 'bogus' is not a capability (e.g. CAP_SYS_ADMIN, net_raw or 21)")]
        [InlineData("--root", "/no/such/root", "nsbox: root /no/such/root: No such file or directory (ENOENT)")]
        public void BadValuesGiveOneLineAnd125(string option, string value, string expected)
        {
            RunResult result = Run.Program(Published.Nsbox, "run", option, value, "--", "true");
            Assert.Equal(125, result.ExitCode);
            Assert.Equal(expected + "\n", result.Stderr);
        }
    }
}
