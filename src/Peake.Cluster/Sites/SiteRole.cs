namespace Peake.Cluster.Sites;

/// <summary>The mapping between a site name and the Akka role <c>site-{name}</c> its nodes carry.</summary>
public static class SiteRole
{
    public const string Prefix = "site-";

    public static string For(string siteName) => Prefix + siteName;

    /// <summary>The site named by a member's roles, or null when it carries none (a misconfigured node).</summary>
    public static string? SiteOf(IEnumerable<string> roles)
    {
        foreach (var role in roles)
        {
            if (role.StartsWith(Prefix, StringComparison.Ordinal) && role.Length > Prefix.Length)
                return role[Prefix.Length..];
        }
        return null;
    }
}
