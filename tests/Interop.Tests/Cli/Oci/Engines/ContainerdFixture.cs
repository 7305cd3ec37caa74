using System;
using Xunit;

namespace Interop.Tests.Cli.Oci.Engines
{
    /// <summary>One <see cref="ContainerdEngine"/> for the ctr tests, started on first use.</summary>
    public sealed class ContainerdFixture : IDisposable
    {
        private readonly Lazy<ContainerdEngine> _engine = new(() => new ContainerdEngine());

        public ContainerdEngine Engine => _engine.Value;

        public void Dispose()
        {
            if (_engine.IsValueCreated)
            {
                _engine.Value.Dispose();
            }
        }
    }

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class ContainerdCollection : ICollectionFixture<ContainerdFixture>
    {
        public const string Name = "containerd";
    }
}
