using MessagePack;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sharding;

namespace Peake.Node.Tests.Management;

[MessagePackObject, PeakeManifest("t-node-ping1")]
public sealed record Ping([property: Key(0)] string HomeSite, [property: Key(1)] string EntityId) : ISiteAffineMessage;
