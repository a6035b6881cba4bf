using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Peake.Cluster.Patients;
using Peake.Replication;
using Peake.Storage;

namespace Peake.Ingest.Tests.Harness;

/// <summary>One node of an <see cref="IngestTestCluster"/>: its ActorSystem, store, transfer endpoint and gateway.</summary>
internal sealed class IngestNode(string site, ActorSystem system) : IAsyncDisposable
{
    public string Site { get; } = site;

    public ActorSystem System { get; } = system;

    public BlobStore Store { get; set; } = null!;

    public WebApplication Web { get; set; } = null!;

    public HttpClient Http { get; set; } = null!;

    public ReplicationHandles Replication { get; set; } = null!;

    public MasterPersonIndex Patients { get; set; } = null!;

    public IActorRef Studies { get; set; } = null!;

    public IngestGatewayOptions GatewayOptions { get; set; } = null!;

    public IngestGateway Gateway { get; set; } = null!;

    public string AeTitle => GatewayOptions.AeTitle;

    public int Port => Gateway.Port;

    /// <summary>Files in the store's temporary folder: a store cut short must leave none.</summary>
    public int TemporaryFiles => Directory.EnumerateFiles(Path.Combine(Store.Root, "tmp")).Count();

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
            await Gateway.DisposeAsync();
        await System.Terminate().WaitAsync(IngestTestCluster.Deadline);
        if (Web is not null)
            await Web.DisposeAsync();
        Http?.Dispose();
    }
}
