using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Interop.Runtime.Namespaces
{
    /// <summary>The unprivileged answers when the caller is root: nsbox run as nobody, through setpriv.</summary>
    public static partial class KernelSupport
    {
        /// <summary>util-linux's setpriv, which changes users and execs without a login session.</summary>
        private const string SetprivPath = "/usr/bin/setpriv";

        /// <summary>nobody and nogroup: ids that hold no privilege on any usual system.</summary>
        private const string Nobody = "65534";

        private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

        private static ProbeResult RunAsNobody(NamespaceType type, string nsboxPath, IReadOnlyList<KernelSetting> userNamespaceSettings, long? limit)
        {
            // Our own spawner, not System.Diagnostics.Process: that class made nsbox 0.46 MB bigger (6.19 -> 5.72 MB).
            var arguments = new List<string> { "--reuid", Nobody, "--regid", Nobody, "--clear-groups", nsboxPath, "run", "--user", "--map-root-user" };
            if (type.Flag != Interop.Linux.CloneFlags.NewUser)
            {
                arguments.Add("--" + type.OptionName);
            }

            arguments.AddRange(["--", "true"]);
            ExitStatus exit;
            string error;
            using (var stderr = new Spawning.PipeCapture())
            {
                using ChildProcess setpriv = Spawning.Spawner.Spawn(new SandboxPlan
                {
                    FileName = SetprivPath,
                    Arguments = arguments,
                    WorkingDirectory = "/", // nobody may not be allowed into ours
                    StandardErrorFd = stderr.WriteFd,
                });
                Task<ExitStatus> wait = setpriv.WaitForExitAsync();
                if (!wait.Wait(s_timeout))
                {
                    setpriv.Kill();
                    setpriv.WaitForExit();
                    return Infer(type, userNamespaceSettings, limit, $"nsbox run as uid {Nobody} did not finish within {s_timeout.TotalSeconds} s");
                }

                exit = wait.Result;
                error = FirstLine(stderr.ReadAll());
            }

            int status = exit.ToShellStatus();
            if (status == 0)
            {
                return new ProbeResult(true, ProbeResult.Setpriv);
            }

            // nsbox got as far as exec: every namespace was made.
            if (error.StartsWith("nsbox: exec ", StringComparison.Ordinal))
            {
                return new ProbeResult(true, ProbeResult.Setpriv, "created, but then " + error);
            }

            if (error.StartsWith("nsbox: ", StringComparison.Ordinal))
            {
                return new ProbeResult(false, ProbeResult.Setpriv, error);
            }

            // setpriv itself failed (e.g. nobody may not execute nsbox where it lies): no answer from trying.
            return Infer(type, userNamespaceSettings, limit, $"setpriv could not run nsbox as uid {Nobody}: exit {status}: {error}");
        }

        private static string FirstLine(string text)
        {
            int newline = text.IndexOf('\n');
            return (newline < 0 ? text : text[..newline]).Trim();
        }
    }
}
