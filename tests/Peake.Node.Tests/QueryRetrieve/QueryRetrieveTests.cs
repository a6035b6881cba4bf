using Peake.Dicom;
using Peake.Node.Tests.Replication;
using Xunit.Abstractions;
using static Peake.Node.Tests.QueryRetrieve.QrTools;

namespace Peake.Node.Tests.QueryRetrieve;

/// <summary>
/// Issue 6's acceptance over DIMSE on the six-site archive: a hospital of site A (west) stored the query corpus at its
/// node; a hospital of site B (east) finds it with findscu at every level and with each PS3.4 C.2.2.2 matching kind, and
/// retrieves it with getscu and with movescu to its own PACS (a dcmtk storescp registered in sites.conf), receiving the
/// data sets byte for byte as they were sent.
/// </summary>
[Trait("Category", "Process")]
[Collection(ArchiveCollection.Name)]
public sealed class QueryRetrieveTests(ArchiveFixture fixture, ITestOutputHelper output) : IDisposable
{
    private const string Hospital = QrArchive.ReadingHospital;

    private readonly ArchiveCluster _cluster = fixture.Cluster;
    private readonly string _work = fixture.Cluster.Folder($"qr-tests-{Guid.NewGuid():N}");

    private ArchiveNode Reader => QrArchive.Reader(_cluster);

    [Fact]
    public async Task Given_a_corpus_stored_at_site_A_When_a_site_B_hospital_runs_findscu_at_every_level_Then_each_level_answers_with_its_entities()
    {
        var corpus = await QrArchive.CorpusAsync(fixture);
        var ct = corpus.Studies[0];

        var (patientResult, patients) = await FindAsync(Reader, Hospital, _work, PatientRoot,
            "QueryRetrieveLevel=PATIENT", $"PatientID={corpus.Patient1}", "PatientName", "NumberOfPatientRelatedStudies", "NumberOfPatientRelatedInstances");
        var studies = await ValuesAsync(Reader, Hospital, _work, DicomTags.StudyInstanceUID, StudyRoot,
            "QueryRetrieveLevel=STUDY", $"PatientID={corpus.Patient1}", "StudyInstanceUID");
        var (_, series) = await FindAsync(Reader, Hospital, _work, StudyRoot,
            "QueryRetrieveLevel=SERIES", $"StudyInstanceUID={ct.Uid}", "SeriesInstanceUID", "Modality", "NumberOfSeriesRelatedInstances");
        var images = await ValuesAsync(Reader, Hospital, _work, DicomTags.SOPInstanceUID, PatientRoot,
            "QueryRetrieveLevel=IMAGE", $"PatientID={corpus.Patient1}", $"StudyInstanceUID={ct.Uid}", $"SeriesInstanceUID={ct.SeriesUids[0]}", "SOPInstanceUID");
        var studyRootImages = await ValuesAsync(Reader, Hospital, _work, DicomTags.SOPInstanceUID, StudyRoot,
            "QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={ct.Uid}", $"SeriesInstanceUID={ct.SeriesUids[1]}", "SOPInstanceUID", "InstanceNumber");

        Assert.True(patientResult.ExitCode == 0, patientResult.ToString());
        var patient = Assert.Single(patients);
        Assert.Equal(QrCorpus.LatinName, patient.GetString(DicomTags.PatientName));
        Assert.Equal("2", patient.GetString(DicomTags.NumberOfPatientRelatedStudies));
        Assert.Equal("8", patient.GetString(DicomTags.NumberOfPatientRelatedInstances));
        Assert.Equal(Sorted(corpus.Studies[0].Uid, corpus.Studies[1].Uid), studies);
        Assert.Equal(Sorted([.. ct.SeriesUids]), Sorted([.. series.Select(s => s.GetString(DicomTags.SeriesInstanceUID)!)]));
        Assert.All(series, s => Assert.Equal(("CT", "3"), (s.GetString(DicomTags.Modality), s.GetString(DicomTags.NumberOfSeriesRelatedInstances))));
        Assert.Equal(Sorted([.. ct.Instances.Where(i => i.SeriesUid == ct.SeriesUids[0]).Select(i => i.SopInstanceUid)]), images);
        Assert.Equal(Sorted([.. ct.Instances.Where(i => i.SeriesUid == ct.SeriesUids[1]).Select(i => i.SopInstanceUid)]), studyRootImages);
    }

