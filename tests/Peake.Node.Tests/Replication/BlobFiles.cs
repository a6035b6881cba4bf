using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// The blobs on a node's disk, read without asking the node: every file under its data folder named by a SHA-256
/// (64 lower-case hex digits), except in the store's temporary and quarantine folders (a temporary is not visible to
/// readers; a quarantined blob is never served). This is the ground truth the archive's own reports are checked against.
/// </summary>
internal static partial class BlobFiles
{
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal) { "tmp", "quarantine", ".incoming" };

    /// <summary>hash → path of every visible blob file on the node.</summary>
    public static Dictionary<string, string> Visible(ArchiveNode node)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(node.DataDir))
            return found;
        foreach (var path in Directory.EnumerateFiles(node.DataDir, "*", SearchOption.AllDirectories))
        {
            if (!HashName().IsMatch(Path.GetFileName(path)))
                continue;
            var relative = Path.GetRelativePath(node.DataDir, path).Split(Path.DirectorySeparatorChar);
            if (relative.Any(Hidden.Contains))
                continue;
            found[Path.GetFileName(path)] = path;
        }
        return found;
    }

    /// <summary>hash → the nodes whose disk holds a visible file of it.</summary>
    public static Dictionary<string, List<ArchiveNode>> Holders(IEnumerable<ArchiveNode> nodes)
    {
        var holders = new Dictionary<string, List<ArchiveNode>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var hash in Visible(node).Keys)
            {
                if (!holders.TryGetValue(hash, out var list))
                    holders[hash] = list = [];
                list.Add(node);
            }
        }
        return holders;
    }

    /// <summary>True when the file's bytes hash to its name (a file being replaced may vanish: false).</summary>
    public static bool Intact(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(file)) == Path.GetFileName(path);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The data set of a Part 10 file: what follows the file meta group (PS3.10 7.1).</summary>
    public static ReadOnlySpan<byte> DataSet(byte[] part10)
    {
        Assert.True(part10.Length > 144 && part10.AsSpan(128, 4).SequenceEqual("DICM"u8), "not a Part 10 file");
        // (0002,0000) UL, the meta group's length, is the first element: 12 bytes of tag, VR, length and value.
        return part10.AsSpan(132 + 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(part10.AsSpan(132 + 8)));
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashName();
}
