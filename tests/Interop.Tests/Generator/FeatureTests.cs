using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Interop.Tests.Support;
using Microsoft.CodeAnalysis;
using Xunit;
using static Interop.Tests.Generator.GeneratorHarness;

namespace Interop.Tests.Generator
{
    /// <summary>
    /// What generator 0.2 adds, compiled and, where it calls the kernel, run: flag sets as parameter and return
    /// types, NULL-on-failure and string returns, char[N] accessors, the built-in errno set, ErrnoException as an
    /// IOException, visibility, [GeneratedCode]/[SkipLocalsInit], and several tables in one project.
    /// </summary>
    public sealed class FeatureTests
    {
        private const string Table = """
            namespace: Feature.Native
            functions:
              - name: getcwd
                returns: string
                errno: null
                params:
                  - { name: buf, type: pointer }
                  - { name: size, type: size_t }
              - name: getenv
                returns: string
                errno: none
                params:
                  - { name: name, type: string }
              - name: opendir
                returns: pointer
                errno: null
                params:
                  - { name: name, type: string }
              - name: uname
                returns: int
                params:
                  - { name: buf, type: out Utsname }
              - name: open
                returns: fd
                params:
                  - { name: path, type: string }
                  - { name: flags, type: OpenFlags }
                  - { name: mode, type: mode_t }
              - name: memcpy
                returns: pointer
                errno: none
                params:
                  - { name: dest, type: out-buffer, length: n }
                  - { name: src, type: in-buffer, length: n }
                  - { name: n, type: size_t }
              - name: fcntl
                returns: OpenFlags
                params:
                  - { name: fd, type: fd }
                  - { name: cmd, type: int }
                  - { name: arg, type: long }
            constants:
              - { name: F_GETFL, type: int, value: 3 }
              - { name: MODE, type: uint, value: 0755 }
              - { name: HEX, type: uint, value: 0x1ED }
            flags:
              - name: OpenFlags
                type: int
                values:
                  - { name: Directory, value: 0200000 }
                  - { name: CloseOnExec, value: 02000000 }
            structs:
              - name: Utsname
                c: struct utsname
                size: 390
                fields:
                  - { name: sysname, type: "byte[65]", offset: 0 }
                  - { name: release, type: "byte[65]", offset: 130 }
            """;

        private const string Consumer = """
            [assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]
            namespace Feature
            {
                using Feature.Native;
                public static unsafe class Probe
                {
                    public static string Cwd() => Sys.Getcwd(null, 0);
                    public static string? Env(string name) => Sys.Getenv(name);
                    public static string OpenDirectoryError(string path)
                    {
                        try { Sys.Opendir(path); return "opened"; }
                        catch (System.IO.IOException e) when (e is ErrnoException errno) { return errno.Errno.Name() + " " + e.HResult; }
                    }
                    public static string Sysname() { Sys.Uname(out Utsname u); return u.sysnameString + "|" + u.sysnameSpan.Length; }
                    public static string Flags(string directory)
                    {
                        using FileDescriptor fd = Sys.Open(directory, OpenFlags.Directory | OpenFlags.CloseOnExec, 0);
                        OpenFlags flags = Sys.Fcntl(fd, global::Feature.Native.Native.F_GETFL, 0);
                        return ((flags & OpenFlags.Directory) != 0).ToString();
                    }
                    public static string Errno(int value) => ((Errno)value).Name() + ": " + ((Errno)value).Message();
                    public static string Copy(int destination, int source)
                    {
                        var to = new byte[destination];
                        byte[] from = new byte[source];
                        for (int i = 0; i < source; i++) from[i] = (byte)(i + 1);
                        try { Sys.Memcpy(to, from); return string.Join(",", to); }
                        catch (System.ArgumentException e) { return e.ParamName + ": " + e.Message; }
                    }
                    public static string Mode() => global::Feature.Native.Native.MODE + " " + global::Feature.Native.Native.HEX;
                }
            }
            """;

