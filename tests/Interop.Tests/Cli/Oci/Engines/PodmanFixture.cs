using System;
using Xunit;

namespace Interop.Tests.Cli.Oci.Engines
{
    /// <summary>One <see cref="PodmanEngine"/> for the podman tests, made on first use (so a run that filters them out imports nothing).</summary>
    public sealed class PodmanFixture : IDisposable
    {
        private readonly Lazy<PodmanEngine> _engine = new(() => new PodmanEngine());

        public PodmanEngine Engine => _engine.Value;

        public void Dispose()
        {
            if (_engine.IsValueCreated)
            {
                _engine.Value.Dispose();
            }
        }
    }

    /// <summary>The podman tests share the engine and run one at a time (podman's own locks would serialise them anyway).</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class PodmanCollection : ICollectionFixture<PodmanFixture>
    {
        public const string Name = "podman";
    }
}
