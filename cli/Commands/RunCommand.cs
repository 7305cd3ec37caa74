using System;
using System.Collections.Generic;
using System.Linq;
using Interop.Linux;
using Interop.Runtime;
using Interop.Runtime.Cgroups;
using Interop.Runtime.Seccomp;
using Nsbox.Options;

namespace Nsbox.Commands
{
    /// <summary><c>nsbox run</c>: start the command in new namespaces, wait, and pass its status on.</summary>
    internal static class RunCommand
    {
        public static int Execute(RunOptions options, GlobalOptions? global = null)
        {
            // runc's run (a bundle and a container id) is told from a command by the OCI options.
            if (options.Bundle is not null || options.PidFile is not null || options.Detach || options.ConsoleSocket is not null)
            {
                return Oci.RunBundleCommand.Execute(options, global);
            }

            List<string> command = options.Command.ToList();
            if (command.Count == 0)
            {
                command.Add(DefaultShell());
            }

            SandboxBuilder builder;
            try
            {
                builder = Build(options, command, options.Occurrences);
            }
            catch (UsageException e)
            {
                return ErrorReporter.Fail(e.Message);
            }
            catch (SandboxUsageException e)
            {
                return ErrorReporter.Fail(e.Message);
            }

            return SandboxRunner.StartAndWait(builder, options.Verbose, Limits(options));
        }

        private static SandboxBuilder Build(RunOptions o, List<string> command, IReadOnlyList<OptionOccurrence> ordered)
        {
            var builder = new SandboxBuilder(command[0], command.Skip(1).ToArray()).ParentDeathSignal(Native.SIGKILL);
            CloneFlags ns = CloneFlags.None;
            if (o.Uts || o.All) ns |= CloneFlags.NewUts;
            if (o.Ipc || o.All) ns |= CloneFlags.NewIpc;
            if (o.Pid || o.All) ns |= CloneFlags.NewPid;
            if (o.Net || o.All) ns |= CloneFlags.NewNet;
            if (o.Mount || o.All) ns |= CloneFlags.NewMount;
            if (o.User || o.All) ns |= CloneFlags.NewUser;
            if (o.Cgroup || o.All) ns |= CloneFlags.NewCgroup;
            if (o.Time || o.All) ns |= CloneFlags.NewTime;
            builder.Isolate(ns);

            if (o.MapRootUser && o.MapCurrentUser)
            {
                throw new UsageException("--map-root-user --map-current-user", "they exclude each other: your id is mapped once, to 0 or to itself");
            }

            // Your own id first, then the ranges: they combine where they do not overlap (the builder says where they do).
            if (o.MapRootUser) builder.MapRootUser();
            if (o.MapCurrentUser) builder.MapCurrentUser();
            foreach (string range in o.MapUsers) { (uint i, uint outside, uint n) = Range(range, "--map-users"); builder.MapUsers(i, outside, n); }
            foreach (string range in o.MapGroups) { (uint i, uint outside, uint n) = Range(range, "--map-groups"); builder.MapGroups(i, outside, n); }
            if (o.Hostname is not null) builder.Hostname(o.Hostname);
            if (o.Domainname is not null) builder.Domainname(o.Domainname);
            if (o.Root is not null) builder.Root(o.Root);
            if (o.ClearEnv) builder.ClearEnvironment();

            // File systems and the environment in command-line order: --tmpfs /mnt --bind SRC:/mnt/x mounts into the tmpfs.
            foreach (OptionOccurrence occurrence in ordered)
            {
                string value = occurrence.Value!;
                switch (occurrence.Name)
                {
                    case "bind": { (string src, string dst) = BindSpec(value, "--bind"); builder.Bind(src, dst); break; }
                    case "ro-bind": { (string src, string dst) = BindSpec(value, "--ro-bind"); builder.ReadOnlyBind(src, dst); break; }
                    case "tmpfs": builder.Tmpfs(value); break;
                    case "proc": builder.Proc(value); break;
                    case "dev": builder.Dev(value); break;
                    case "setenv":
                        int eq = value.IndexOf('=');
                        if (eq <= 0)
                        {
                            throw new UsageException($"--setenv '{value}'", "write KEY=VALUE");
                        }

                        builder.SetEnvironment(value[..eq], value[(eq + 1)..]);
                        break;
                    case "unsetenv": builder.UnsetEnvironment(value); break;
                }
            }

            if (o.Chdir is not null) builder.WorkingDirectory(o.Chdir);
            // --TYPE=FILE: the namespace is also kept alive in FILE (the parser sets the bool and records the value).
            foreach (OptionOccurrence occurrence in ordered)
            {
                if (occurrence.Value is not string file || NamespaceType.Find(occurrence.Name)?.Flag is not CloneFlags type)
                {
                    continue;
                }

                if (file.Length == 0)
                {
                    throw new UsageException($"--{occurrence.Name}=", "give the file to keep the namespace in, or leave out '='");
                }

                builder.KeepNamespace(type, file);
            }

            if (o.NewSession) builder.NewSession();
            if (o.KeepCaps) builder.KeepCapabilities();
            foreach (string cap in o.DropCap)
            {
                if (string.Equals(cap, "all", StringComparison.OrdinalIgnoreCase))
                {
                    builder.DropCapabilities(Enumerable.Range(0, 64).Where(c => (Capabilities.All & (1UL << c)) != 0).ToArray());
                    continue;
                }

                try
                {
                    builder.DropCapabilities(Capabilities.Parse(cap));
                }
                catch (FormatException e)
                {
                    throw new UsageException("--drop-cap", e.Message);
                }
            }

            // --seccomp PROFILE|default, then each --deny-syscall appended; no_new_privs with either, as bwrap (loading needs it without CAP_SYS_ADMIN).
            if (o.Seccomp is not null || o.DenySyscall.Any())
            {
                SeccompProfile profile = o.Seccomp switch
                {
                    null => new SeccompProfile { DefaultAction = SeccompAction.Allow },
                    "default" => SeccompDefaultProfile.Create(),
                    string path => ReadProfile(path),
                };
                var rules = new List<SeccompRule>(profile.Rules);
                foreach (string spec in o.DenySyscall)
                {
                    rules.Add(SeccompDenySpec.Parse(spec));
                }

                builder.Seccomp(profile with { Rules = rules }).NoNewPrivileges();
            }

            // Limits: a cgroup of the sandbox's own (docs/cgroups.md).
            if (o.Memory is not null)
            {
                builder.MemoryLimit(ByteSize.Parse(o.Memory) is { } bytes ? bytes : throw new UsageException("--memory '" + o.Memory + "'", "write a size: bytes, or a number with k, m, g, t (K, M, G, T, KiB, MiB, GiB, TiB; powers of 1024), e.g. 64m"));
            }

            if (o.Pids is { } pids) builder.PidsLimit(pids);
            if (o.Cpus is not null)
            {
                if (!double.TryParse(o.Cpus, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out double cpus))
                {
                    throw new UsageException("--cpus '" + o.Cpus + "'", "write a number of CPUs, e.g. 0.5 or 2");
                }

                builder.CpuQuota(cpus);
            }

            if (o.Cpuset is not null) builder.Cpuset(o.Cpuset);

            if (o.NoInit) builder.WithoutInit();
            if (o.Monotonic is not null || o.Boottime is not null)
            {
                builder.ClockOffsets(TimeSpan.FromSeconds(o.Monotonic ?? 0), TimeSpan.FromSeconds(o.Boottime ?? 0));
            }

            bool mapped = builder.Steps.Any(s => s is SandboxStep.MapIds);
            if (!mapped && o.All)
            {
                // --all means a usable sandbox: your user is root inside it (as bwrap does, and as -r does).
                // Only an explicit --user without a map gives an unmapped user namespace, as unshare -U does.
                builder.MapRootUser();
            }
            else if (!mapped && Native.geteuid() != 0 && builder.Namespaces != CloneFlags.None && (builder.Namespaces & CloneFlags.NewUser) == 0)
            {
                // Like bwrap: without root, namespaces need a user namespace; add one rather than fail.
                builder.MapRootUser();
                if (o.Verbose)
                {
                    ErrorReporter.Warn("not running as root: adding a user namespace with your user mapped to root (--user --map-root-user)");
                }
            }

            return builder;
        }

