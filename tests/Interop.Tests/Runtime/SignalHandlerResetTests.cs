using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Spawning;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime
{
    /// <summary>
    /// The command starts with every signal this process catches at SIG_DFL and the ignored ones
    /// still ignored (SIGPIPE aside), whether clone3 reset the handlers (CLONE_CLEAR_SIGHAND) or
    /// the child asked for each signal after clone(2): the two paths give the same dispositions.
    /// </summary>
    [Collection(SpawningCollection.Name)]
    public sealed unsafe class SignalHandlerResetTests
    {
        [SkippableFact]
        public void CaughtSignalsStartAtTheirDefaultAndIgnoredOnesStayIgnoredWithClone3AndWithClone()
        {
            Requirements.Root();
            SigAction ignore = default, previous;
            ignore.handler = (void*)Native.SIG_IGN;
            Assert.Equal(0, Native.sigaction(Native.SIGUSR2, &ignore, &previous));
            // Handlers of the .NET runtime in this process, as a program that handles signals has.
            using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => { });
            using var usr1 = PosixSignalRegistration.Create((PosixSignal)Native.SIGUSR1, _ => { });
            try
            {
                string clone3 = Dispositions(withoutClone3: false, out bool clearedByClone3);
                string clone = Dispositions(withoutClone3: true, out _);
                Assert.Equal(clone, clone3);
                Assert.Contains("SigCgt:\t0000000000000000", clone3);
                // SIGUSR2 (bit 11) ignored, as this process left it; SIGPIPE (bit 12), the runtime's, not.
                Assert.Contains("SigIgn:\t0000000000000800", clone3);
                Assert.Equal(RuntimeInformation.ProcessArchitecture == Architecture.X64, clearedByClone3);
            }
            finally
            {
                Native.sigaction(Native.SIGUSR2, &previous, null);
            }
        }

        private static string Dispositions(bool withoutClone3, out bool clearedByClone3)
        {
            string output = Path.Combine(Path.GetTempPath(), "nsbox-sighand-" + Guid.NewGuid().ToString("N"));
            try
            {
                // cat, not grep: grep catches SIGSEGV itself (its stack-overflow handler).
                SandboxPlan plan = new SandboxBuilder("/bin/sh", "-c", "exec cat /proc/self/status > " + output).Isolate(CloneFlags.NewUts).Build() with { WithoutClone3 = withoutClone3 };
                using ChildProcess child = Spawner.Spawn(plan);
                clearedByClone3 = child.HandlersClearedByClone3;
                Assert.Equal(0, child.WaitForExit().ToShellStatus());
                return string.Join("\n", File.ReadAllLines(output).Where(l => l.StartsWith("SigIgn:", StringComparison.Ordinal) || l.StartsWith("SigCgt:", StringComparison.Ordinal)).OrderBy(l => l, StringComparer.Ordinal));
            }
            finally
            {
                File.Delete(output);
            }
        }
    }
}
