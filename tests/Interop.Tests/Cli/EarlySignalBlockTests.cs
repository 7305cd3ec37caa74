using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Interop.Linux;
using Interop.Runtime;
using Interop.Tests.Support;
using Xunit;

namespace Interop.Tests.Cli
{
    /// <summary>
    /// nsbox's constructor (cli/Native/inherited_signals.c) blocks the signal proxy's signals before
    /// the runtime starts a thread, so that run and exec need no forced collection to reach the
    /// finalizer thread. Its list must be <see cref="SignalProxy.Signals"/>: where the two differ nsbox
    /// still works (it falls back to <see cref="SignalProxy.Begin"/>), only slower, which no
    /// behaviour test would see. So the list is compared here.
    /// </summary>
    public sealed class EarlySignalBlockTests
    {
        [Fact]
        public void TheConstructorBlocksExactlyTheProxysSignalsInItsOrder()
        {
            string source = System.IO.File.ReadAllText(Repo.Path("cli", "Native", "inherited_signals.c"));
            Match list = Regex.Match(source, @"nsbox_proxied\[\]\s*=\s*\{([^}]*)\}");
            Assert.True(list.Success, "inherited_signals.c declares nsbox_proxied[] = { ... }");
            int[] constructor = list.Groups[1].Value.Split(',').Select(name => SignalNumber(name.Trim())).ToArray();

            Assert.Equal(SignalProxy.Signals.ToArray(), constructor);
        }

        [Fact]
        public void SignalBitsHoldsBitNMinusOneForEachProxiedSignal()
        {
            ulong expected = SignalProxy.Signals.Aggregate(0UL, (bits, signal) => bits | (1UL << (signal - 1)));
            Assert.Equal(expected, SignalProxy.SignalBits);
            Assert.Equal(1UL << (Native.SIGHUP - 1), SignalProxy.SignalBits & 1UL);
        }

        [Fact]
        public void ASignalOutsideTheProxysListIsRefused()
        {
            Assert.Throws<System.ArgumentException>(() => SignalProxy.BeginBlockedEarly(1UL << (Native.SIGALRM - 1)));
        }

        private static int SignalNumber(string name)
        {
            FieldInfo? field = typeof(Native).GetField(name, BindingFlags.Public | BindingFlags.Static);
            Assert.True(field is not null, $"Native.{name} exists (a signal name from inherited_signals.c)");
            return System.Convert.ToInt32(field!.GetValue(null), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
