using System.Collections;
using System.Collections.Generic;
using System.Text;
using Interop.Runtime.Text;

namespace Interop.Runtime
{
    /// <summary>
    /// This process's environment as a sandbox inherits it: what .NET holds now (so a variable set
    /// with <see cref="System.Environment.SetEnvironmentVariable(string, string)"/> is passed on, as
    /// Process.Start passes it), with the exact bytes the kernel passed at execve for every entry the
    /// process has not changed (see <see cref="ProcessArguments"/>: .NET's own copy lost what is not UTF-8).
    /// </summary>
    public static class ProcessEnvironment
    {
        /// <summary>Every entry, KEY=VALUE.</summary>
        public static IReadOnlyList<string> Entries()
        {
            var current = new List<string>();
            bool replaced = false;
            foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
            {
                string entry = (string)variable.Key + "=" + (string?)variable.Value;
                replaced |= entry.Contains('\uFFFD');
                current.Add(entry);
            }

            // Valid UTF-8 decodes to the same string either way: only a replacement character says
            // some bytes must be read again (this keeps a spawn free of reading /proc/self/environ).
            return replaced ? WithReceivedBytes() : current;
        }

        /// <summary>The current environment with the bytes the kernel passed for every entry not changed since.</summary>
        private static IReadOnlyList<string> WithReceivedBytes()
        {
            // What the kernel passed, by the name .NET knows it under (UTF-8 with replacement).
            var received = new Dictionary<string, (string Name, string Value, string Lossy)>(System.StringComparer.Ordinal);
            foreach (string entry in InitialStack.Environment())
            {
                int eq = entry.IndexOf('=');
                if (eq > 0)
                {
                    received.TryAdd(Lossy(entry[..eq]), (entry[..eq], entry[(eq + 1)..], Lossy(entry[(eq + 1)..])));
                }
            }

            var entries = new List<string>();
            foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
            {
                string name = (string)variable.Key;
                string value = (string?)variable.Value ?? "";
                entries.Add(received.TryGetValue(name, out var raw) && raw.Lossy == value
                    ? raw.Name + "=" + raw.Value
                    : name + "=" + value);
            }

            return entries;
        }

        /// <summary>What .NET makes of the bytes a string stands for: UTF-8 with replacement.</summary>
        private static string Lossy(string text)
        {
            byte[] bytes = new byte[FileSystemEncoding.GetByteCount(text)];
            FileSystemEncoding.Encode(text, bytes);
            return Encoding.UTF8.GetString(bytes);
        }
    }
}
