using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// Realistic table mistakes, each made once in an otherwise valid table. Every one must be exactly one SYSGEN
    /// diagnostic, with the id and the position the case names (marked '§' in the case text, just before the
    /// token it points at), and the rest of the table must still generate code that compiles without a warning:
    /// no mistake may show up as a C# error inside a generated file, and none may cascade into other entries.
    /// </summary>
    public sealed class MistakeCorpusTests
    {
        /// <summary>A small table that reaches every kind of entry; each case changes one line of it.</summary>
        public const string Valid = """
            namespace: Corpus.Native
            functions:
              - name: read
                returns: ssize_t
                params:
                  - { name: fd, type: int }
                  - { name: buf, type: out-buffer, length: count }
                  - { name: count, type: size_t }
              - name: getpid
                returns: int
                errno: none
                params: []
              - name: mount
                returns: int
                params:
                  - { name: source, type: string? }
                  - { name: target, type: string }
                  - { name: flags, type: MountFlags }
              - name: uname
                returns: int
                params:
                  - { name: buf, type: out Utsname }
            syscalls:
              - name: pidfd_open
                returns: fd
                numbers: { x86_64: 434, aarch64: 434 }
                params:
                  - { name: pid, type: int }
                  - { name: flags, type: uint }
            constants:
              - { name: AT_FDCWD, type: int, value: -100 }
              - { name: MODE, type: uint, value: 0755 }
            flags:
              - name: MountFlags
                type: ulong
                values:
                  - { name: ReadOnly, value: 1 }
                  - { name: NoSuid, value: 0x2 }
            structs:
              - name: Timespec
                size: 16
                fields:
                  - { name: tv_sec, type: long, offset: 0 }
                  - { name: tv_nsec, type: long, offset: 8 }
              - name: Utsname
                size: 390
                fields:
                  - { name: sysname, type: "byte[65]", offset: 0 }
                  - { name: nodename, type: "byte[65]", offset: 65 }
              - name: Pair
                size: 32
                fields:
                  - { name: first, type: Timespec, offset: 0 }
                  - { name: second, type: Timespec, offset: 16 }
            errno:
              - { name: EWOULDBLOCK, value: 11, doc: "Resource temporarily unavailable" }
            """;

        /// <summary>(what the case is, the line to find, its replacement with '§' at the expected position, the id).</summary>
        public static readonly (string Case, string Find, string Replace, string Id)[] Cases =
        [
            // ---- YAML outside the subset, or broken ----
            ("tab in indentation", "    returns: ssize_t", "§\treturns: ssize_t", "SYSGEN001"),
            ("unterminated quote", "  - { name: AT_FDCWD, type: int, value: -100 }", "  - { name: AT_FDCWD, type: int, value: §\"-100 }", "SYSGEN001"),
            ("anchor", "    returns: int\n    errno: none", "    returns: §&a int\n    errno: none", "SYSGEN001"),
            ("alias", "    returns: int\n    errno: none", "    returns: §*a\n    errno: none", "SYSGEN001"),
            ("tag", "  - { name: MODE, type: uint, value: 0755 }", "  - { name: MODE, type: uint, value: §!!int 0755 }", "SYSGEN001"),
            ("unclosed flow map", "      - { name: fd, type: int }", "      - §{ name: fd, type: int", "SYSGEN001"),
            ("unclosed flow list", "    numbers: { x86_64: 434, aarch64: 434 }", "    numbers: §[ 434, 434", "SYSGEN001"),
            ("explicit key", "    errno: none", "    §? errno: none", "SYSGEN001"),
            ("indentation indicator", "    returns: int\n    errno: none", "    returns: int\n    errno: none\n    doc: |§2\n      text", "SYSGEN001"),
            ("second document", "errno:\n", "§---\nerrno:\n", "SYSGEN001"),

            // ---- Unknown and missing keys ----
            ("misspelled returns", "    returns: ssize_t", "    §retruns: ssize_t\n    returns: ssize_t", "SYSGEN002"),
            ("misspelled errno", "    errno: none", "    §erno: none\n    errno: none", "SYSGEN002"),
            ("misspelled params key", "      - { name: fd, type: int }", "      - { name: fd, §tpye: int, type: int }", "SYSGEN002"),
            ("misspelled numbers", "    numbers: { x86_64: 434, aarch64: 434 }", "    numbers: { x86_64: 434, aarch64: 434 }\n    §number: 1", "SYSGEN002"),
            ("misspelled constant value", "  - { name: AT_FDCWD, type: int, value: -100 }", "  - { name: AT_FDCWD, type: int, value: -100, §vaule: 1 }", "SYSGEN002"),
            ("misspelled flag key", "      - { name: ReadOnly, value: 1 }", "      - { name: ReadOnly, value: 1, §dox: x }", "SYSGEN002"),
            ("misspelled struct size", "    size: 16", "    size: 16\n    §sizee: 16", "SYSGEN002"),
            ("misspelled field offset", "      - { name: tv_sec, type: long, offset: 0 }", "      - { name: tv_sec, type: long, offset: 0, §ofset: 0 }", "SYSGEN002"),
            ("misspelled top-level key", "namespace: Corpus.Native", "namespace: Corpus.Native\n§nativ_class: N", "SYSGEN002"),
            ("misspelled errno doc", "  - { name: EWOULDBLOCK, value: 11, doc: \"Resource temporarily unavailable\" }", "  - { name: EWOULDBLOCK, value: 11, doc: \"x\", §dco: y }", "SYSGEN002"),
            ("function without returns", "  - name: getpid\n    returns: int\n", "  - §name: getpid\n", "SYSGEN003"),
            ("function without params", "    errno: none\n    params: []\n", "    errno: none\n", "SYSGEN003"),
            ("parameter without type", "      - { name: fd, type: int }", "      - §{ name: fd }", "SYSGEN003"),
            ("syscall without numbers", "    numbers: { x86_64: 434, aarch64: 434 }\n", "", "SYSGEN003"),
            ("constant without value", "  - { name: AT_FDCWD, type: int, value: -100 }", "  - §{ name: AT_FDCWD, type: int }", "SYSGEN003"),
            ("flag set without type", "    type: ulong\n", "", "SYSGEN003"),
            ("struct without size", "    size: 16\n", "", "SYSGEN003"),
            ("field without offset", "      - { name: tv_sec, type: long, offset: 0 }", "      - §{ name: tv_sec, type: long }", "SYSGEN003"),
            ("errno without doc", "  - { name: EWOULDBLOCK, value: 11, doc: \"Resource temporarily unavailable\" }", "  - §{ name: EWOULDBLOCK, value: 11 }", "SYSGEN003"),
            ("buffer without length", "      - { name: buf, type: out-buffer, length: count }", "      - §{ name: buf, type: out-buffer }", "SYSGEN003"),

            // ---- Unknown types ----
            ("misspelled return type", "    returns: ssize_t", "    returns: §sszie_t", "SYSGEN004"),
            ("misspelled parameter type", "      - { name: fd, type: int }", "      - { name: fd, type: §itn }", "SYSGEN004"),
            ("unknown struct in out", "      - { name: buf, type: out Utsname }", "      - { name: buf, type: §out Utsnam }", "SYSGEN004"),
            ("unknown constant type", "  - { name: AT_FDCWD, type: int, value: -100 }", "  - { name: AT_FDCWD, type: §integer, value: -100 }", "SYSGEN004"),
            ("unknown flag type", "    type: ulong", "    type: §u64", "SYSGEN004"),
            ("unknown field type", "      - { name: tv_sec, type: long, offset: 0 }", "      - { name: tv_sec, type: §time_t, offset: 0 }", "SYSGEN004"),
            ("struct array field", "      - { name: sysname, type: \"byte[65]\", offset: 0 }", "      - { name: sysname, type: §\"Timespec[2]\", offset: 0 }", "SYSGEN004"),
            ("pointer to unknown", "      - { name: target, type: string }", "      - { name: target, type: §\"Target*\" }", "SYSGEN004"),
            ("unknown syscall return", "    returns: fd\n", "    returns: §handle\n", "SYSGEN004"),
            ("C type for a flag set", "      - { name: flags, type: MountFlags }", "      - { name: flags, type: §mountflags }", "SYSGEN004"),

            // ---- Duplicate and colliding names ----
            ("function twice", "  - name: getpid\n", "  - name: getpid\n    returns: int\n    errno: none\n    params: []\n  - name: §getpid\n", "SYSGEN005"),
            ("friendly names collide", "  - name: getpid\n", "  - name: get_pid\n    friendly: Getpid\n    returns: int\n    errno: none\n    params: []\n  - name: getpid\n    friendly: §Getpid\n", "SYSGEN005"),
            ("derived friendly names collide", "  - name: getpid\n", "  - name: get_pid\n    returns: int\n    errno: none\n    params: []\n  - name: §get__pid\n", "SYSGEN005"),
            ("constant twice", "  - { name: MODE, type: uint, value: 0755 }", "  - { name: MODE, type: uint, value: 0755 }\n  - { name: §MODE, type: uint, value: 1 }", "SYSGEN005"),
            ("constant named like a syscall number", "  - { name: MODE, type: uint, value: 0755 }", "  - { name: §SYS_pidfd_open, type: int, value: 434 }", "SYSGEN005"),
            ("constant named like a function", "  - { name: MODE, type: uint, value: 0755 }", "  - { name: §read, type: int, value: 1 }", "SYSGEN005"),
            ("flag value twice", "      - { name: NoSuid, value: 0x2 }", "      - { name: NoSuid, value: 0x2 }\n      - { name: §NoSuid, value: 0x4 }", "SYSGEN005"),
            ("flag value None", "      - { name: NoSuid, value: 0x2 }", "      - { name: §None, value: 0x2 }", "SYSGEN005"),
            ("struct twice", "errno:\n", "  - name: §Timespec\n    size: 8\n    fields: []\nerrno:\n", "SYSGEN005"),
            ("struct named like a flag set", "  - name: Pair\n", "  - name: §MountFlags\n", "SYSGEN005"),
            ("struct named like the raw class", "  - name: Pair\n", "  - name: §Native\n", "SYSGEN005"),
            ("struct named like ErrnoException", "  - name: Pair\n", "  - name: §ErrnoException\n", "SYSGEN005"),
            ("flag set named Errno", "structs:\n", "  - name: §Errno\n    type: int\n    values: []\nstructs:\n", "SYSGEN005"),
            ("field twice", "      - { name: tv_nsec, type: long, offset: 8 }", "      - { name: §tv_sec, type: long, offset: 8 }", "SYSGEN005"),
            ("field named like its struct", "      - { name: tv_nsec, type: long, offset: 8 }", "      - { name: §Timespec, type: long, offset: 8 }", "SYSGEN005"),
            ("field named SizeInBytes", "      - { name: tv_nsec, type: long, offset: 8 }", "      - { name: §SizeInBytes, type: long, offset: 8 }", "SYSGEN005"),
            ("field named like a char-array accessor", "      - { name: nodename, type: \"byte[65]\", offset: 65 }", "      - { name: §sysnameString, type: \"byte[65]\", offset: 65 }", "SYSGEN005"),
            ("parameter twice", "      - { name: target, type: string }", "      - { name: §source, type: string }", "SYSGEN005"),
            ("function named PrelinkAll", "  - name: getpid\n", "  - name: §PrelinkAll\n", "SYSGEN005"),
            ("function named LibraryName", "  - name: getpid\n", "  - name: §LibraryName\n", "SYSGEN005"),
            ("function named ToString", "  - name: getpid\n", "  - name: §ToString\n", "SYSGEN005"),
            ("function named MemberwiseClone", "  - name: getpid\n", "  - name: §MemberwiseClone\n", "SYSGEN005"),
            ("friendly name Equals", "  - name: getpid\n", "  - name: getpid\n    friendly: §Equals\n", "SYSGEN005"),
            ("friendly name GetType", "  - name: getpid\n", "  - name: getpid\n    friendly: §GetType\n", "SYSGEN005"),
            ("constant named GetHashCode", "  - { name: MODE, type: uint, value: 0755 }", "  - { name: §GetHashCode, type: uint, value: 0755 }", "SYSGEN005"),
            ("syscall named Finalize", "  - name: pidfd_open\n", "  - name: §Finalize\n", "SYSGEN005"),
            ("field named Equals", "      - { name: tv_nsec, type: long, offset: 8 }", "      - { name: §Equals, type: long, offset: 8 }", "SYSGEN005"),
            ("field named ToString", "      - { name: tv_nsec, type: long, offset: 8 }", "      - { name: §ToString, type: long, offset: 8 }", "SYSGEN005"),
            ("field named ReferenceEquals", "      - { name: tv_nsec, type: long, offset: 8 }", "      - { name: §ReferenceEquals, type: long, offset: 8 }", "SYSGEN005"),
            ("function named like the raw class", "  - name: getpid\n", "  - name: §Native\n", "SYSGEN005"),
            ("friendly name Sys", "  - name: getpid\n", "  - name: getpid\n    friendly: §Sys\n", "SYSGEN005"),
            ("errno value None", "  - { name: EWOULDBLOCK, value: 11, doc: \"Resource temporarily unavailable\" }", "  - { name: §None, value: 11, doc: \"x\" }", "SYSGEN005"),
            ("errno twice", "  - { name: EWOULDBLOCK, value: 11, doc: \"Resource temporarily unavailable\" }", "  - { name: EXTRA, value: 200, doc: \"x\" }\n  - { name: §EXTRA, value: 201, doc: \"y\" }", "SYSGEN005"),
            ("same friendly and native class", "namespace: Corpus.Native", "namespace: Corpus.Native\nnative_class: Api\nfriendly_class: §Api", "SYSGEN005"),

            // ---- Identifiers ----
            ("function name with a dash", "  - name: getpid\n", "  - name: §get-pid\n", "SYSGEN006"),
            ("parameter name with a space", "      - { name: fd, type: int }", "      - { name: §\"f d\", type: int }", "SYSGEN006"),
            ("parameter name __result", "      - { name: fd, type: int }", "      - { name: §__result, type: int }", "SYSGEN006"),
            ("parameter name nameof", "      - { name: fd, type: int }", "      - { name: §nameof, type: int }", "SYSGEN006"),
            ("constant starting with a digit", "  - { name: MODE, type: uint, value: 0755 }", "  - { name: §0MODE, type: uint, value: 0755 }", "SYSGEN006"),
            ("namespace with a keyword", "namespace: Corpus.Native", "namespace: §Corpus.class", "SYSGEN006"),
            ("namespace with a dash", "namespace: Corpus.Native", "namespace: §Corpus-Native", "SYSGEN006"),
            ("struct name with a dot", "  - name: Pair\n", "  - name: §Pa.ir\n", "SYSGEN006"),
            ("flag value with a dash", "      - { name: NoSuid, value: 0x2 }", "      - { name: §no-suid, value: 0x2 }", "SYSGEN006"),
            ("friendly name with a dash", "  - name: getpid\n", "  - name: getpid\n    friendly: §Get-Pid\n", "SYSGEN006"),

            // ---- Values out of range ----
            ("constant too large for int", "  - { name: AT_FDCWD, type: int, value: -100 }", "  - { name: AT_FDCWD, type: int, value: §0x80000000 }", "SYSGEN007"),
            ("negative unsigned constant", "  - { name: MODE, type: uint, value: 0755 }", "  - { name: MODE, type: uint, value: §-1 }", "SYSGEN007"),
            ("negative flag in an unsigned set", "      - { name: NoSuid, value: 0x2 }", "      - { name: NoSuid, value: §-2 }", "SYSGEN007"),
            ("octal too large for byte", "  - { name: MODE, type: uint, value: 0755 }", "  - { name: MODE, type: byte, value: §0755 }", "SYSGEN007"),
            ("field past the struct", "      - { name: tv_nsec, type: long, offset: 8 }", "      - { name: tv_nsec, type: long, offset: §12 }", "SYSGEN007"),
            ("array field past the struct", "      - { name: nodename, type: \"byte[65]\", offset: 65 }", "      - { name: nodename, type: \"byte[65]\", offset: §330 }", "SYSGEN007"),
            ("nested struct past the struct", "      - { name: second, type: Timespec, offset: 16 }", "      - { name: second, type: Timespec, offset: §24 }", "SYSGEN007"),
            ("negative offset", "      - { name: tv_sec, type: long, offset: 0 }", "      - { name: tv_sec, type: long, offset: §-8 }", "SYSGEN007"),
            ("zero size", "    size: 16", "    size: §0", "SYSGEN007"),
            ("negative syscall number", "    numbers: { x86_64: 434, aarch64: 434 }", "    numbers: { x86_64: §-1, aarch64: 434 }", "SYSGEN007"),
            ("seven syscall parameters", "      - { name: flags, type: uint }", "      - { name: flags, type: uint }\n      - { name: a3, type: int }\n      - { name: a4, type: int }\n      - { name: a5, type: int }\n      - { name: a6, type: int }\n      - { name: a7, type: int }", "SYSGEN007"),
            ("errno value already built in", "  - { name: EWOULDBLOCK, value: 11, doc: \"Resource temporarily unavailable\" }", "  - { name: §EAGAIN, value: 35, doc: \"x\" }", "SYSGEN007"),
            ("errno too large", "  - { name: EWOULDBLOCK, value: 11, doc: \"Resource temporarily unavailable\" }", "  - { name: EBIG, value: §99999999999, doc: \"x\" }", "SYSGEN007"),

            // ---- Wrong kind of value ----
            ("params as a scalar", "    errno: none\n    params: []", "    errno: none\n    params: §none", "SYSGEN008"),
            ("errno section as a scalar", "errno:\n  - { name: EWOULDBLOCK, value: 11, doc: \"Resource temporarily unavailable\" }", "errno: §none", "SYSGEN008"),
            ("parameter as a scalar", "      - { name: fd, type: int }", "      - §fd", "SYSGEN008"),
            ("returns as a list", "    returns: ssize_t", "    returns: §[ssize_t]", "SYSGEN008"),
            ("entry as a scalar", "  - name: Pair\n    size: 32\n", "  - §Pair\n  - name: Pair2\n    size: 32\n", "SYSGEN008"),
            ("numbers as a scalar", "    numbers: { x86_64: 434, aarch64: 434 }", "    numbers: §434", "SYSGEN008"),
            ("size as a list", "    size: 16", "    size: §[16]", "SYSGEN008"),
            ("values as a mapping", "    values:\n      - { name: ReadOnly, value: 1 }\n      - { name: NoSuid, value: 0x2 }", "    values: §{ ReadOnly: 1 }", "SYSGEN008"),

            // ---- Invalid values ----
            ("unknown errno convention", "    errno: none", "    errno: §nil", "SYSGEN009"),
            ("unsigned return with minus-one", "    returns: ssize_t", "    returns: size_t\n    errno: §minus-one", "SYSGEN009"),
            ("unsigned return with default minus-one", "    returns: ssize_t", "    returns: §uint", "SYSGEN009"),
            ("void return that checks errno", "    returns: int\n    errno: none", "    returns: §void", "SYSGEN009"),
            ("struct return with minus-one", "    returns: int\n    errno: none", "    returns: §Timespec", "SYSGEN009"),
            ("errno returned on a pointer", "    returns: int\n    errno: none", "    returns: pointer\n    errno: §returned", "SYSGEN009"),
            ("errno null on an int", "    returns: int\n    errno: none", "    returns: int\n    errno: §null", "SYSGEN009"),
            ("fd return without minus-one", "    returns: fd\n", "    returns: §fd\n    errno: none\n", "SYSGEN009"),
            ("length names a missing parameter", "      - { name: buf, type: out-buffer, length: count }", "      - { name: buf, type: out-buffer, length: §size }", "SYSGEN009"),
            ("length names a string", "      - { name: buf, type: out-buffer, length: count }\n      - { name: count, type: size_t }", "      - { name: buf, type: out-buffer, length: §count }\n      - { name: count, type: string }", "SYSGEN009"),
            ("length narrower than a span", "      - { name: count, type: size_t }", "      - { name: count, type: ushort }", "SYSGEN009"),
            ("length on a value", "      - { name: fd, type: int }", "      - { name: fd, type: int, length: §count }", "SYSGEN009"),
            ("child is not a boolean", "    errno: none", "    errno: none\n    child: §yes", "SYSGEN009"),
            ("misaligned long", "      - { name: tv_nsec, type: long, offset: 8 }", "      - { name: tv_nsec, type: long, offset: §4 }", "SYSGEN009"),
            ("misaligned nested struct", "      - { name: second, type: Timespec, offset: 16 }", "      - { name: second, type: Timespec, offset: §12 }", "SYSGEN009"),
            ("size not a multiple of the alignment", "    size: 16", "    size: §20", "SYSGEN009"),
            ("struct containing itself", "      - { name: second, type: Timespec, offset: 16 }", "      - { name: second, type: §Pair, offset: 16 }", "SYSGEN009"),
            ("array without length", "      - { name: sysname, type: \"byte[65]\", offset: 0 }", "      - { name: sysname, type: §\"byte[]\", offset: 0 }", "SYSGEN009"),
            ("decimal-looking octal", "  - { name: MODE, type: uint, value: 0755 }", "  - { name: MODE, type: uint, value: §0789 }", "SYSGEN009"),
            ("not a number", "  - { name: MODE, type: uint, value: 0755 }", "  - { name: MODE, type: uint, value: §O755 }", "SYSGEN009"),
            ("hex without digits", "  - { name: AT_FDCWD, type: int, value: -100 }", "  - { name: AT_FDCWD, type: int, value: §0x }", "SYSGEN009"),
            ("struct passed by value to a syscall", "      - { name: flags, type: uint }", "      - { name: flags, type: uint }\n      - { name: ts, type: Timespec }", "SYSGEN009"),
            ("bad visibility", "namespace: Corpus.Native", "namespace: Corpus.Native\nvisibility: §protected", "SYSGEN009"),
            ("enum of nint", "    type: ulong", "    type: §nint", "SYSGEN009"),
            ("library with a quote", "namespace: Corpus.Native", "namespace: Corpus.Native\nlibrary: §'li\"bc'", "SYSGEN009"),
            ("packed is not a boolean", "    size: 16", "    size: 16\n    packed: §sometimes", "SYSGEN009"),
            ("since with a line break", "    returns: int\n    errno: none", "    returns: int\n    errno: none\n    since: §\"5.\\n8\"", "SYSGEN009"),
            ("syscall since with U+2028", "    numbers: { x86_64: 434, aarch64: 434 }", "    numbers: { x86_64: 434, aarch64: 434 }\n    since: §\"5.3\\u2028\"", "SYSGEN009"),
            ("struct since with a carriage return", "    size: 16", "    size: 16\n    since: §\"2.6\\x0D\"", "SYSGEN009"),
            ("constant C name with a line break", "  - { name: AT_FDCWD, type: int, value: -100 }", "  - { name: AT_FDCWD, type: int, value: -100, c: §\"AT_\\nFDCWD\" }", "SYSGEN009"),
            ("struct C name with a line break", "  - name: Pair\n", "  - name: Pair\n    c: §\"struct\\npair\"\n", "SYSGEN009"),
            ("field C name with U+2029", "      - { name: tv_sec, type: long, offset: 0 }", "      - { name: tv_sec, type: long, offset: 0, c: §\"tv_sec\\u2029\" }", "SYSGEN009"),
            ("flag value C name with a line break", "      - { name: ReadOnly, value: 1 }", "      - { name: ReadOnly, value: 1, c: §\"MS_\\nRDONLY\" }", "SYSGEN009"),
            ("headers as a scalar", "namespace: Corpus.Native", "namespace: Corpus.Native\nheaders: §sys/mount.h", "SYSGEN008"),

            // ---- Per-architecture maps ----
            ("missing architecture", "    numbers: { x86_64: 434, aarch64: 434 }", "    numbers: §{ x86_64: 434 }", "SYSGEN010"),
            ("architecture alias", "    numbers: { x86_64: 434, aarch64: 434 }", "    numbers: { x86_64: 434, aarch64: 434, §arm64: 434 }", "SYSGEN012"),
            ("unknown architecture", "      - { name: sysname, type: \"byte[65]\", offset: 0 }", "      - { name: sysname, type: \"byte[65]\", offset: { x86_64: 0, aarch64: 0, §riscv64: 0 } }", "SYSGEN012"),
        ];

        public static IEnumerable<object[]> CaseNames() => Cases.Select(c => new object[] { c.Case });

        [Fact]
        public void TheCorpusHasAtLeastAHundredCasesAndTheValidTableIsValid()
        {
            Assert.True(Cases.Length >= 100, $"{Cases.Length} cases");
            Assert.Equal(Cases.Length, Cases.Select(c => c.Case).Distinct().Count());
            var (run, output, _) = Generate(Valid);
            Assert.Empty(run.Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void EachMistakeIsOneDiagnosticAtItsPositionAndTheRestStillCompiles(string name)
        {
            var c = Cases.Single(x => x.Case == name);
            Assert.Equal(1, Occurrences(Valid, c.Find));
            string marked = Valid.Replace(c.Find, c.Replace);
            (string table, int line, int column) = Unmark(marked, c);

            var (run, output, diagnostics) = Generate(table);
            Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "CS8784");
            Diagnostic d = Assert.Single(run.Results.Single().Diagnostics);
            AssertAt(d, c.Id, line, column);
            Assert.Empty(Errors(output));
        }

        /// <summary>A broken entry is left out, and code using the other entries still compiles.</summary>
        [Fact]
        public void ABrokenEntryLeavesTheOthersUsable()
        {
            string table = Valid.Replace("    returns: ssize_t", "    returns: sszie_t");
            var (run, output, _) = Generate(table, """
                namespace Consumer
                {
                    using Corpus.Native;
                    internal static class UsesTheRest
                    {
                        public static int Pid() => Sys.Getpid();
                        public static MountFlags Flags => MountFlags.ReadOnly | MountFlags.NoSuid;
                        public static uint Mode => Native.MODE;
                        public static string Name(Utsname u) => u.sysnameString;
                    }
                }
                """);
            Assert.Single(run.Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
            Assert.Empty(output.GetTypeByMetadataName("Corpus.Native.Native")!.GetMembers("read"));
        }

        /// <summary>
        /// The position of '§' (1-based), and the text without it. A case whose change removes or moves the reported
        /// node to a place that cannot hold a marker gives the position as an index into <see cref="Expected"/>.
        /// </summary>
        private static (string Table, int Line, int Column) Unmark(string marked, (string Case, string Find, string Replace, string Id) c)
        {
            int at = marked.IndexOf('§');
            if (at < 0)
            {
                (int line, int column) = Expected[c.Case];
                return (marked, line, column);
            }

            string before = marked.Substring(0, at);
            int lineNumber = before.Count(ch => ch == '\n') + 1;
            int columnNumber = at - (before.LastIndexOf('\n') + 1) + 1;
            return (marked.Remove(at, 1), lineNumber, columnNumber);
        }

        /// <summary>Positions of cases whose diagnostic points at a node the change does not write (a key it removes, a value it keeps).</summary>
        private static readonly Dictionary<string, (int Line, int Column)> Expected = new()
        {
            ["function without params"] = (9, 5),
            ["syscall without numbers"] = (24, 5),
            ["flag set without type"] = (34, 5),
            ["struct without size"] = (40, 5),
            ["seven syscall parameters"] = (28, 7),
            ["length narrower than a span"] = (7, 48),
            ["struct passed by value to a syscall"] = (28, 7),
        };

        private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
    }
}
