using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Interop.Linux;

namespace Interop.Runtime.Namespaces
{
    /// <summary>
    /// What this kernel offers: each namespace type, whether root and an unprivileged user can create
    /// one, the limits and settings that decide it, and the cgroup layout. Answers are found by
    /// trying where possible (see <see cref="ProbeResult"/> for how each one was found).
    /// </summary>
    public static partial class KernelSupport
    {
        /// <summary>Reads the report; creates a short-lived `true` process per namespace type, as root and, where it can, as an unprivileged user.</summary>
        /// <param name="nsboxPath">
        /// The nsbox executable. When the caller is root, each unprivileged answer comes from running
        /// <c>setpriv --reuid 65534 --regid 65534 --clear-groups NSBOX run --user --map-root-user --TYPE -- true</c>;
        /// a root process cannot give up root for a moment in-process. Without it (or without setpriv),
        /// those answers are inferred from the settings instead.
        /// </param>
        public static KernelReport Read(string? nsboxPath = null)
        {
            bool root = Native.geteuid() == 0;
            KernelSetting[] userNamespaceSettings =
            [
                Setting("user.max_user_namespaces"),
                Setting("kernel.unprivileged_userns_clone"), // Debian and Ubuntu kernels only
                Setting("kernel.apparmor_restrict_unprivileged_userns"), // Ubuntu 23.10 and later
            ];
            string? whySetprivUnusable = !root ? null
                : nsboxPath is null ? "no nsbox executable to run as another user"
                : !File.Exists(SetprivPath) ? $"{SetprivPath} is not installed"
                : null;

            var namespaces = new List<NamespaceSupport>(NamespaceType.All.Count);
            foreach (NamespaceType type in NamespaceType.All)
            {
                bool present = File.Exists("/proc/self/ns/" + type.Name);
                long? limit = Setting($"user.max_{type.Name}_namespaces").Value;
                if (!present)
                {
                    var absent = new ProbeResult(false, ProbeResult.Absent, $"no /proc/self/ns/{type.Name}: Linux {type.Since} or later is needed");
                    namespaces.Add(new NamespaceSupport(type, present, limit, absent, absent));
                    continue;
                }

                ProbeResult asRoot = root
                    ? Spawn(type, mapRootUser: false)
                    : new ProbeResult(limit != 0, ProbeResult.Sysctl, limit == 0 ? $"user.max_{type.Name}_namespaces is 0" : null, "not root");
                ProbeResult unprivileged = !root ? Spawn(type, mapRootUser: true)
                    : whySetprivUnusable is null ? RunAsNobody(type, nsboxPath!, userNamespaceSettings, limit)
                    : Infer(type, userNamespaceSettings, limit, whySetprivUnusable);
                if (unprivileged.Method == ProbeResult.Sysctl)
                {
                    whySetprivUnusable ??= unprivileged.WhyNotTried; // the same for the other types: do not wait for it again
                }

                namespaces.Add(new NamespaceSupport(type, present, limit, asRoot, unprivileged));
            }

            return new KernelReport(Release(), namespaces, userNamespaceSettings, ReadCgroupLayout());
        }

        /// <summary>The kernel release, as uname -r prints it ("6.8.0-45-generic"), or "unknown" without /proc.</summary>
        public static string Release()
        {
            try
            {
                return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
            }
            catch (IOException)
            {
                return "unknown";
            }
        }

        /// <summary>A number under /proc/sys by its sysctl name ("user.max_user_namespaces"); a null value where there is no such file or no number in it.</summary>
        public static KernelSetting Setting(string name)
        {
            var setting = new KernelSetting(name, null);
            try
            {
                return long.TryParse(File.ReadAllText(setting.Path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
                    ? setting with { Value = value }
                    : setting;
            }
            catch (IOException)
            {
                return setting;
            }
            catch (UnauthorizedAccessException)
            {
                return setting;
            }
        }

        /// <summary>
        /// Starts `true` in a new namespace of this type (in a user namespace of its own, with this
        /// user mapped to root, when <paramref name="mapRootUser"/>). Reaching the exec means every
        /// namespace was made, so an exec failure still counts as a yes.
        /// </summary>
        private static ProbeResult Spawn(NamespaceType type, bool mapRootUser)
        {
            // No init: the probe tests the kernel, not whether nsbox can be found to be PID 1.
            SandboxBuilder builder = new SandboxBuilder("true").Isolate(type.Flag).WithoutInit();
            if (mapRootUser)
            {
                builder.MapRootUser();
            }

            try
            {
                using ChildProcess child = builder.Start();
                child.WaitForExit();
                return new ProbeResult(true, ProbeResult.Spawned);
            }
            catch (SpawnException e) when (e.IsCommandNotFound || e.IsCannotExecute)
            {
                return new ProbeResult(true, ProbeResult.Spawned, "created, but then " + e.Message);
            }
            catch (SpawnException e)
            {
                return new ProbeResult(false, ProbeResult.Spawned, e.Message);
            }
            catch (ErrnoException e)
            {
                return new ProbeResult(false, ProbeResult.Spawned, e.Message);
            }
            catch (NotSupportedException e)
            {
                return new ProbeResult(false, ProbeResult.Spawned, e.Message);
            }
        }

        /// <summary>
        /// The unprivileged answer without trying: a user namespace is what lets an unprivileged user
        /// create the others, so it needs user namespaces allowed and both limits above 0.
        /// </summary>
        private static ProbeResult Infer(NamespaceType type, IReadOnlyList<KernelSetting> userNamespaceSettings, long? limit, string whyNotTried)
        {
            var reasons = new List<string>();
            foreach (KernelSetting setting in userNamespaceSettings)
            {
                bool forbids = setting.Name switch
                {
                    "user.max_user_namespaces" or "kernel.unprivileged_userns_clone" => setting.Value == 0,
                    // Creation succeeds, but the new namespace gets no capabilities: useless for a sandbox.
                    "kernel.apparmor_restrict_unprivileged_userns" => setting.Value == 1,
                    _ => false,
                };
                if (forbids)
                {
                    reasons.Add($"{setting.Name} is {setting.Value}");
                }
            }

            if (limit == 0 && type.Flag != CloneFlags.NewUser) // the user type's limit is max_user_namespaces, already seen
            {
                reasons.Add($"user.max_{type.Name}_namespaces is 0");
            }

            return new ProbeResult(reasons.Count == 0, ProbeResult.Sysctl, reasons.Count == 0 ? null : string.Join("; ", reasons), whyNotTried);
        }
    }
}
