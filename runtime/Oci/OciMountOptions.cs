using System;
using System.Collections.Generic;
using Interop.Linux;

namespace Interop.Runtime.Oci
{
    /// <summary>
    /// A mount's options as mount(8) reads them (and runc after it): flag words set or clear
    /// MS_* flags, later words winning; bind and rbind ask for a bind; the propagation words set
    /// the propagation; anything else is the file system's own data (mode=755, size=65536k, ...).
    /// Words that name something nsbox does not carry out yet are refused by the caller.
    /// </summary>
    internal sealed record OciMountOptions(bool Bind, bool Recursive, MountFlags Flags, MountFlags Propagation, bool RecursiveReadOnly, IReadOnlyList<string> Data, string? Unsupported)
    {
        private static readonly Dictionary<string, (MountFlags Flag, bool Set)> s_flags = new(StringComparer.Ordinal)
        {
            ["ro"] = (MountFlags.ReadOnly, true), ["rw"] = (MountFlags.ReadOnly, false),
            ["nosuid"] = (MountFlags.NoSuid, true), ["suid"] = (MountFlags.NoSuid, false),
            ["nodev"] = (MountFlags.NoDev, true), ["dev"] = (MountFlags.NoDev, false),
            ["noexec"] = (MountFlags.NoExec, true), ["exec"] = (MountFlags.NoExec, false),
            ["sync"] = (MountFlags.Synchronous, true), ["async"] = (MountFlags.Synchronous, false),
            ["dirsync"] = (MountFlags.DirSync, true),
            ["mand"] = (MountFlags.MandatoryLock, true), ["nomand"] = (MountFlags.MandatoryLock, false),
            ["noatime"] = (MountFlags.NoAccessTime, true), ["atime"] = (MountFlags.NoAccessTime, false),
            ["nodiratime"] = (MountFlags.NoDirAccessTime, true), ["diratime"] = (MountFlags.NoDirAccessTime, false),
            ["relatime"] = (MountFlags.RelativeAccessTime, true), ["norelatime"] = (MountFlags.RelativeAccessTime, false),
            ["strictatime"] = (MountFlags.StrictAccessTime, true), ["nostrictatime"] = (MountFlags.StrictAccessTime, false),
            ["lazytime"] = (MountFlags.LazyTime, true), ["nolazytime"] = (MountFlags.LazyTime, false),
            ["nosymfollow"] = (MountFlags.NoSymFollow, true), ["symfollow"] = (MountFlags.NoSymFollow, false),
        };

        private static readonly Dictionary<string, MountFlags> s_propagations = new(StringComparer.Ordinal)
        {
            ["private"] = MountFlags.Private, ["rprivate"] = MountFlags.Private | MountFlags.Recursive,
            ["shared"] = MountFlags.Shared, ["rshared"] = MountFlags.Shared | MountFlags.Recursive,
            ["slave"] = MountFlags.Slave, ["rslave"] = MountFlags.Slave | MountFlags.Recursive,
            ["unbindable"] = MountFlags.Unbindable, ["runbindable"] = MountFlags.Unbindable | MountFlags.Recursive,
        };

        /// <summary>
        /// Words runc or crun give a meaning nsbox does not carry out yet: the recursive attributes
        /// other than rro (mount_setattr), idmapped mounts, crun's tmpcopyup, remount.
        /// </summary>
        private static readonly HashSet<string> s_unsupported = new(StringComparer.Ordinal)
        {
            "rrw", "rnosuid", "rsuid", "rnodev", "rdev", "rnoexec", "rexec", "rnodiratime", "rdiratime", "rrelatime", "rnorelatime",
            "ratime", "rnoatime", "rstrictatime", "rnostrictatime", "rnosymfollow", "rsymfollow", "idmap", "ridmap", "tmpcopyup", "notmpcopyup",
            "copy-symlink", "remount", "move",
        };

        /// <summary>The options in order; a word nsbox does not carry out is reported in <see cref="Unsupported"/> (the first one).</summary>
        public static OciMountOptions Parse(IReadOnlyList<string>? options)
        {
            bool bind = false, recursive = false, recursiveReadOnly = false;
            MountFlags flags = MountFlags.None, propagation = MountFlags.None;
            var data = new List<string>();
            string? unsupported = null;
            foreach (string option in options ?? [])
            {
                if (s_flags.TryGetValue(option, out (MountFlags Flag, bool Set) word))
                {
                    flags = word.Set ? flags | word.Flag : flags & ~word.Flag;
                }
                else if (s_propagations.TryGetValue(option, out MountFlags kind))
                {
                    propagation = kind;
                }
                else if (option is "bind" or "rbind")
                {
                    bind = true;
                    recursive |= option == "rbind";
                }
                else if (option == "rro")
                {
                    recursiveReadOnly = true;
                }
                else if (option == "defaults")
                {
                    // mount(8)'s "rw,suid,dev,exec,auto,nouser,async": the kernel's defaults already.
                }
                else if (option.StartsWith("x-", StringComparison.Ordinal))
                {
                    // mount(8): x-* options belong to user-space tools and never reach the kernel.
                }
                else if (s_unsupported.Contains(option))
                {
                    unsupported ??= option;
                }
                else
                {
                    data.Add(option);
                }
            }

            return new OciMountOptions(bind, recursive, flags, propagation, recursiveReadOnly, data, unsupported);
        }
    }
}
