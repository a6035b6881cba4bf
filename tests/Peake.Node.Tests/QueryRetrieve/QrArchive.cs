using Peake.Node.Tests.Replication;

namespace Peake.Node.Tests.QueryRetrieve;

/// <summary>
/// The shared archive with the query corpus loaded once (issue 6's acceptance scenario): a hospital of site A (west)
/// stores it at its own node; a hospital of site B (east, whose PACS is the collection's storescp) reads it at its own
/// node. Loaded means three copies each and the read model answering for every instance.
/// </summary>
internal static class QrArchive
{
    /// <summary>Site A's hospital: it sends the corpus.</summary>
    public const string StoringHospital = "SCVALLEY_PACS";

    /// <summary>Site B's hospital: it queries and retrieves, and its PACS is a registered C-MOVE destination.</summary>
    public const string ReadingHospital = ArchiveFixture.PacsHospital;

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    public static ArchiveNode Reader(ArchiveCluster cluster) => cluster[Hospitals.SiteOf(ReadingHospital)];

    public static Task<QrCorpus> CorpusAsync(ArchiveFixture fixture) => fixture.SharedAsync("query corpus", () => LoadAsync(fixture.Cluster));

    private static async Task<QrCorpus> LoadAsync(ArchiveCluster cluster)
    {
        var folder = cluster.Folder($"qr-{Guid.NewGuid():N}");
        var corpus = QrCorpus.Write(folder, StoringHospital);
        await Replication.Ingest.StoreSettledAsync(cluster, corpus.Instances, Settle, "the query corpus");
        // The read model is fed by a projection of the catalog events: it follows the acknowledgements by a moment.
        await Eventually.Until(
            () => QrTools.FindAsync(Reader(cluster), ReadingHospital, folder, QrTools.StudyRoot,
                "QueryRetrieveLevel=STUDY", $"PatientID=QR{corpus.Token}*", "NumberOfStudyRelatedInstances"),
            r => r.Responses.Sum(d => int.Parse(d.GetString(Peake.Dicom.DicomTags.NumberOfStudyRelatedInstances) ?? "0", System.Globalization.CultureInfo.InvariantCulture))
                 == corpus.Instances.Count,
            Settle, "the read model answers for every instance of the query corpus");
        return corpus;
    }
}
