using System.Globalization;
using Peake.Dicom;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;
using Peake.Query.Querying;
using Peake.Query.Tests.Harness;

namespace Peake.Query.Tests.Querying;

/// <summary>
/// The read model's SQL only narrows: for every kind of key (wildcards, "?", PN in any case, date and time ranges, UID
/// lists, ModalitiesInStudy, numbers) the library's exact matcher must find the same entities among the prefiltered
/// candidates as among all of them — on SQLite and PostgreSQL — and the prefilter must actually narrow.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReadModelQueryServiceTests(PostgresServer postgres)
{
    private const string Root = "1.2.826.0.1.3680043.10.98";
    private static readonly QueryContext Context = new("FINDSCU", "PEAKE");

    public static TheoryData<Engine> Engines() => new(Engine.Sqlite, Engine.Postgres);

    private sealed record Patient(string Id, string Name, string Birth);

    private static readonly Patient[] Patients =
    [
        new("P1", "Doe^Jane", "19700101"),
        new("P2", "DOE^JOHN", "19851231"),
        new("P3", "Roe^Rick", "20010615"),
        new("P4", "Müller^Jürgen", "19591120"),
        new("P5", "de la Cruz^Ana", ""),
    ];

    private static readonly string[] Modalities = ["CT", "MR", "US", "CR", "SR"];

    /// <summary>Per patient two studies on different dates and times, each with two series of up to three instances.</summary>
    private static async Task WriteCorpusAsync(ReadModelTestBed bed)
    {
        for (var p = 0; p < Patients.Length; p++)
        {
            for (var s = 0; s < 2; s++)
            {
                var study = $"{Root}.{p + 1}.{s + 1}";
                var events = new List<Cluster.Studies.IStudyEvent>();
                for (var r = 0; r < 2; r++)
                {
                    for (var i = 0; i <= (p + r) % 3; i++)
                    {
                        var ds = new DicomDataset();
                        ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
                        ds.SetString(DicomTags.PatientName, DicomVR.PN, Patients[p].Name);
                        ds.SetString(DicomTags.PatientID, DicomVR.LO, Patients[p].Id);
                        if (Patients[p].Birth.Length > 0)
                            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, Patients[p].Birth);
                        ds.SetString(DicomTags.StudyDate, DicomVR.DA, $"20{20 + p}{(s == 0 ? "0105" : "1130")}");
                        // ACR-NEMA style time with colons on one of them: normalised like the matcher does.
                        ds.SetString(DicomTags.StudyTime, DicomVR.TM, s == 0 ? "0930" : "14:05:10");
                        ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, $"ACC{p}{s}1");
                        ds.SetString(DicomTags.StudyDescription, DicomVR.LO, s == 0 ? "Chest CT" : "Head MR");
                        ds.SetString(DicomTags.Modality, DicomVR.CS, Modalities[(p + s + r) % Modalities.Length]);
                        ds.SetString(DicomTags.SeriesNumber, DicomVR.IS, (r + 1).ToString(CultureInfo.InvariantCulture));
                        ds.SetString(DicomTags.InstanceNumber, DicomVR.IS, (i + 1).ToString(CultureInfo.InvariantCulture));
                        events.Add(ReadModelTestBed.Stored(study, $"{study}.{r + 1}", $"{study}.{r + 1}.{i + 1}", (char)('a' + i), ds));
                    }
                }
                await bed.WriteAsync(study, [.. events]);
            }
        }
    }

    private static readonly (string Level, string Key, string Value)[] Keys =
        [
            ("STUDY", "PatientName", "doe^*"),
            ("STUDY", "PatientName", "DOE^J?NE"),
            ("STUDY", "PatientName", "doe^jane"),
            ("STUDY", "PatientName", "müller*"),
            ("STUDY", "PatientName", "*"),
            ("STUDY", "PatientName", "*a*"),
            ("STUDY", "PatientID", "P?"),
            ("STUDY", "PatientID", "p1"),
            ("STUDY", "PatientBirthDate", "1970-1990"),
            ("STUDY", "StudyDate", "20220101-20231231"),
            ("STUDY", "StudyDate", "-20211231"),
            ("STUDY", "StudyDate", "2024"),
            ("STUDY", "StudyDate", "20230105"),
            ("STUDY", "StudyTime", "09-10"),
            ("STUDY", "StudyTime", "1405-"),
            ("STUDY", "StudyInstanceUID", $"{Root}.1.1\\{Root}.3.2\\1.2.3"),
            ("STUDY", "AccessionNumber", "ACC*01"),
            ("STUDY", "AccessionNumber", "ACC_1"),
            ("STUDY", "StudyDescription", "chest*"),
            ("STUDY", "StudyDescription", "Chest CT"),
            ("STUDY", "ModalitiesInStudy", "CT"),
            ("STUDY", "ModalitiesInStudy", "C?"),
            ("STUDY", "ModalitiesInStudy", "MR\\US"),
            ("SERIES", "Modality", "c*"),
            ("SERIES", "Modality", "CT"),
            ("SERIES", "SeriesNumber", "2"),
            ("SERIES", "StudyInstanceUID", $"{Root}.2.1"),
            ("IMAGE", "SOPInstanceUID", $"{Root}.1.1.1.1\\{Root}.4.2.2.1"),
            ("IMAGE", "InstanceNumber", "3"),
            ("IMAGE", "PatientName", "*JOHN"),
            ("PATIENT", "PatientName", "*o*"),
            ("PATIENT", "PatientBirthDate", "-19700101"),
        ];

    private static CFindQuery Query(string level, string key, string value)
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        var tag = (DicomTag)typeof(DicomTags).GetField(key)!.GetValue(null)!;
        var vr = key switch
        {
            "PatientName" => DicomVR.PN,
            "PatientID" or "StudyDescription" => DicomVR.LO,
            "PatientBirthDate" or "StudyDate" => DicomVR.DA,
            "StudyTime" => DicomVR.TM,
            "AccessionNumber" => DicomVR.SH,
            "ModalitiesInStudy" or "Modality" => DicomVR.CS,
            "SeriesNumber" or "InstanceNumber" => DicomVR.IS,
            _ => DicomVR.UI,
        };
        if (value.Length > 0)
            identifier.SetString(tag, vr, value);
        // The level's key as a return key (universal: no constraint), so each response names its entity.
        var (levelKey, levelVr) = level switch
        {
            "PATIENT" => (DicomTags.PatientID, DicomVR.LO),
            "STUDY" => (DicomTags.StudyInstanceUID, DicomVR.UI),
            "SERIES" => (DicomTags.SeriesInstanceUID, DicomVR.UI),
            _ => (DicomTags.SOPInstanceUID, DicomVR.UI),
        };
        if (identifier[levelKey] is null)
            identifier.SetString(levelKey, levelVr, "");
        return CFindQuery.Parse(level == "PATIENT" ? CFindRequest.PatientRootSopClassUid : CFindRequest.StudyRootSopClassUid, identifier);
    }

    private static async Task<List<DicomDataset>> CandidatesAsync(ReadModelQueryService service, CFindQuery query)
    {
        var list = new List<DicomDataset>();
        await foreach (var candidate in service.CandidatesAsync(query, Context, CancellationToken.None))
            list.Add(candidate);
        return list;
    }

    private static async Task<SortedSet<string>> MatchesAsync(CFindQuery query, IEnumerable<DicomDataset> candidates)
    {
        var matches = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var match in QueryEngine.FindAsync(query, Async(candidates)))
            matches.Add(match.Identifier.GetString(query.LevelKey) ?? "");
        return matches;
    }

    private static async IAsyncEnumerable<DicomDataset> Async(IEnumerable<DicomDataset> items)
    {
        await Task.CompletedTask;
        foreach (var item in items)
            yield return item;
    }

    private static async Task<(ReadModelTestBed Bed, ReadModelQueryService Service)> CorpusAsync(Engine engine, PostgresServer postgres)
    {
        var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        await WriteCorpusAsync(bed);
        bed.StartProjection();
        await bed.CaughtUpAsync();
        // A small page so keyset paging crosses pages.
        return (bed, new ReadModelQueryService(bed.Database, pageSize: 3));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_keys_with_columns_When_prefiltered_in_SQL_Then_the_exact_matcher_finds_what_it_finds_among_all_entities(Engine engine)
    {
        var (bed, service) = await CorpusAsync(engine, postgres);
        await using var _ = bed;
        var differences = new List<string>();
        var wide = new List<string>();

        foreach (var (level, key, value) in Keys)
        {
            var query = Query(level, key, value);
            var all = await CandidatesAsync(service, Query(level, "PatientID", ""));
            var prefiltered = await CandidatesAsync(service, query);
            var expected = await MatchesAsync(query, all);
            var actual = await MatchesAsync(query, prefiltered);
            if (!expected.SetEquals(actual))
                differences.Add($"{level} {key}={value}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
            // Duplicates across keyset pages would answer an entity twice.
            if (prefiltered.Count != prefiltered.Select(c => c.GetString(query.LevelKey)).Distinct().Count())
                differences.Add($"{level} {key}={value}: an entity came twice");
            if (prefiltered.Count == all.Count)
                wide.Add($"{key}={value}");
            Assert.True(all.Count >= 5, $"corpus at {level}: {all.Count}");
        }

        Assert.Empty(differences);
        // Every key narrows in SQL but those every entity of the corpus matches.
        Assert.Equal(["PatientName=*", "PatientID=P?"], wide);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_selective_keys_When_queried_Then_SQL_returns_fewer_candidates_and_they_carry_levels_above_and_computed_attributes(Engine engine)
    {
        var (bed, service) = await CorpusAsync(engine, postgres);
        await using var _ = bed;

        var studies = await CandidatesAsync(service, Query("STUDY", "PatientName", "doe^*"));
        var series = await CandidatesAsync(service, Query("SERIES", "StudyInstanceUID", $"{Root}.1.1"));

        Assert.Equal(4, studies.Count);
        var study = studies.Single(s => s.GetString(DicomTags.StudyInstanceUID) == $"{Root}.1.1");
        Assert.Equal(("Doe^Jane", "2", "2", "3"), (study.GetString(DicomTags.PatientName), study.GetString(DicomTags.NumberOfStudyRelatedSeries),
            study.GetString(DicomTags.NumberOfPatientRelatedStudies), study.GetString(DicomTags.NumberOfStudyRelatedInstances)));
        Assert.Equal(["CT", "MR"], study.GetStrings(DicomTags.ModalitiesInStudy));
        Assert.Null(study.GetString(DicomTags.Modality));
        Assert.Equal(2, series.Count);
        Assert.All(series, s => Assert.Equal(("P1", "20200105"), (s.GetString(DicomTags.PatientID), s.GetString(DicomTags.StudyDate))));
        Assert.Equal(["1", "2"], series.Select(s => s.GetString(DicomTags.NumberOfSeriesRelatedInstances)).Order());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_a_study_retrieve_When_resolved_Then_every_instance_is_named_with_its_blob_hash(Engine engine)
    {
        var (bed, service) = await CorpusAsync(engine, postgres);
        await using var _ = bed;
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, $"{Root}.2.1");
        var query = CFindQuery.Parse(CGetRequest.StudyRootSopClassUid, identifier, retrieve: true);

        var items = await service.ResolveAsync(query, Context, CancellationToken.None);

        Assert.Equal(
            [($"{Root}.2.1.1.1", new string('a', 64)), ($"{Root}.2.1.1.2", new string('b', 64)), ($"{Root}.2.1.2.1", new string('a', 64)),
                ($"{Root}.2.1.2.2", new string('b', 64)), ($"{Root}.2.1.2.3", new string('c', 64))],
            items.Select(i => (i.SopInstanceUid, i.Locator)).Order());
        Assert.All(items, i => Assert.Equal(($"{Root}.2.1", "1.2.840.10008.1.2.1"), (i.StudyInstanceUid, i.TransferSyntaxUid)));
    }

    [Fact]
    public async Task Given_a_read_model_that_cannot_be_read_When_queried_Then_the_query_fails_with_A700_and_a_reason()
    {
        var file = Path.Combine(Path.GetTempPath(), $"peake-query-missing-{Guid.NewGuid():N}.db");
        var service = new ReadModelQueryService(new Schema.ReadModelDatabase(Cluster.Persistence.JournalDatabase.Sqlite(file)));
        try
        {
            var failure = await Assert.ThrowsAsync<QueryFailedException>(() => CandidatesAsync(service, Query("STUDY", "PatientName", "doe*")));

            Assert.Equal(CFindStatus.OutOfResources, failure.Status);
            Assert.StartsWith("read model unavailable", failure.Message, StringComparison.Ordinal);
            Assert.True(failure.Message.Length <= 64, failure.Message);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
