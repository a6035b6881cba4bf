using System.Collections.Concurrent;
using System.Globalization;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// One six-node archive shared by the test classes of the "archive" collection, those that leave every node running
/// or bring back the one they killed (each sends a corpus of its own, with UIDs of its own): a cluster start costs a
/// minute on two cores, so only the tests that kill or drain for good start their own.
///
/// One hospital has a real PACS here: <see cref="Pacs"/>, a dcmtk storescp registered in the cluster's sites.conf as
/// <see cref="PacsHospital"/>'s SCP, started before the nodes so its port is taken when they read it. It is where
/// C-MOVE sends what that hospital asks for.
/// </summary>
public sealed class ArchiveFixture : IAsyncLifetime
{
    /// <summary>A hospital of the oldest site (east): the reading hospital of the query/retrieve tests.</summary>
    public const string PacsHospital = "POTOMAC_PACS";

    private readonly string _received = Directory.CreateTempSubdirectory("peake-archive-pacs-").FullName;
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _shared = new(StringComparer.Ordinal);

    internal ArchiveCluster Cluster { get; private set; } = null!;

    internal RunningPeer Pacs { get; private set; } = null!;

    /// <summary>Where <see cref="Pacs"/> writes what it receives (storescp +B: the data set bytes as they arrived).</summary>
    public string PacsFolder => _received;

    public async Task InitializeAsync()
    {
        Pacs = await AnsweringPeer.StartAsync(
            "storescp", port => ["-aet", PacsHospital, "+xa", "+B", "-od", _received, port.ToString(CultureInfo.InvariantCulture)], PacsHospital);
        Cluster = new ArchiveCluster(hospitalPorts: new Dictionary<string, int> { [PacsHospital] = Pacs.Port });
        await Cluster.StartAsync();
        await Ingest.WarmUpAsync(Cluster, TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Something several test classes of the collection need once (a corpus loaded into the archive): made by the first
    /// that asks, awaited by the rest.
    /// </summary>
    internal async Task<T> SharedAsync<T>(string name, Func<Task<T>> make) where T : class =>
        (T)await _shared.GetOrAdd(name, _ => new Lazy<Task<object>>(async () => await make())).Value;

    public Task DisposeAsync()
    {
        Cluster?.Dispose();
        Pacs?.Dispose();
        Directory.Delete(_received, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The test classes sharing one <see cref="ArchiveFixture"/> (xunit runs them one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ArchiveCollection : ICollectionFixture<ArchiveFixture>
{
    public const string Name = "archive";
}