    [Fact]
    public async Task Given_a_corpus_stored_at_site_A_When_a_site_B_hospital_queries_with_each_matching_kind_Then_each_finds_exactly_its_studies()
    {
        var corpus = await QrArchive.CorpusAsync(fixture);
        var (s0, s1, s2) = (corpus.Studies[0].Uid, corpus.Studies[1].Uid, corpus.Studies[2].Uid);
        var ours = $"PatientID=QR{corpus.Token}*";
        Task<List<string>> Studies(params string[] keys) =>
            ValuesAsync(Reader, Hospital, _work, DicomTags.StudyInstanceUID, StudyRoot, ["QueryRetrieveLevel=STUDY", "StudyInstanceUID", .. keys]);

        // Single value, and universal matching of the other keys (every study of the corpus).
        Assert.Equal([s1], await Studies($"AccessionNumber={corpus.Studies[1].Accession}"));
        Assert.Equal(Sorted(s0, s1, s2), await Studies(ours, "StudyDescription", "AccessionNumber"));
        // Wildcards: * and ?.
        Assert.Equal([s2], await Studies($"PatientName=DOE{corpus.Token}^*"));
        Assert.Equal(Sorted(s0, s1), await Studies($"PatientID=QR{corpus.Token}?1"));
        Assert.Equal(Sorted(s0, s1, s2), await Studies($"PatientID=QR{corpus.Token}-?"));
        // Case-insensitive person names.
        Assert.Equal([s2], await Studies($"PatientName=doe{corpus.Token.ToLowerInvariant()}^jane"));
        // Date and time ranges: closed, open below, open above.
        Assert.Equal([s0], await Studies(ours, "StudyDate=20240101-20241231"));
        Assert.Equal(Sorted(s0, s1), await Studies(ours, "StudyDate=-20250701"));
        Assert.Equal(Sorted(s1, s2), await Studies(ours, "StudyDate=20250101-"));
        Assert.Equal([s1], await Studies(ours, "StudyTime=120000-235959"));
        // A UID list.
        Assert.Equal(Sorted(s0, s2), await Studies($@"StudyInstanceUID={s0}\{s2}"));
        // Sequence matching, and the computed Modalities in Study.
        Assert.Equal([s1], await Studies(ours, "ProcedureCodeSequence[0].CodeValue=MR7"));
        Assert.Equal([s2], await Studies(ours, "ModalitiesInStudy=CR"));

        // Universal matching returns the stored value.
        var (_, described) = await FindAsync(Reader, Hospital, _work, StudyRoot, "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={s1}", "StudyDescription");
        Assert.Equal("MR study of 20250620", Assert.Single(described).GetString(DicomTags.StudyDescription));
    }

    [Fact]
    public async Task Given_a_Latin_1_patient_name_When_it_is_queried_in_UTF_8_and_lower_case_Then_it_matches_and_the_answer_names_its_own_character_set()
    {
        var corpus = await QrArchive.CorpusAsync(fixture);

        var (result, patients) = await FindAsync(Reader, Hospital, _work, PatientRoot,
            "SpecificCharacterSet=ISO_IR 192", "QueryRetrieveLevel=PATIENT", "PatientName=müller^jö*", $"PatientID=QR{corpus.Token}*");

        Assert.True(result.ExitCode == 0, result.ToString());
        var patient = Assert.Single(patients);
        Assert.Equal(corpus.Patient1, patient.GetString(DicomTags.PatientID));
        // The stored bytes, untouched, with the character set they are in.
        Assert.Equal("ISO_IR 100", patient.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal(QrCorpus.LatinName, patient.GetString(DicomTags.PatientName));
    }

    [Fact]
    public async Task Given_a_corpus_stored_at_site_A_When_a_site_B_hospital_runs_getscu_Then_it_receives_every_instance_of_the_study_byte_identical()
    {
        var corpus = await QrArchive.CorpusAsync(fixture);
        var study = corpus.Studies[0];

        var (result, files) = await GetStudyAsync(Reader, Hospital, _work, study.Uid);

        Assert.True(result.ExitCode == 0, $"{result}\n{_cluster.Tails()}");
        AssertSameDataSets(study.Instances, files);
    }

    [Fact]
    public async Task Given_a_corpus_stored_at_site_A_When_a_site_B_hospital_runs_movescu_to_its_registered_PACS_Then_the_PACS_receives_every_instance_byte_identical()
    {
        var corpus = await QrArchive.CorpusAsync(fixture);
        var study = corpus.Studies[1];
        var series = corpus.Studies[0];

        var moved = await MoveAsync(Reader, Hospital, ArchiveFixture.PacsHospital, "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={study.Uid}");
        var movedSeries = await MoveAsync(Reader, Hospital, ArchiveFixture.PacsHospital,
            "QueryRetrieveLevel=SERIES", $"StudyInstanceUID={series.Uid}", $"SeriesInstanceUID={series.SeriesUids[1]}");
        var unknown = await MoveAsync(Reader, Hospital, "NOWHERE_PACS", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={study.Uid}");

        Assert.True(moved.ExitCode == 0 && movedSeries.ExitCode == 0, $"{moved}\n{movedSeries}\n{_cluster.Tails()}");
        var wanted = study.Instances.Concat(series.Instances.Where(i => i.SeriesUid == series.SeriesUids[1])).ToList();
        var received = await Eventually.Until(() => Task.FromResult(PacsFiles(wanted)), f => f.Count == wanted.Count, TimeSpan.FromSeconds(20), "the PACS has every moved instance");
        AssertSameDataSets(wanted, received);
        // A destination no site registers: refused, nothing sent (PS3.4 C.4.2.1.4, A801H).
        Assert.True(Said(unknown).Contains("MoveDestinationUnknown", StringComparison.Ordinal), Said(unknown));
    }

    /// <summary>The files the PACS holds of these instances (storescp names them by SOP Instance UID).</summary>
    private List<string> PacsFiles(IEnumerable<CorpusInstance> instances)
    {
        var wanted = instances.Select(i => i.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
        return [.. Directory.GetFiles(fixture.PacsFolder).Where(f => wanted.Any(uid => Path.GetFileName(f).EndsWith(uid, StringComparison.Ordinal)))];
    }

    private static List<string> Sorted(params string[] values) => [.. values.Order(StringComparer.Ordinal)];

    public void Dispose() => output.WriteLine($"reader {Reader}; PACS {fixture.Pacs.Output}");
}
