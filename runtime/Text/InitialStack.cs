using System;
using System.Collections.Generic;
using System.IO;
using Interop.Linux;

namespace Interop.Runtime.Text
{
    /// <summary>
    /// The arguments and environment exactly as the kernel passed them at execve, as bytes decoded
    /// losslessly (<see cref="FileSystemEncoding"/>). They are read from /proc/self/cmdline and
    /// /proc/self/environ; without /proc, from the initial stack itself, where the kernel laid them:
    /// the argument strings, then the environment strings, then the executed file's name, whose
    /// address the auxiliary vector gives (AT_EXECFN). The environment's start there is found
    /// through getenv, which returns pointers into that block.
    /// </summary>
    internal static unsafe class InitialStack
    {
        private static string[]? s_arguments;
        private static string[]? s_environment;

        /// <summary>argv, argv[0] included.</summary>
        public static string[] Arguments() => s_arguments ??= Read("/proc/self/cmdline") ?? FromStack().Arguments;

        /// <summary>The environment's KEY=VALUE entries, in the kernel's order.</summary>
        public static string[] Environment() => s_environment ??= Read("/proc/self/environ") ?? FromStack().Environment;

        private static string[]? Read(string path)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }

            return Split(bytes);
        }

        private static string[] Split(ReadOnlySpan<byte> block)
        {
            var strings = new List<string>();
            while (!block.IsEmpty)
            {
                int end = block.IndexOf((byte)0);
                if (end < 0)
                {
                    end = block.Length;
                }

                strings.Add(FileSystemEncoding.Decode(block[..end]));
                block = end < block.Length ? block[(end + 1)..] : [];
            }

            return strings.ToArray();
        }

        private static (string[] Arguments, string[] Environment) FromStack()
        {
            // .NET's own (lossy) view gives the counts and the names; the bytes come from the stack.
            string[] lossyArguments = System.Environment.GetCommandLineArgs();
            byte* execFn = (byte*)Native.getauxval(Native.AT_EXECFN);
            if (execFn == null)
            {
                return (lossyArguments, []);
            }

            // The environment starts at the lowest entry getenv points into, below AT_EXECFN.
            byte* environmentStart = execFn;
            foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                string name = (string)entry.Key;
                byte* value;
                fixed (byte* nameBytes = FileSystemEncoding.ToNulTerminated(name))
                {
                    value = Native.getenv(nameBytes);
                }

                byte* start = value == null ? null : value - FileSystemEncoding.GetByteCount(name) - 1;
                if (start != null && start < environmentStart && execFn - start < 64 * 1024 * 1024)
                {
                    environmentStart = start;
                }
            }

            string[] environment = Split(new ReadOnlySpan<byte>(environmentStart, (int)(execFn - environmentStart)));

            // The arguments are the argc strings right before it: walk back one NUL-terminated string at a time.
            byte* argumentsStart = environmentStart;
            for (int remaining = lossyArguments.Length; remaining > 0 && environmentStart - argumentsStart < 64 * 1024 * 1024; remaining--)
            {
                argumentsStart--; // the NUL that ends the string before
                while (argumentsStart[-1] != 0)
                {
                    argumentsStart--;
                }
            }

            string[] arguments = Split(new ReadOnlySpan<byte>(argumentsStart, (int)(environmentStart - argumentsStart)));
            return (arguments.Length == lossyArguments.Length ? arguments : lossyArguments, environment);
        }
    }
}
