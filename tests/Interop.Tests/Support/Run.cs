using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Interop.Tests.Support
{
    public sealed record RunResult(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    /// <summary>Runs a program to completion with captured output and a hard time limit.</summary>
    public static class Run
    {
        public static RunResult Program(string file, IEnumerable<string> arguments, TimeSpan? timeout = null, IDictionary<string, string>? environment = null)
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

            if (environment is not null)
            {
                foreach (KeyValuePair<string, string> e in environment)
                {
                    info.Environment[e.Key] = e.Value;
                }
            }

            using Process process = System.Diagnostics.Process.Start(info)!;
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            TimeSpan limit = timeout ?? TimeSpan.FromSeconds(60);
            if (!process.WaitForExit((int)limit.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {limit}");
            }

            // The output ends when the last holder of the pipes closes them: a descendant that
            // outlived the process (a daemon it started) would make this wait forever.
            if (!Task.WaitAll([stdout, stderr], limit))
            {
                throw new TimeoutException($"{file} {string.Join(' ', arguments)} exited ({process.ExitCode}), but something it started still holds its output after {limit}");
            }

            return new RunResult(process.ExitCode, stdout.Result, stderr.Result);
        }

        public static RunResult Program(string file, params string[] arguments) => Program(file, (IEnumerable<string>)arguments);
    }
}