        [Fact]
        public void TheNewShapesCallTheKernel()
        {
            var (run, output, _) = Generate(Table, Consumer);
            Assert.Empty(run.Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
            InvokeAll(output, probe =>
            {
                Assert.Equal(Environment.CurrentDirectory, probe("Cwd"));
                Assert.Equal(Environment.GetEnvironmentVariable("PATH"), probe("Env", "PATH"));
                Assert.Null(probe("Env", "INTEROP_NO_SUCH_VARIABLE_" + Guid.NewGuid().ToString("N")));
                Assert.Equal("ENOENT 2", probe("OpenDirectoryError", "/no/such/directory"));
                Assert.Equal("Linux|65", probe("Sysname"));
                Assert.Equal("True", probe("Flags", Path.GetTempPath()));
                // Built in, not listed in the table: every Linux errno with its C-locale message; aliases share a value.
                Assert.Equal("EAGAIN: Resource temporarily unavailable", probe("Errno", 11));
                Assert.Equal("EHWPOISON: Memory page has hardware error", probe("Errno", 133));
                // One length for two buffers: each must be that long, or the call would write past the shorter one.
                Assert.Equal("1,2,3", probe("Copy", 3, 3));
                Assert.StartsWith("src: 'src' and 'dest' share the length 'n'", (string)probe("Copy", 2, 3)!);
                Assert.StartsWith("src: ", (string)probe("Copy", 3, 2)!);
                // Integers as C reads them: a leading 0 is octal.
                Assert.Equal("493 493", probe("Mode"));
            });
        }

        [Fact]
        public void FlagSetsAreParameterAndReturnTypesInBothLayers()
        {
            var (run, _, _) = Generate(Table);
            Assert.Contains("public static extern global::Feature.Native.OpenFlags fcntl(int fd, int cmd, long arg);", Source(run, "Native.Functions.g.cs"));
            Assert.Contains("public static extern int open(byte* path, global::Feature.Native.OpenFlags flags, uint mode);", Source(run, "Native.Functions.g.cs"));
            Assert.Contains("if ((int)__result == -1)", Source(run, "Sys.Functions.g.cs"));
        }

        [Fact]
        public void EveryTypeCarriesGeneratedCodeAndEveryStubSkipsLocalsInit()
        {
            var (run, output, _) = Generate(Table);
            Assert.Empty(Errors(output));
            foreach (INamedTypeSymbol type in output.Assembly.GlobalNamespace.GetNamespaceMembers().Single(n => n.Name == "Feature").GetNamespaceMembers().Single().GetTypeMembers())
            {
                Assert.Contains(type.GetAttributes(), a => a.AttributeClass?.Name == "GeneratedCodeAttribute");
                Assert.Equal(Accessibility.Internal, type.DeclaredAccessibility);
            }

            INamedTypeSymbol sys = output.GetTypeByMetadataName("Feature.Native.Sys")!;
            Assert.All(sys.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary), m =>
                Assert.Contains(m.GetAttributes(), a => a.AttributeClass?.Name == "SkipLocalsInitAttribute"));
            INamedTypeSymbol exception = output.GetTypeByMetadataName("Feature.Native.ErrnoException")!;
            Assert.Equal("IOException", exception.BaseType!.Name);
        }

