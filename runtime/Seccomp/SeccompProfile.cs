using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Interop.Linux;
using Interop.Runtime.Oci;

namespace Interop.Runtime.Seccomp
{
    /// <summary>
    /// A seccomp profile: the action a system call gets when no rule names it, the architectures the
    /// filter covers, its flags and its rules, in the OCI runtime spec's model (<c>linux.seccomp</c>).
    /// Built in code, or read from that JSON by <see cref="FromJson"/> (source-generated, AOT-clean).
    /// <see cref="SeccompProgram.Compile"/> turns it into the BPF program a sandbox loads last
    /// before its command starts.
    /// </summary>
    public sealed record SeccompProfile
    {
        /// <summary>The flags <see cref="FromOci"/> reads, by their OCI names.</summary>
        public static readonly IReadOnlyList<(string Name, SeccompFilterFlags Flag)> KnownFlags =
        [
            ("SECCOMP_FILTER_FLAG_TSYNC", SeccompFilterFlags.ThreadSync),
            ("SECCOMP_FILTER_FLAG_LOG", SeccompFilterFlags.Log),
            ("SECCOMP_FILTER_FLAG_SPEC_ALLOW", SeccompFilterFlags.SpeculationAllowed),
            ("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SeccompFilterFlags.WaitKillableReceive),
        ];

        /// <summary>The OCI names of <see cref="KnownFlags"/>, comma-separated.</summary>
        public static string FlagNames => string.Join(", ", FlagNamesOf(~SeccompFilterFlags.None));

        /// <summary>The OCI names of the known flags set in <paramref name="flags"/>, in <see cref="KnownFlags"/>' order.</summary>
        public static string[] FlagNamesOf(SeccompFilterFlags flags) =>
            KnownFlags.Where(known => (flags & known.Flag) != 0).Select(known => known.Name).ToArray();

        /// <summary>What a system call no rule names gets.</summary>
        public required SeccompAction DefaultAction { get; init; }

        /// <summary>
        /// Architectures beside the native one, in the OCI spelling (SCMP_ARCH_X86, SCMP_ARCH_X32,
        /// ...): a call made with another architecture's convention gets killed, so a 64-bit
        /// profile lists the 32-bit conventions its programs may use.
        /// </summary>
        public IReadOnlyList<string> Architectures { get; init; } = [];

        /// <summary>seccomp(2) flags.</summary>
        public SeccompFilterFlags Flags { get; init; }

        /// <summary>The rules, in order.</summary>
        public IReadOnlyList<SeccompRule> Rules { get; init; } = [];

        /// <summary>The UNIX socket the listener descriptor of a notifying filter is sent to, with the container's state.</summary>
        public string? ListenerPath { get; init; }

        /// <summary>Opaque text sent with the listener descriptor (OCI listenerMetadata).</summary>
        public string? ListenerMetadata { get; init; }

        /// <summary>Whether a rule notifies: the filter then gets a listener (SECCOMP_FILTER_FLAG_NEW_LISTENER).</summary>
        public bool Notifies
        {
            get
            {
                foreach (SeccompRule rule in Rules)
                {
                    if (rule.Action.Kind == SeccompActionKind.Notify)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>The profile in the file <paramref name="path"/> (read through the bindings: a failure keeps its errno).</summary>
        /// <exception cref="ErrnoException">The file cannot be read: <c>read /etc: Is a directory (EISDIR)</c>.</exception>
        /// <exception cref="SandboxUsageException">Not JSON, or not a profile of the OCI format.</exception>
        /// <param name="path">The file.</param>
        /// <param name="source">How a mistake's message names the profile (<c>--seccomp PATH</c>); <paramref name="path"/> when null.</param>
        public static SeccompProfile Load(string path, string? source = null) => FromJson(Text.TextFiles.Read(path), source ?? path);

        /// <summary>
        /// A profile in the OCI format (config.json's <c>linux.seccomp</c> object). A mistake is a
        /// <see cref="SandboxUsageException"/> that names <paramref name="source"/> and the field:
        /// <c>profile.json: syscalls[2].action: Invalid argument (EINVAL): 'SCMP_ACT_DENY': one of ...</c>.
        /// </summary>
        public static SeccompProfile FromJson(string json, string source)
        {
            OciSeccomp? oci;
            try
            {
                oci = Json.JsonModel.Parse<OciSeccomp>(json);
            }
            catch (JsonException e)
            {
                throw new SandboxUsageException(source, Errno.EINVAL, null, "not a seccomp profile in the OCI format: " + Text.TextFiles.DescribeJsonError(json, e));
            }

            return FromOci(oci ?? throw new SandboxUsageException(source, Errno.EINVAL, null, "not a seccomp profile in the OCI format: null"), source + ": ");
        }

        /// <summary>config.json's <c>linux.seccomp</c>; <paramref name="prefix"/> starts each field's name in a message ("config.json: linux.seccomp.").</summary>
        public static SeccompProfile FromOci(OciSeccomp oci, string prefix)
        {
            SeccompAction defaultAction = Action(oci.DefaultAction, oci.DefaultErrnoRet, prefix + "defaultAction", prefix + "defaultErrnoRet");
            if (defaultAction.Kind == SeccompActionKind.Notify)
            {
                // As runc: a filter that notifies for every call would wait on its own supervisor's calls.
                throw Invalid(prefix + "defaultAction", oci.DefaultAction, "SCMP_ACT_NOTIFY is for rules, not the default action");
            }

            var architectures = new List<string>();
            foreach (string architecture in oci.Architectures ?? [])
            {
                if (SeccompArchitectures.Token(architecture) == 0)
                {
                    throw Invalid(prefix + "architectures", architecture, "an architecture libseccomp knows: " + SeccompArchitectures.Names);
                }

                architectures.Add(architecture);
            }

            SeccompFilterFlags flags = SeccompFilterFlags.None;
            foreach (string flag in oci.Flags ?? [])
            {
                int index = KnownFlags.Select(known => known.Name).ToList().IndexOf(flag);
                flags |= index >= 0 ? KnownFlags[index].Flag : throw Invalid(prefix + "flags", flag, "one of " + FlagNames);
            }

            var rules = new List<SeccompRule>();
            OciSyscallRule[] syscalls = oci.Syscalls ?? [];
            for (int i = 0; i < syscalls.Length; i++)
            {
                string field = $"{prefix}syscalls[{i}]";
                OciSyscallRule rule = syscalls[i];
                if (rule.Names is not { Length: > 0 } names)
                {
                    throw Invalid(field + ".names", null, "the system calls the rule is for");
                }

                SeccompAction action = Action(rule.Action, rule.ErrnoRet, field + ".action", field + ".errnoRet");
                if (rule.ErrnoRet is not null && !action.TakesValue)
                {
                    throw Invalid(field + ".errnoRet", rule.ErrnoRet.ToString(), "errnoRet goes with SCMP_ACT_ERRNO and SCMP_ACT_TRACE only");
                }

                var conditions = new List<SeccompCondition>();
                OciSyscallArgument[] args = rule.Args ?? [];
                for (int a = 0; a < args.Length; a++)
                {
                    string argField = $"{field}.args[{a}]";
                    if (args[a].Index > SeccompCondition.LastIndex)
                    {
                        throw Invalid(argField + ".index", args[a].Index.ToString(), "0 to 5: a system call has six arguments");
                    }

                    SeccompOperator op = SeccompCondition.ParseOperator(args[a].Op)
                        ?? throw Invalid(argField + ".op", args[a].Op, "one of " + SeccompCondition.OperatorNames);
                    conditions.Add(new SeccompCondition(args[a].Index, op, args[a].Value, args[a].ValueTwo));
                }

                rules.Add(new SeccompRule(names, action, conditions));
            }

            var profile = new SeccompProfile
            {
                DefaultAction = defaultAction,
                Architectures = architectures,
                Flags = flags,
                Rules = rules,
                ListenerPath = string.IsNullOrEmpty(oci.ListenerPath) ? null : oci.ListenerPath,
                ListenerMetadata = oci.ListenerMetadata,
            };
            if (profile.Notifies && profile.ListenerPath is null)
            {
                throw Invalid(prefix + "listenerPath", null, "a rule with SCMP_ACT_NOTIFY needs the socket its listener goes to");
            }

            return profile;
        }

        private static SeccompAction Action(string? name, uint? errnoRet, string actionField, string errnoField)
        {
            if (errnoRet is > ushort.MaxValue)
            {
                throw Invalid(errnoField, errnoRet.ToString(), "an errno fits in 16 bits");
            }

            return SeccompAction.Parse(name, errnoRet) ?? throw Invalid(actionField, name, "one of " + SeccompAction.Names);
        }

        private static SandboxUsageException Invalid(string field, string? value, string hint) =>
            new(field, Errno.EINVAL, value is null ? null : "'" + value + "'", hint);
    }
}
