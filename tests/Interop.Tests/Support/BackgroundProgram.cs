using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Interop.Tests.Support
{
    /// <summary>A program started in the background with captured output, for tests that act on it while it runs (signals).</summary>
    public sealed class BackgroundProgram : IDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _stdout;
        private readonly Task<string> _stderr;

        private BackgroundProgram(Process process)
        {
            _process = process;
            _stdout = process.StandardOutput.ReadToEndAsync();
            _stderr = process.StandardError.ReadToEndAsync();
        }

        public int Pid => _process.Id;

        /// <summary>Its stdin, open until <see cref="Wait"/> (a program that reads a terminal through script(1) needs it open).</summary>
        public System.IO.StreamWriter Input => _process.StandardInput;

        public static BackgroundProgram Start(string file, IEnumerable<string> arguments)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string a in arguments)
            {
                info.ArgumentList.Add(a);
            }

            return new BackgroundProgram(Process.Start(info)!);
        }

        /// <summary>Waits for it to end (killing it after <paramref name="timeout"/>, which then fails the test).</summary>
        public RunResult Wait(TimeSpan timeout)
        {
            if (!_process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                _process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} did not finish within {timeout}");
            }

            _process.WaitForExit();
            _process.StandardInput.Close();
            return new RunResult(_process.ExitCode, _stdout.Result, _stderr.Result);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
