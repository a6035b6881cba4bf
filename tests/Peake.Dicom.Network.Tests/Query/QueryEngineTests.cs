using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Tests.Query;

public sealed class QueryEngineTests
{
    private static readonly DicomDataset[] Instances =
    [
        Instance("P1", "DOE^JOHN", "1.1", "20200101", "1.1.1", "1.1.1.1"),
        Instance("P1", "DOE^JOHN", "1.1", "20200101", "1.1.1", "1.1.1.2"),
        Instance("P1", "DOE^JOHN", "1.1", "20200101", "1.1.2", "1.1.2.1"),
        Instance("P1", "DOE^JOHN", "1.2", "20210505", "1.2.1", "1.2.1.1"),
        Instance("P2", "ROE^JANE", "2.1", "20220303", "2.1.1", "2.1.1.1"),
    ];

    [Fact]
    public async Task A_study_level_query_answers_once_per_matching_study_with_exactly_the_requested_keys()
    {
        var id = Identifier("STUDY");
        id.SetString(DicomTags.PatientName, DicomVR.PN, "doe*");
        id.Set(new DicomValueElement(DicomTags.StudyDate, DicomVR.DA, ReadOnlyMemory<byte>.Empty));
        id.Set(new DicomValueElement(DicomTags.AccessionNumber, DicomVR.SH, ReadOnlyMemory<byte>.Empty));
        id.Set(new DicomValueElement(DicomTags.StudyInstanceUID, DicomVR.UI, ReadOnlyMemory<byte>.Empty));

        var matches = await RunAsync(CFindRequest.StudyRootSopClassUid, id);

        Assert.Equal(["1.1", "1.2"], matches.Select(m => m.GetString(DicomTags.StudyInstanceUID)));
        Assert.Equal(["20200101", "20210505"], matches.Select(m => m.GetString(DicomTags.StudyDate)));
        Assert.All(matches, m => Assert.Equal("STUDY", m.GetString(DicomTags.QueryRetrieveLevel)));
        // Absent in the data: returned empty.
        Assert.All(matches, m => Assert.Equal(0, ((DicomValueElement)m[DicomTags.AccessionNumber]!).Length));
        // PS3.4 C.4.1.1.3.2 as the issue reads it: the requested keys and (0008,0052), nothing else.
        Assert.All(matches, m => Assert.Equal(
            new[] { DicomTags.StudyDate, DicomTags.AccessionNumber, DicomTags.QueryRetrieveLevel, DicomTags.PatientName, DicomTags.StudyInstanceUID }.Order(),
            m.Select(e => e.Tag).Order()));
    }

    [Fact]
    public async Task A_patient_root_series_query_adds_no_unrequested_unique_key()
    {
        var id = Identifier("SERIES");
        id.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, "1.1");
        id.Set(new DicomValueElement(DicomTags.SeriesInstanceUID, DicomVR.UI, ReadOnlyMemory<byte>.Empty));

        var matches = await RunAsync(CFindRequest.PatientRootSopClassUid, id);