        /// <summary>The limit options given, for the lines a limit's failure or an OOM kill prints; null without any.</summary>
        private static LimitOptions? Limits(RunOptions o)
        {
            var given = new List<string>();
            if (o.Memory is not null) given.Add("--memory");
            if (o.Pids is not null) given.Add("--pids");
            if (o.Cpus is not null) given.Add("--cpus");
            if (o.Cpuset is not null) given.Add("--cpuset");
            return given.Count == 0 ? null : new LimitOptions(o.Memory is null ? null : ByteSize.Parse(o.Memory), given);
        }

        private static SeccompProfile ReadProfile(string path)
        {
            try
            {
                return SeccompProfile.Load(path, "--seccomp " + path);
            }
            catch (ErrnoException e)
            {
                throw new UsageException("--seccomp " + path, "cannot read the profile", e.Errno);
            }
        }

        /// <summary>"INSIDE:OUTSIDE:COUNT", as unshare --map-users takes it.</summary>
        private static (uint Inside, uint Outside, uint Count) Range(string spec, string option)
        {
            string[] parts = spec.Split(':');
            if (parts.Length == 3 && uint.TryParse(parts[0], out uint inside) && uint.TryParse(parts[1], out uint outside) && uint.TryParse(parts[2], out uint count) && count > 0)
            {
                return (inside, outside, count);
            }

            throw new UsageException($"{option} '{spec}'", "write INSIDE:OUTSIDE:COUNT, e.g. 0:100000:65536");
        }

        /// <summary>"SRC" or "SRC:DST" (DST defaults to SRC).</summary>
        private static (string Source, string Target) BindSpec(string spec, string option)
        {
            int colon = spec.IndexOf(':');
            string source = colon < 0 ? spec : spec[..colon];
            string target = colon < 0 ? spec : spec[(colon + 1)..];
            if (source.Length == 0 || target.Length == 0)
            {
                throw new UsageException($"{option} '{spec}'", "write SRC or SRC:DST");
            }

            return (source, target);
        }

        /// <summary>$SHELL, else /bin/sh: what run and exec start without a command.</summary>
        internal static string DefaultShell()
        {
            string? shell = Environment.GetEnvironmentVariable("SHELL");
            return string.IsNullOrEmpty(shell) ? "/bin/sh" : shell;
        }
    }

    /// <summary>A command line that parsed but does not make sense: one line in the form every error takes (EINVAL), status 125.</summary>
    internal sealed class UsageException(string what, string hint, Errno errno = Errno.EINVAL) : Exception(ErrnoException.Format(what, errno) + ": " + hint);
}
