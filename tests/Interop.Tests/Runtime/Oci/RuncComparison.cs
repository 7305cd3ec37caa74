using System;
using System.IO;
using Interop.Tests.Cli.Oci;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Oci
{
    /// <summary>
    /// One busybox bundle run to its end under runc and under nsbox (<c>run --bundle DIR ID</c>,
    /// output through files), with config.json edited first: the process attributes are compared by
    /// what the command prints about itself (/proc/self/status, /proc/self/limits, umask).
    /// </summary>
    internal static class RuncComparison
    {
        public static void Require()
        {
            Requirements.Root();
            Requirements.Program("/usr/bin/busybox");
            Requirements.Program("/usr/sbin/runc");
        }

        /// <summary>(runc's result, nsbox's result) of <paramref name="script"/> with config.json edited by <paramref name="edit"/>.</summary>
        public static (RunResult Runc, RunResult Nsbox) Run(string script, Func<string, string> edit)
        {
            // A bundle each: what one runtime leaves in the image (runc's device nodes in its /dev) is not seen by the other.
            using var runcBundle = new BusyboxBundle(script);
            using var nsboxBundle = new BusyboxBundle(script);
            foreach (BusyboxBundle bundle in new[] { runcBundle, nsboxBundle })
            {
                string config = Path.Combine(bundle.Directory, "config.json");
                File.WriteAllText(config, edit(File.ReadAllText(config)));
            }

            using OciRuntime runc = OciRuntime.Runc();
            using OciRuntime nsbox = OciRuntime.Nsbox();
            RunResult reference = runc.Detached(runcBundle.Directory, "run", "--bundle", runcBundle.Directory, "p1");
            RunResult ours = nsbox.Detached(nsboxBundle.Directory, "run", "--bundle", nsboxBundle.Directory, "p1");
            Assert.Empty(Directory.GetDirectories(nsbox.Root));
            return (reference, ours);
        }

        /// <summary>Both ran the script to status 0 and printed the same.</summary>
        public static void AssertSame((RunResult Runc, RunResult Nsbox) results)
        {
            Assert.True(results.Runc.ExitCode == 0, "runc " + results.Runc);
            Assert.True(results.Nsbox.ExitCode == 0, "nsbox " + results.Nsbox);
            Assert.NotEqual("", results.Runc.Stdout);
            Assert.Equal(results.Runc.Stdout, results.Nsbox.Stdout);
        }
    }
}
