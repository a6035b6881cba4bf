using Peake.Cluster.Studies;

namespace Peake.Node.Options;

/// <summary>
/// The node's DICOM gateway as its flags set it: the called AE title it answers to, how many nodes must hold an
/// instance durably before a C-STORE succeeds, and what a second, different instance under the same SOP Instance UID
/// does (ADR 0025, 0027).
/// </summary>
internal sealed record IngestFlags(string AeTitle, int WriteQuorum, DuplicatePolicy Duplicates)
{
    public const int DefaultWriteQuorum = 2;

    /// <summary>The defaults for a site: AE title <c>PEAKE_&lt;SITE&gt;</c>, quorum 2, duplicates rejected.</summary>
    public static IngestFlags For(string site) =>
        new(DefaultAeTitle(site), DefaultWriteQuorum, DuplicatePolicy.Reject);

    public static string DefaultAeTitle(string site) => "PEAKE_" + site.ToUpperInvariant();
}