        Assert.Equal(["1.1.1", "1.1.2"], matches.Select(m => m.GetString(DicomTags.SeriesInstanceUID)));
        Assert.All(matches, m => Assert.False(m.Contains(DicomTags.PatientID)));
    }

    [Fact]
    public async Task A_date_range_and_a_UID_list_narrow_the_answers()
    {
        var byDate = Identifier("STUDY");
        byDate.SetString(DicomTags.StudyDate, DicomVR.DA, "20210101-");
        byDate.Set(new DicomValueElement(DicomTags.StudyInstanceUID, DicomVR.UI, ReadOnlyMemory<byte>.Empty));
        var byUid = Identifier("IMAGE");
        byUid.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, @"1.1.1.2\2.1.1.1\9.9");

        Assert.Equal(["1.2", "2.1"], (await RunAsync(CFindRequest.StudyRootSopClassUid, byDate)).Select(m => m.GetString(DicomTags.StudyInstanceUID)));
        Assert.Equal(["1.1.1.2", "2.1.1.1"], (await RunAsync(CFindRequest.StudyRootSopClassUid, byUid)).Select(m => m.GetString(DicomTags.SOPInstanceUID)));
    }

    [Fact]
    public async Task The_answer_is_in_the_character_set_of_the_matched_data()
    {
        var latin = Instance("P3", "", "3.1", "20230101", "3.1.1", "3.1.1.1");
        latin.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        latin.SetString(DicomTags.PatientName, DicomVR.PN, "Müller^Jürgen");
        var id = Identifier("PATIENT");
        // The query in UTF-8, the data in Latin-1: keys and values are compared as text, not bytes.
        id.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        id.SetString(DicomTags.PatientName, DicomVR.PN, "MÜLLER*");

        var match = Assert.Single(await FindAsync(CFindQuery.Parse(CFindRequest.PatientRootSopClassUid, id), [latin])).Identifier;

        Assert.Equal("ISO_IR 100", match.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Müller^Jürgen", match.GetString(DicomTags.PatientName));
    }

    [Fact]
    public async Task A_default_repertoire_answer_carries_no_character_set_even_when_the_data_names_one()
    {
        var latin = Instance("P3", "MULLER^J", "3.1", "20230101", "3.1.1", "3.1.1.1");
        latin.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        latin.SetString(DicomTags.StudyDescription, DicomVR.LO, "Kopf ärztlich");
        var id = Identifier("STUDY");
        id.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        id.Set(new DicomValueElement(DicomTags.PatientName, DicomVR.PN, ReadOnlyMemory<byte>.Empty));
        var withDescription = Identifier("STUDY");
        withDescription.Set(new DicomValueElement(DicomTags.StudyDescription, DicomVR.LO, ReadOnlyMemory<byte>.Empty));

        var plain = Assert.Single(await FindAsync(CFindQuery.Parse(CFindRequest.StudyRootSopClassUid, id), [latin])).Identifier;
        var accented = Assert.Single(await FindAsync(CFindQuery.Parse(CFindRequest.StudyRootSopClassUid, withDescription), [latin])).Identifier;

        // PS3.4 C.2.2.2: (0008,0005) is never matched; it says how the returned values are encoded.
        Assert.False(plain.Contains(DicomTags.SpecificCharacterSet));
        Assert.Equal("ISO_IR 100", accented.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Kopf ärztlich", accented.GetString(DicomTags.StudyDescription));
    }

    [Fact]
    public async Task The_folder_index_computes_the_aggregate_attributes_of_each_level()
    {
        var ct = Instance("P1", "DOE^JOHN", "9.1", "20200101", "9.1.1", "9.1.1.1");
        ct.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        ct.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        var sr = Instance("P1", "DOE^JOHN", "9.1", "20200101", "9.1.2", "9.1.2.1");
        sr.SetString(DicomTags.Modality, DicomVR.CS, "SR");
        sr.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.88.11");
        var study = Identifier("STUDY");
        study.SetString(DicomTags.ModalitiesInStudy, DicomVR.CS, "SR");
        foreach (var tag in new[] { DicomTags.SOPClassesInStudy, DicomTags.NumberOfStudyRelatedSeries, DicomTags.NumberOfStudyRelatedInstances })
        {
            study.Set(new DicomValueElement(tag, DicomDictionary.ImplicitVR(tag, null), ReadOnlyMemory<byte>.Empty));
        }

        var patient = Identifier("PATIENT");
        patient.SetString(DicomTags.NumberOfPatientRelatedInstances, DicomVR.IS, "5");
        var noMatch = await FindAsync(CFindQuery.Parse(CFindRequest.PatientRootSopClassUid, patient), [.. Instances, ct, sr]);
        patient.SetString(DicomTags.NumberOfPatientRelatedInstances, DicomVR.IS, "6");

        var answer = Assert.Single(await FindAsync(CFindQuery.Parse(CFindRequest.StudyRootSopClassUid, study), [.. Instances, ct, sr])).Identifier;
        var p1 = Assert.Single(await FindAsync(CFindQuery.Parse(CFindRequest.PatientRootSopClassUid, patient), [.. Instances, ct, sr])).Identifier;

        Assert.Equal(["CT", "SR"], answer.GetStrings(DicomTags.ModalitiesInStudy));
        Assert.Equal(["1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.88.11"], answer.GetStrings(DicomTags.SOPClassesInStudy));
        Assert.Equal("2", answer.GetString(DicomTags.NumberOfStudyRelatedSeries));
        Assert.Equal("2", answer.GetString(DicomTags.NumberOfStudyRelatedInstances));
        // P1 holds 4 instances in the shared set and these 2: a count key is matched as a single value.
        Assert.Empty(noMatch);
        Assert.Equal("6", p1.GetString(DicomTags.NumberOfPatientRelatedInstances));
    }

    [Fact]
    public async Task A_service_yielding_an_entity_twice_answers_it_once()
    {
        var id = Identifier("STUDY");
        id.Set(new DicomValueElement(DicomTags.StudyInstanceUID, DicomVR.UI, ReadOnlyMemory<byte>.Empty));
        var query = CFindQuery.Parse(CFindRequest.StudyRootSopClassUid, id);

        var matches = await QueryEngine.FindAsync(query, new[] { Instances[0], Instances[1], Instances[4] }.ToAsyncEnumerable()).ToListAsync();

        Assert.Equal(["1.1", "2.1"], matches.Select(m => m.Identifier.GetString(DicomTags.StudyInstanceUID)));
    }

    [Theory]
    [InlineData(null, CFindRequest.StudyRootSopClassUid, CFindStatus.UnableToProcess)]
    [InlineData("WARD", CFindRequest.StudyRootSopClassUid, CFindStatus.UnableToProcess)]
    [InlineData("PATIENT", CFindRequest.StudyRootSopClassUid, CFindStatus.IdentifierDoesNotMatchSopClass)]
    [InlineData("STUDY", "1.2.840.10008.5.1.4.1.2.2.2", CFindStatus.IdentifierDoesNotMatchSopClass)]
    public void A_meaningless_identifier_fails_with_a_status_and_a_comment(string? level, string sopClass, ushort status)
    {
        var id = new DicomDataset();
        if (level is not null)
        {
            id.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        }

        var e = Assert.Throws<QueryFailedException>(() => CFindQuery.Parse(sopClass, id));

        Assert.Equal(status, e.Status);
        Assert.False(string.IsNullOrEmpty(e.Message));
    }

    [Fact]
    public void An_index_keeps_short_text_and_replaces_an_instance_stored_again()
    {
        var index = new InstanceIndex();
        var first = Instance("P1", "A", "1", "20200101", "1.1", "1.1.1");
        var again = Instance("P1", "B", "1", "20200101", "1.1", "1.1.1");
        again.SetValues(DicomTags.Rows, DicomVR.US, (ushort)512);

        Assert.True(index.TryAdd(first));
        Assert.True(index.TryAdd(again));
        Assert.False(index.TryAdd(new DicomDataset()));

        var kept = Assert.Single(index.Snapshot());
        Assert.Equal("B", kept.GetString(DicomTags.PatientName));
        Assert.False(kept.Contains(DicomTags.Rows));
    }

    [Theory]
    [InlineData("20060705-20060707", "1000-1800", new[] { "early6", "late6", "noon5", "noon6", "noon7" }, new[] { "noon5", "noon6", "noon7" })]
    [InlineData("20060706-", "1300-", new[] { "late6", "noon7" }, new[] { "late6" })]
    [InlineData("-20060706", "-1100", new[] { "early6", "noon5" }, new[] { "early6" })]
    // Not the same range form: no combining even when negotiated.
    [InlineData("20060705-20060707", "1000-", new[] { "late6", "noon5", "noon6", "noon7" }, new[] { "late6", "noon5", "noon6", "noon7" })]
    public async Task Combined_datetime_matching_reads_a_date_and_time_range_pair_as_one_range(
        string date, string time, string[] expectedCombined, string[] expectedSeparate)
    {
        DicomDataset[] stored =
        [
            Timed("early6", "20060706", "0800"),
            Timed("late6", "20060706", "2000"),
            Timed("noon5", "20060705", "1200"),
            Timed("noon6", "20060706", "1200"),
            Timed("noon7", "20060707", "1200"),
        ];
        var id = Identifier("IMAGE");
        id.SetString(DicomTags.StudyDate, DicomVR.DA, date);
        id.SetString(DicomTags.StudyTime, DicomVR.TM, time);
        id.Set(new DicomValueElement(DicomTags.SOPInstanceUID, DicomVR.UI, ReadOnlyMemory<byte>.Empty));
        var query = CFindQuery.Parse(CFindRequest.StudyRootSopClassUid, id);

        var combined = (await FindAsync(query with { CombinedDateTime = true }, stored)).Select(m => m.Identifier.GetString(DicomTags.SOPInstanceUID)).Order(StringComparer.Ordinal);
        var separate = (await FindAsync(query, stored)).Select(m => m.Identifier.GetString(DicomTags.SOPInstanceUID)).Order(StringComparer.Ordinal);

        Assert.Equal(expectedCombined.Order(StringComparer.Ordinal), combined);
        Assert.Equal(expectedSeparate.Order(StringComparer.Ordinal), separate);
    }

    [Fact]
    public async Task A_sequence_key_matches_when_one_stored_item_matches_all_its_item_keys_recursively()
    {
        var a = Instance("P1", "A", "1", "20200101", "1.1", "1.1.1");
        a.Set(new DicomSequence(DicomTags.RequestAttributesSequence, [Request("RP1", "CT1"), Request("RP2", "MR7")]));
        var b = Instance("P2", "B", "2", "20200101", "2.1", "2.1.1");
        b.Set(new DicomSequence(DicomTags.RequestAttributesSequence, [Request("RP1", "MR7")]));

        // a has RP1 and MR7, but never in the same item; b has them in one item.
        var key = new DicomDataset();
        key.SetString(DicomTags.RequestedProcedureID, DicomVR.SH, "RP2");
        key.Set(new DicomSequence(DicomTags.ScheduledProtocolCodeSequence, [Code("MR*")]));
        var wanted = Identifier("IMAGE");
        wanted.Set(new DicomSequence(DicomTags.RequestAttributesSequence, [key]));
        var exact = Identifier("IMAGE");
        var exactKey = new DicomDataset();
        exactKey.SetString(DicomTags.RequestedProcedureID, DicomVR.SH, "RP1");
        exactKey.Set(new DicomSequence(DicomTags.ScheduledProtocolCodeSequence, [Code("MR7")]));
        exact.Set(new DicomSequence(DicomTags.RequestAttributesSequence, [exactKey]));
        exact.Set(new DicomValueElement(DicomTags.SOPInstanceUID, DicomVR.UI, ReadOnlyMemory<byte>.Empty));

        var matches = await FindAsync(CFindQuery.Parse(CFindRequest.StudyRootSopClassUid, wanted), [a, b]);

        var match = Assert.Single(matches);
        Assert.False(match.OptionalKeysNotSupported);
        var item = Assert.Single(match.Identifier.GetSequence(DicomTags.RequestAttributesSequence)!.Items);
        Assert.Equal("RP2", item.GetString(DicomTags.RequestedProcedureID));
        Assert.Equal("MR7", Assert.Single(item.GetSequence(DicomTags.ScheduledProtocolCodeSequence)!.Items).GetString(DicomTags.CodeValue));
        Assert.Equal(["2.1.1"], (await FindAsync(CFindQuery.Parse(CFindRequest.StudyRootSopClassUid, exact), [a, b])).Select(m => m.Identifier.GetString(DicomTags.SOPInstanceUID)));
    }

    [Fact]
    public async Task A_sequence_key_of_several_items_is_returned_unmatched_and_flagged()
    {
        var id = Identifier("IMAGE");
        id.Set(new DicomSequence(DicomTags.ReferencedStudySequence, [new DicomDataset(), new DicomDataset()]));

        var matches = await FindAsync(CFindQuery.Parse(CFindRequest.StudyRootSopClassUid, id), Instances);

        Assert.Equal(Instances.Length, matches.Count);
        Assert.All(matches, m => Assert.True(m.OptionalKeysNotSupported));
    }

    private static DicomDataset Timed(string sop, string date, string time)
    {
        var ds = Instance("P", "N", "S" + sop, date, "R" + sop, sop);
        ds.SetString(DicomTags.StudyTime, DicomVR.TM, time);
        return ds;
    }

    private static DicomDataset Request(string id, string code)
    {
        var item = new DicomDataset();
        item.SetString(DicomTags.RequestedProcedureID, DicomVR.SH, id);
        item.Set(new DicomSequence(DicomTags.ScheduledProtocolCodeSequence, [Code(code)]));
        return item;
    }

    private static DicomDataset Code(string value)
    {
        var code = new DicomDataset();
        code.SetString(DicomTags.CodeValue, DicomVR.SH, value);
        return code;
    }

    private static async Task<List<DicomDataset>> RunAsync(string sopClass, DicomDataset identifier) =>
        [.. (await FindAsync(CFindQuery.Parse(sopClass, identifier), Instances)).Select(m => m.Identifier)];

    /// <summary>The query over an index of <paramref name="instances"/>, as the folder SCP runs it.</summary>
    internal static async Task<List<QueryEngine.Match>> FindAsync(CFindQuery query, IEnumerable<DicomDataset> instances)
    {
        var index = new InstanceIndex();
        foreach (var instance in instances)
        {
            index.TryAdd(instance);
        }

        return await QueryEngine.FindAsync(query, index.CandidatesAsync(query, new QueryContext("FINDSCU", "PEAKE"), default)).ToListAsync();
    }

    private static DicomDataset Identifier(string level)
    {
        var id = new DicomDataset();
        id.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        return id;
    }

    private static DicomDataset Instance(string patientId, string name, string study, string date, string series, string sop)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.PatientID, DicomVR.LO, patientId);
        ds.SetString(DicomTags.PatientName, DicomVR.PN, name);
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, study);
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, date);
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, series);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, sop);
        return ds;
    }
}
