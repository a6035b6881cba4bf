using Peake.Management.Auth;

namespace Peake.Node.Options;

/// <summary>
/// The bearer secret of node-to-node blob transfer: the first line of --cluster-secret-file (PEAKE_CLUSTER_SECRET_FILE),
/// else the management token. Separate files let an operator hand the management token to people without giving
/// them the right to write blobs into every node; the fallback keeps a demonstration cluster to one secret. Every
/// node of a cluster must use the same secret, or its peers' fetches are refused (401).
/// </summary>
internal static class ClusterSecret
{
    public static string Load(NodeOptions options, string managementToken)
    {
        if (options.ClusterSecretFile is not { } file)
            return managementToken;
        var text = SecretFile.FirstLine(file, "cluster secret file");
        if (string.IsNullOrEmpty(text) || text.Length < ManagementToken.MinimumLength)
            throw new NodeOptionsException($"the cluster secret file '{file}' must hold a secret of at least {ManagementToken.MinimumLength} characters on its first line");
        return text;
    }
}
