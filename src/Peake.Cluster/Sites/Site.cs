using System.Collections.Immutable;

namespace Peake.Cluster.Sites;

/// <summary>A regional data centre: its name (the role is <c>site-{Name}</c>), its position for "nearest", and its hospitals.</summary>
public sealed record Site(string Name, double Latitude, double Longitude, ImmutableArray<Hospital> Hospitals)
{
    /// <summary>The Akka role a node of this site carries.</summary>
    public string Role => SiteRole.For(Name);
}
