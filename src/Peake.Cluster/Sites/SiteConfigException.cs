namespace Peake.Cluster.Sites;

/// <summary>The site declarations are unusable; the message names the site or hospital and what is wrong.</summary>
public sealed class SiteConfigException(string message) : Exception(message);
