using System.Globalization;
using Peake.Cluster.Studies;
using Peake.Dicom;
using Peake.Query.Tests.Harness;

namespace Peake.Query.Tests.Projection;

/// <summary>
/// The projection reads real persisted study events (production journal settings and serializer) into the qr_ tables
/// on SQLite and PostgreSQL: aggregates recomputed, KeepBoth versions listed, the same rows however often the journal
/// is replayed, and a restart resumes from the stored offset.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class QueryProjectionTests(PostgresServer postgres)
{
    private const string Root = "1.2.826.0.1.3680043.10.99";

    public static TheoryData<Engine> Engines() => new(Engine.Sqlite, Engine.Postgres);

    private static DicomDataset Attributes(string patientId, string name, string modality, string studyDate, int instanceNumber)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.PatientName, DicomVR.PN, name);
        ds.SetString(DicomTags.PatientID, DicomVR.LO, patientId);
        ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19700101");
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, studyDate);
        ds.SetString(DicomTags.StudyTime, DicomVR.TM, "101500");
        ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC" + patientId);
        ds.SetString(DicomTags.Modality, DicomVR.CS, modality);
        ds.SetString(DicomTags.SeriesNumber, DicomVR.IS, "1");
        ds.SetString(DicomTags.InstanceNumber, DicomVR.IS, instanceNumber.ToString(CultureInfo.InvariantCulture));
        ds.SetValues<ushort>(DicomTags.Rows, DicomVR.US, 512);
        ds.SetValues<ushort>(DicomTags.Columns, DicomVR.US, 256);
        return ds;
    }

    /// <summary>Two patients: P1 with a CT study (2 series, 3 instances) and an MR study; P2 with one SR instance.</summary>
    private static async Task WriteCorpusAsync(ReadModelTestBed bed)
    {
        var ct = $"{Root}.1";
        await bed.WriteAsync(ct,
            ReadModelTestBed.Stored(ct, ct + ".1", ct + ".1.1", 'a', Attributes("P1", "Doe^Jane", "CT", "20240105", 1)),
            ReadModelTestBed.Stored(ct, ct + ".1", ct + ".1.2", 'b', Attributes("P1", "Doe^Jane", "CT", "20240105", 2)),
            ReadModelTestBed.Stored(ct, ct + ".2", ct + ".2.1", 'c', Attributes("P1", "Doe^Jane", "SR", "20240105", 1), sopClass: "1.2.840.10008.5.1.4.1.1.88.22"));
        var mr = $"{Root}.2";
        await bed.WriteAsync(mr, ReadModelTestBed.Stored(mr, mr + ".1", mr + ".1.1", 'd', Attributes("P1", "Doe^Jane", "MR", "20230301", 1), sopClass: "1.2.840.10008.5.1.4.1.1.4"));
        var other = $"{Root}.3";
        await bed.WriteAsync(other, ReadModelTestBed.Stored(other, other + ".1", other + ".1.1", 'e', Attributes("P2", "Roe^Rick", "CT", "20220101", 1)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_stored_instances_When_projected_Then_rows_and_recomputed_aggregates_describe_them(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        await WriteCorpusAsync(bed);
        long applied = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Peake.Query" && instrument.Name == "peake_query_projection_events_total")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "tag", Value: "instance" })
                    Interlocked.Add(ref applied, value);
            }
        });
        listener.Start();

        bed.StartProjection();
        await bed.CaughtUpAsync();

        Assert.Equal(5L, Interlocked.Read(ref applied));
        Assert.Equal(5L, Convert.ToInt64(await bed.ScalarAsync("SELECT COUNT(*) FROM qr_instance"), CultureInfo.InvariantCulture));
        Assert.Equal("CT\\SR|2|3|DOE^JANE|20240105|101500.000000",
            await bed.ScalarAsync($"SELECT modalities || '|' || n_series || '|' || n_instances || '|' || patient_name_norm || '|' || study_date || '|' || study_time FROM qr_study WHERE study_uid = '{Root}.1'"));
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2\\1.2.840.10008.5.1.4.1.1.88.22",
            await bed.ScalarAsync($"SELECT sop_classes FROM qr_study WHERE study_uid = '{Root}.1'"));
        Assert.Equal("2|3|4", await bed.ScalarAsync("SELECT n_studies || '|' || n_series || '|' || n_instances FROM qr_patient WHERE patient_id = 'P1'"));
        Assert.Equal("512|256|2", await bed.ScalarAsync($"SELECT image_rows || '|' || image_columns || '|' || instance_number FROM qr_instance WHERE sop_instance_uid = '{Root}.1.1.2'"));
        Assert.Equal(2L, Convert.ToInt64(await bed.ScalarAsync($"SELECT n_instances FROM qr_series WHERE series_uid = '{Root}.1.1'"), CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_a_projected_journal_When_replayed_from_zero_twice_Then_the_rows_are_the_same(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        await WriteCorpusAsync(bed);
        bed.StartProjection();
        await bed.CaughtUpAsync();
        var first = await bed.DumpAsync();

        for (var replay = 0; replay < 2; replay++)
        {
            await bed.StopProjectionAsync();
            await bed.ScalarAsync("DELETE FROM qr_offset");
            bed.StartProjection();
            await bed.CaughtUpAsync();
            Assert.Equal(first, await bed.DumpAsync());
        }
        Assert.Equal(5, first.Count(r => r.StartsWith("qr_instance", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_a_projection_stopped_mid_stream_When_the_node_restarts_Then_it_resumes_from_the_stored_offset(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        await WriteCorpusAsync(bed);
        bed.StartProjection();
        await bed.CaughtUpAsync();
        var offset = Convert.ToInt64(await bed.ScalarAsync("SELECT last_offset FROM qr_offset"), CultureInfo.InvariantCulture);
        await bed.RestartSystemAsync();

        // Written while no projection runs: the restarted one must apply these, and only these, after the offset.
        var late = $"{Root}.4";
        await bed.WriteAsync(late, ReadModelTestBed.Stored(late, late + ".1", late + ".1.1", 'f', Attributes("P2", "Roe^Rick", "US", "20250101", 1)));
        Assert.Equal(0L, Convert.ToInt64(await bed.ScalarAsync($"SELECT COUNT(*) FROM qr_study WHERE study_uid = '{late}'"), CultureInfo.InvariantCulture));
        // A row the first run wrote, changed behind the projection's back: replaying from 0 would restore it.
        await bed.ScalarAsync($"UPDATE qr_instance SET transfer_syntax_uid = 'marker' WHERE sop_instance_uid = '{Root}.1.1.1'");
        bed.StartProjection();
        await bed.CaughtUpAsync();

        Assert.Equal("2|2", await bed.ScalarAsync("SELECT n_studies || '|' || n_instances FROM qr_patient WHERE patient_id = 'P2'"));
        Assert.Equal("marker", await bed.ScalarAsync($"SELECT transfer_syntax_uid FROM qr_instance WHERE sop_instance_uid = '{Root}.1.1.1'"));
        Assert.True(Convert.ToInt64(await bed.ScalarAsync("SELECT last_offset FROM qr_offset"), CultureInfo.InvariantCulture) > offset);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_a_KeepBoth_newer_version_When_projected_Then_the_newest_hash_is_current_and_the_older_is_listed_once(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        var study = $"{Root}.5";
        await bed.WriteAsync(study,
            ReadModelTestBed.Stored(study, study + ".1", study + ".1.1", 'a', Attributes("P5", "Poe^Ed", "CT", "20240101", 1)),
            ReadModelTestBed.Stored(study, study + ".1", study + ".1.1", 'b', Attributes("P5", "Poe^Ed", "CT", "20240101", 7)));
        bed.StartProjection();
        await bed.CaughtUpAsync();
        await bed.StopProjectionAsync();
        await bed.ScalarAsync("DELETE FROM qr_offset");
        bed.StartProjection();
        await bed.CaughtUpAsync();

        Assert.Equal($"{new string('b', 64)}|{new string('a', 64)}|7",
            await bed.ScalarAsync($"SELECT hash || '|' || older_hashes || '|' || instance_number FROM qr_instance WHERE sop_instance_uid = '{study}.1.1'"));
        Assert.Equal(1L, Convert.ToInt64(await bed.ScalarAsync($"SELECT n_instances FROM qr_study WHERE study_uid = '{study}'"), CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_an_event_written_before_query_attributes_When_projected_Then_the_instance_is_listed_by_its_uids(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        var study = $"{Root}.6";
        await bed.WriteAsync(study, new InstanceStored(study + ".1", study + ".1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
            new string('c', 64), 10, "a", "0123456789abcdef0123456789abcdef"));
        bed.StartProjection();
        await bed.CaughtUpAsync();

        Assert.Equal("1|1", await bed.ScalarAsync($"SELECT n_series || '|' || n_instances FROM qr_study WHERE study_uid = '{study}'"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_a_journal_without_any_tagged_event_yet_When_the_lag_is_measured_Then_nothing_is_behind(Engine engine)
    {
        // A fresh cluster's journal has no tag table until the first tagged event: /ready must not fail on that.
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);

        var lag = await Peake.Query.Projection.ProjectionLag.MeasureAsync(bed.Database, TimeProvider.System, CancellationToken.None);

        Assert.Equal((0L, TimeSpan.Zero), (lag.Events, lag.Age));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_events_not_yet_projected_When_the_lag_is_measured_Then_it_counts_them_and_their_age_and_is_zero_once_applied(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        await WriteCorpusAsync(bed);
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        var before = await Peake.Query.Projection.ProjectionLag.MeasureAsync(bed.Database, TimeProvider.System, CancellationToken.None);
        bed.StartProjection();
        await bed.CaughtUpAsync();
        var after = await Peake.Query.Projection.ProjectionLag.MeasureAsync(bed.Database, TimeProvider.System, CancellationToken.None);

        Assert.Equal(5, before.Events);
        // The journal's "created" column read as UTC ticks: the events were written a moment ago, not years.
        Assert.InRange(before.Age, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(60));
        Assert.Equal((0L, TimeSpan.Zero), (after.Events, after.Age));
        Assert.True(after.ProjectedOffset > 0);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_an_event_the_live_feed_missed_When_the_rescan_runs_Then_its_rows_are_healed(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        await WriteCorpusAsync(bed);
        bed.StartProjection(ReadModelTestBed.Fast with { RescanInterval = TimeSpan.FromMilliseconds(300) });
        await bed.CaughtUpAsync();
        var whole = await bed.DumpAsync();

        // What a skipped by-tag event leaves behind (ADR 0026 amendment): the offset past it, its rows missing.
        await bed.ScalarAsync($"DELETE FROM qr_instance WHERE sop_instance_uid = '{Root}.1.1.2'");
        await bed.ScalarAsync($"UPDATE qr_study SET n_instances = 2 WHERE study_uid = '{Root}.1'");

        var until = DateTime.UtcNow + ReadModelTestBed.Deadline;
        while (DateTime.UtcNow < until && !(await bed.DumpAsync()).SequenceEqual(whole))
            await Task.Delay(100);
        Assert.Equal(whole, await bed.DumpAsync());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_a_crash_after_the_first_batch_committed_When_the_projection_starts_again_Then_it_applies_the_rest_once(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        await WriteCorpusAsync(bed);
        var journal = Akka.Persistence.Query.PersistenceQuery.Get(bed.System)
            .ReadJournalFor<Akka.Persistence.Sql.Query.SqlReadJournal>(Akka.Persistence.Sql.Query.SqlReadJournal.Identifier);
        var envelopes = await journal.CurrentEventsByTag(StudyTags.Instance, Akka.Persistence.Query.Offset.NoOffset())
            .RunWith(Akka.Streams.Dsl.Sink.Seq<Akka.Persistence.Query.EventEnvelope>(), Akka.Streams.ActorMaterializer.Create(bed.System));
        // The batch the crashed projection committed: the first two events, with their offset.
        var first = envelopes.Take(2)
            .Select(e => new Peake.Query.Projection.ProjectedEvent(((Akka.Persistence.Query.Sequence)e.Offset).Value, e.PersistenceId, e.SequenceNr, e.Event))
            .ToList();
        await Peake.Query.Schema.ReadModelSchema.EnsureAsync(bed.Database, CancellationToken.None);
        await new Peake.Query.Projection.ReadModelWriter(bed.Database).ApplyAsync("instance", first, CancellationToken.None);
        await bed.ScalarAsync($"UPDATE qr_instance SET transfer_syntax_uid = 'marker' WHERE sop_instance_uid = '{Root}.1.1.1'");

        bed.StartProjection();
        await bed.CaughtUpAsync();

        Assert.Equal(5L, Convert.ToInt64(await bed.ScalarAsync("SELECT COUNT(*) FROM qr_instance"), CultureInfo.InvariantCulture));
        Assert.Equal("2|3|4", await bed.ScalarAsync("SELECT n_studies || '|' || n_series || '|' || n_instances FROM qr_patient WHERE patient_id = 'P1'"));
        // Resumed after the committed batch, not from 0: the first batch's row was not written again.
        Assert.Equal("marker", await bed.ScalarAsync($"SELECT transfer_syntax_uid FROM qr_instance WHERE sop_instance_uid = '{Root}.1.1.1'"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_a_relocated_study_When_projected_and_replayed_Then_its_home_site_is_the_newest_and_later_instances_keep_it(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        var study = $"{Root}.7";
        const string master = "0123456789abcdef0123456789abcdef";
        await bed.WriteAsync(study,
            new StudyOpened(master, "a"),
            ReadModelTestBed.Stored(study, study + ".1", study + ".1.1", 'a', Attributes("P7", "Loe^Al", "CT", "20240101", 1), site: "a"),
            new StudyRelocated("a", "b"));
        bed.StartProjection();
        await bed.CaughtUpAsync();
        Assert.Equal("b", await bed.ScalarAsync($"SELECT home_site FROM qr_study WHERE study_uid = '{study}'"));

        await bed.WriteAsync(study,
            ReadModelTestBed.Stored(study, study + ".1", study + ".1.2", 'b', Attributes("P7", "Loe^Al", "CT", "20240101", 2), site: "b"),
            new StudyRelocated("b", "c"));
        await bed.CaughtUpAsync();
        Assert.Equal("c", await bed.ScalarAsync($"SELECT home_site FROM qr_study WHERE study_uid = '{study}'"));

        // A replay applies the instance events again, in whatever order against the study stream: the home stays.
        await bed.StopProjectionAsync();
        await bed.ScalarAsync("DELETE FROM qr_offset WHERE stream = 'instance'");
        bed.StartProjection();
        await bed.CaughtUpAsync();
        Assert.Equal("c|2", await bed.ScalarAsync($"SELECT home_site || '|' || n_instances FROM qr_study WHERE study_uid = '{study}'"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_access_records_When_projected_and_replayed_Then_the_study_shows_the_latest_access_and_counts_each_once(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        var study = $"{Root}.8";
        var t0 = new DateTime(2026, 11, 30, 6, 0, 0, DateTimeKind.Utc);
        const string access = "last_access_utc || '|' || last_access_hospital || '|' || access_count";
        var row = $"SELECT {access} FROM qr_study WHERE study_uid = '{study}'";
        // Out of time order (two nodes' recorders): the latest time wins, whatever the journal order.
        await bed.WriteAsync(study,
            new StudyOpened("0123456789abcdef0123456789abcdef", "a"),
            ReadModelTestBed.Stored(study, study + ".1", study + ".1.1", 'a', Attributes("P8", "Poe^Ed", "CT", "20240101", 1)),
            new StudyAccessed(t0.AddMinutes(5), "POTOMAC_PACS", "dimse"),
            new StudyAccessed(t0, "TRINITY_PACS", "wado-rs"));
        bed.StartProjection();
        await bed.CaughtUpAsync();
        Assert.Equal("2026-11-30T06:05:00.0000000Z|POTOMAC_PACS|2", await bed.ScalarAsync(row));

        await bed.WriteAsync(study, new StudyAccessed(t0.AddMinutes(9), "TRINITY_PACS", "wado-rs"));
        await bed.CaughtUpAsync();
        Assert.Equal("2026-11-30T06:09:00.0000000Z|TRINITY_PACS|3", await bed.ScalarAsync(row));
        var projected = await bed.DumpAsync();

        // The instance rows rebuilt after the access records were applied (the study stream ran ahead), then the study
        // stream replayed from zero: the same row, every record counted once.
        foreach (var reset in new[]
        {
            "DELETE FROM qr_instance; DELETE FROM qr_series; DELETE FROM qr_study; DELETE FROM qr_patient; DELETE FROM qr_offset WHERE stream = 'instance'",
            "DELETE FROM qr_offset WHERE stream = 'study'",
        })
        {
            await bed.StopProjectionAsync();
            foreach (var statement in reset.Split("; "))
                await bed.ScalarAsync(statement);
            bed.StartProjection();
            await bed.CaughtUpAsync();
            Assert.Equal(projected, await bed.DumpAsync());
        }
        Assert.Equal(3L, Convert.ToInt64(await bed.ScalarAsync($"SELECT COUNT(*) FROM qr_access WHERE study_uid = '{study}'"), CultureInfo.InvariantCulture));
    }
}
