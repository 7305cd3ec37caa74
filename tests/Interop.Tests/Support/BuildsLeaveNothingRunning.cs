using System;
using System.Runtime.CompilerServices;

namespace Interop.Tests.Support
{
    /// <summary>
    /// Every dotnet build or publish a test starts (the published binaries, the package consumers,
    /// the build-target tests) runs without MSBuild's reusable worker nodes and without the shared
    /// compiler server. Both outlive the build and inherit its standard output and error: a test
    /// reading the build's output to the end then waits as long as a lingering node lives (seen in
    /// CI: `dotnet publish tests/InitSample` held for minutes by a `/nodeReuse:true` worker that
    /// kept the pipe). Set before any test starts, so every child process inherits it.
    /// </summary>
    internal static class BuildsLeaveNothingRunning
    {
        [ModuleInitializer]
        internal static void Set()
        {
            Environment.SetEnvironmentVariable("MSBUILDDISABLENODEREUSE", "1");
            Environment.SetEnvironmentVariable("DOTNET_CLI_USE_MSBUILD_SERVER", "0");
            // Read by the Csc task as the MSBuild property of that name: compile in-process.
            Environment.SetEnvironmentVariable("UseSharedCompilation", "false");
        }
    }
}
