using System;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// A write error on stdout or stderr is one line and status 1, as lsns reports it; never an
    /// internal error (issue 10: 'nsbox --help >&-' ended in UnauthorizedAccessException).
    /// </summary>
    public sealed class OutputErrorTests
    {
        private static RunResult Shell(string command) => Run.Program("/bin/sh", ["-c", command], TimeSpan.FromSeconds(30));

        [Theory]
        [InlineData("--help")]
        [InlineData("--version")]
        [InlineData("run --help")]
        [InlineData("ls")]
        public void ClosedStdoutIsOneLineAndStatusOne(string args)
        {
            RunResult result = Shell($"{Published.Nsbox} {args} >&-");
            Assert.Equal(1, result.ExitCode);
            Assert.Equal("nsbox: write error on stdout: Bad file descriptor (EBADF)\n", result.Stderr);
        }

        [Fact]
        public void FullDiskIsOneLineAndStatusOne()
        {
            RunResult result = Shell($"{Published.Nsbox} ls --json >/dev/full");
            Assert.Equal(1, result.ExitCode);
            Assert.Equal("nsbox: write error on stdout: No space left on device (ENOSPC)\n", result.Stderr);
        }

        [Fact]
        public void LsnsSaysTheSame()
        {
            // The peer, for the status and the shape of the line.
            Requirements.Program("/usr/bin/lsns");
            RunResult lsns = Shell("/usr/bin/lsns >/dev/full");
            Assert.Equal(1, lsns.ExitCode);
            Assert.StartsWith("lsns: write error", lsns.Stderr);
            Assert.Equal(lsns.ExitCode, Shell($"{Published.Nsbox} ls >/dev/full").ExitCode);
        }

        [Fact]
        public void ClosedStdoutAndStderrStillGiveStatusOne()
        {
            // The line about stdout has nowhere to go either; the status still says it.
            RunResult result = Shell($"{Published.Nsbox} --help >&- 2>&-");
            Assert.Equal(1, result.ExitCode);
            Assert.Equal("", result.Stderr);
        }
    }
}