        [Theory]
        [InlineData("visibility: public\n", null, Accessibility.Public)]
        [InlineData("", null, Accessibility.Internal)]
        [InlineData("visibility: public\n", "internal", Accessibility.Internal)]
        [InlineData("", "public", Accessibility.Public)]
        public void VisibilityComesFromTheTableOrTheMsBuildProperty(string key, string? property, Accessibility expected)
        {
            string table = "namespace: Vis.Native\n" + key + "functions:\n  - name: getpid\n    returns: int\n    errno: none\n    params: []\n";
            var options = new Dictionary<string, string>();
            if (property is not null)
            {
                options[Interop.Generator.SyscallTableGenerator.VisibilityOption] = property;
            }

            GeneratorDriver driver = BuildTargetHarness.Driver(null, new InMemoryAdditionalText(TablePath, table))
                .WithUpdatedAnalyzerConfigOptions(new GlobalOptionsProvider(options))
                .RunGeneratorsAndUpdateCompilation(Compilation(), out Compilation output, out _);
            Assert.Empty(driver.GetRunResult().Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
            foreach (string name in new[] { "Native", "Sys", "Errno", "ErrnoException", "FileDescriptor" })
            {
                Assert.Equal(expected, output.GetTypeByMetadataName("Vis.Native." + name)!.DeclaredAccessibility);
            }
        }

        [Fact]
        public void SeveralTablesGenerateSideBySideEachInItsNamespace()
        {
            const string First = "namespace: One.Native\nfunctions:\n  - name: getpid\n    returns: int\n    errno: none\n    params: []\n";
            const string Second = "namespace: Two.Native\nfunctions:\n  - name: getpid\n    returns: int\n    errno: none\n    params: []\n";
            GeneratorDriver driver = Driver(new InMemoryAdditionalText("/project/one.syscalls.yaml", First), new InMemoryAdditionalText("/project/two.syscalls.yaml", Second))
                .RunGeneratorsAndUpdateCompilation(Compilation("class C { int P => One.Native.Sys.Getpid() + Two.Native.Sys.Getpid(); }"), out Compilation output, out _);
            Assert.Empty(driver.GetRunResult().Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
        }

        [Fact]
        public void TwoTablesInOneNamespaceAreOneDiagnosticAndTheFirstStillGenerates()
        {
            const string Table1 = "namespace: Same.Native\nfunctions:\n  - name: getpid\n    returns: int\n    errno: none\n    params: []\n";
            GeneratorDriver driver = Driver(new InMemoryAdditionalText("/project/a.syscalls.yaml", Table1), new InMemoryAdditionalText("/project/b.syscalls.yaml", Table1))
                .RunGeneratorsAndUpdateCompilation(Compilation("class C { int P => Same.Native.Sys.Getpid(); }"), out Compilation output, out _);
            Diagnostic d = Assert.Single(driver.GetRunResult().Results.Single().Diagnostics);
            Assert.Equal("SYSGEN011", d.Id);
            Assert.Equal("/project/b.syscalls.yaml", d.Location.GetLineSpan().Path);
            Assert.Empty(Errors(output));
        }

        /// <summary>C names that differ only in case (_exit, _Exit) both generate (hint names, which ignore case, stay unique).</summary>
        [Fact]
        public void NamesThatDifferOnlyInCaseGenerateSideBySide()
        {
            const string Exits = "namespace: Exit.Native\nfunctions:\n  - name: _exit\n    friendly: ExitNow\n    returns: void\n    errno: none\n    params: [ { name: status, type: int } ]\n  - name: _Exit\n    friendly: ExitImmediately\n    returns: void\n    errno: none\n    params: [ { name: status, type: int } ]\n";
            var (run, output, diagnostics) = Generate(Exits);
            Assert.Empty(diagnostics);
            Assert.Empty(run.Results.Single().Diagnostics);
            Assert.Empty(Errors(output));
            INamedTypeSymbol native = output.GetTypeByMetadataName("Exit.Native.Native")!;
            Assert.Single(native.GetMembers("_exit"));
            Assert.Single(native.GetMembers("_Exit"));
        }

        [Fact]
        public void AMisnamedTableIsReportedNotIgnored()
        {
            GeneratorDriver driver = Driver(new InMemoryAdditionalText("/project/syscalls.yml", "namespace: X\n"))
                .RunGeneratorsAndUpdateCompilation(Compilation(), out _, out _);
            Diagnostic d = Assert.Single(driver.GetRunResult().Results.Single().Diagnostics);
            Assert.Equal("SYSGEN013", d.Id);
            Assert.Contains("Rename it to 'syscalls.yaml'", d.GetMessage());
        }

        /// <summary>The built-in errno set against the C library: every name, value and strerror message (C locale).</summary>
        [SkippableFact]
        public void TheBuiltInErrnoSetMatchesTheCLibrary()
        {
            Requirements.Program("/usr/bin/gcc");
            string work = Directory.CreateTempSubdirectory("interop-errno-").FullName;
            try
            {
                var all = Interop.Generator.Model.LinuxErrno.All;
                string c = "#include <errno.h>\n#include <stdio.h>\n#include <string.h>\n#include <locale.h>\nint main(void) { setlocale(LC_ALL, \"C\");\n"
                    + string.Concat(all.Select(e => $"printf(\"%d|%s\\n\", {e.Name}, strerror({e.Name}));\n")) + "return 0; }\n";
                File.WriteAllText(Path.Combine(work, "errno.c"), c);
                RunResult compile = Run.Program("/usr/bin/gcc", ["-o", Path.Combine(work, "errno"), Path.Combine(work, "errno.c")]);
                Assert.True(compile.ExitCode == 0, compile.ToString());
                string[] printed = Run.Program(Path.Combine(work, "errno"), []).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(all.Count, printed.Length);
                for (int i = 0; i < all.Count; i++)
                {
                    Assert.Equal($"{all[i].Value}|{all[i].Message}", printed[i]);
                }

                // Complete: the kernel's highest errno is EHWPOISON (133), and every number up to it that the headers name is here.
                Assert.Equal(133, all.Max(e => e.Value));
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        private delegate object? ProbeCall(string name, params object[] arguments);

        private static void InvokeAll(Compilation output, Action<ProbeCall> body)
        {
            using var image = new MemoryStream();
            var emitted = output.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            var context = new AssemblyLoadContext(nameof(FeatureTests), isCollectible: true);
            try
            {
                image.Position = 0;
                Type probe = context.LoadFromStream(image).GetType("Feature.Probe")!;
                body((name, arguments) =>
                {
                    try
                    {
                        return probe.GetMethod(name)!.Invoke(null, arguments);
                    }
                    catch (TargetInvocationException e) when (e.InnerException is not null)
                    {
                        throw e.InnerException;
                    }
                });
            }
            finally
            {
                context.Unload();
            }
        }
    }
}
