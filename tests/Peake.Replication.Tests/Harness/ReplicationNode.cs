using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Peake.Storage;

namespace Peake.Replication.Tests.Harness;

/// <summary>One test node: an ActorSystem in the cluster, a real blob store in its own folder, a real Kestrel serving it.</summary>
internal sealed class ReplicationNode(ActorSystem system, string site, string root, BlobStore store, WebApplication app, HttpClient http,
    ReplicationHandles handles)
{
    public ActorSystem System { get; } = system;

    public string Site { get; } = site;

    public string Root { get; } = root;

    public BlobStore Store { get; } = store;

    public WebApplication App { get; } = app;

    public HttpClient Http { get; } = http;

    public ReplicationHandles Handles { get; } = handles;

    public string Address { get; } = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();

    public bool Running => !System.WhenTerminated.IsCompleted;

    public bool Holds(string hash) => File.Exists(PathOf(hash));

    public string PathOf(string hash) => Path.Combine(Root, "blobs", hash[..2], hash[2..4], hash);

    public override string ToString() => $"{Address} ({Site})";
}
