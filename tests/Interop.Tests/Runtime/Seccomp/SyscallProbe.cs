using System;
using System.IO;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Runtime.Seccomp
{
    /// <summary>
    /// A small static C program that makes one system call and reports what came back, so a filter's
    /// effect is seen from inside: <c>probe NR [ARG0 [ARG1 ...]]</c> prints "ok RESULT" or
    /// "errno N"; with <c>-t</c> first it handles SIGSYS and prints "sigsys" (SCMP_ACT_TRAP). A
    /// killing action shows as the probe's death by SIGSYS. Built once per test run with gcc.
    /// </summary>
    public static class SyscallProbe
    {
        private const string Source = """
            #include <errno.h>
            #include <signal.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <unistd.h>
            #include <sys/syscall.h>

            static void trapped(int sig) { (void)sig; write(1, "sigsys\n", 7); _exit(0); }

            int main(int argc, char **argv) {
                int i = 1;
                if (argc > 1 && strcmp(argv[1], "-t") == 0) { signal(SIGSYS, trapped); i++; }
                if (i >= argc) return 2;
                long nr = strtol(argv[i++], 0, 0), a[6] = {0};
                for (int k = 0; k < 6 && i < argc; k++, i++) a[k] = (long)strtoull(argv[i], 0, 0);
                errno = 0;
                long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
                if (r == -1) printf("errno %d\n", errno); else printf("ok %ld\n", r);
                return 0;
            }
            """;

        private static readonly Lazy<string> s_path = new(Build);

        /// <summary>The probe's path (built on first use).</summary>
        public static string Path => s_path.Value;

        private static string Build()
        {
            Requirements.Program("/usr/bin/gcc");
            string dir = Directory.CreateTempSubdirectory("nsbox-probe-").FullName;
            string source = System.IO.Path.Combine(dir, "probe.c");
            File.WriteAllText(source, Source);
            string binary = System.IO.Path.Combine(dir, "probe");
            RunResult gcc = Run.Program("gcc", "-static", "-O1", "-o", binary, source);
            Assert.True(gcc.ExitCode == 0, gcc.ToString());
            return binary;
        }
    }
}
