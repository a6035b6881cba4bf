using System.Data.Common;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Peake.Cluster.Persistence;
using Peake.Cluster.Serialization;
using Peake.Cluster.Studies;
using Peake.Dicom;
using Peake.Query.Projection;
using Peake.Query.Schema;

namespace Peake.Query.Tests.Harness;

/// <summary>
/// A journal database (a temp SQLite file, or a fresh database on the shared PostgreSQL), an ActorSystem with the
/// production journal settings on it, study journals written through <see cref="StudyJournalWriter"/>, and the
/// projection started and awaited.
/// </summary>
internal sealed class ReadModelTestBed : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string? _sqliteFile;
    private readonly Dictionary<string, IActorRef> _writers = [];

    private ReadModelTestBed(JournalDatabase journal, string? sqliteFile)
    {
        Journal = journal;
        _sqliteFile = sqliteFile;
        Database = new ReadModelDatabase(journal);
        System = NewSystem();
    }

    public JournalDatabase Journal { get; }

    public ReadModelDatabase Database { get; }

    public ActorSystem System { get; private set; }

    public IActorRef? Projection { get; private set; }

    public static async Task<ReadModelTestBed> CreateAsync(Engine engine, PostgresServer? postgres)
    {
        ReadModelTestBed bed;
        if (engine == Engine.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"peake-query-{Guid.NewGuid():N}.db");
            bed = new ReadModelTestBed(JournalDatabase.Sqlite(file), file);
        }
        else
        {
            bed = new ReadModelTestBed(await postgres!.NewDatabaseAsync(), null);
        }
        await bed.Journal.PrepareAsync(CancellationToken.None);
        return bed;
    }

    /// <summary>Persists events into a study's journal; returns the last sequence number.</summary>
    public async Task<long> WriteAsync(string studyUid, params IStudyEvent[] events)
    {
        if (!_writers.TryGetValue(studyUid, out var writer))
            _writers[studyUid] = writer = System.ActorOf(Props.Create(() => new StudyJournalWriter(studyUid)));
        return await writer.Ask<long>(events, Deadline);
    }

    public IActorRef StartProjection(ProjectionSettings? settings = null) =>
        Projection = System.ActorOf(QueryProjection.PropsFor(Database, settings ?? Fast), QueryProjection.SingletonName + "-" + Guid.NewGuid().ToString("N")[..6]);

    public static ProjectionSettings Fast { get; } = new() { BatchSize = 50, BatchWindow = TimeSpan.FromMilliseconds(50) };

    public async Task StopProjectionAsync()
    {
        if (Projection is not null)
            await Projection.GracefulStop(Deadline);
        Projection = null;
    }

    /// <summary>Waits until the projection has applied every event tagged "instance" and every one tagged "study".</summary>
    public async Task CaughtUpAsync()
    {
        var until = DateTime.UtcNow + Deadline;
        ProjectionLag? lag = null;
        while (DateTime.UtcNow < until)
        {
            lag = await ProjectionLag.MeasureAsync(Database, TimeProvider.System, CancellationToken.None);
            var studyBehind = await ScalarAsync("""
                SELECT COUNT(*) FROM tags t WHERE t.tag = 'study'
                  AND t.ordering_id > COALESCE((SELECT last_offset FROM qr_offset WHERE stream = 'study'), 0)
                """);
            if (lag.Events == 0 && Convert.ToInt64(studyBehind, CultureInfo.InvariantCulture) == 0)
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"the projection did not catch up: {lag}");
    }

    /// <summary>Every qr_ row as text, in a stable order: two read models are equal when their dumps are.</summary>
    public async Task<IReadOnlyList<string>> DumpAsync()
    {
        var rows = new List<string>();
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        foreach (var (table, key) in new[] { ("qr_patient", "patient_key"), ("qr_study", "study_uid"), ("qr_series", "series_uid"), ("qr_instance", "sop_instance_uid") })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY {key}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = Enumerable.Range(0, reader.FieldCount)
                    .Where(i => reader.GetName(i) != "updated_offset")
                    .Select(i => reader.GetName(i) + "=" + Text(reader.GetValue(i)));
                rows.Add(table + ": " + string.Join(", ", values));
            }
        }
        return rows;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A new ActorSystem on the same journal (a node restart).</summary>
    public async Task RestartSystemAsync()
    {
        await System.Terminate().WaitAsync(Deadline);
        _writers.Clear();
        Projection = null;
        System = NewSystem();
    }

    public async ValueTask DisposeAsync()
    {
        await System.Terminate().WaitAsync(Deadline);
        // Each test's database has its own pools: close them, or the shared server runs out of connections.
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
                File.Delete(file);
        }
    }

    private static string Text(object value) => value switch
    {
        DBNull => "NULL",
        byte[] bytes => Convert.ToHexString(bytes),
        IConvertible c => c.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private ActorSystem NewSystem() => ActorSystem.Create("peake", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            """)
        .WithFallback(PersistenceHocon.For(Journal))
        .WithFallback(PeakeSerialization.Config));

    /// <summary>An <see cref="InstanceStored"/> with query attributes encoded as the gateway encodes them.</summary>
    public static InstanceStored Stored(string study, string series, string sop, char hash, DicomDataset attributes,
        string sopClass = "1.2.840.10008.5.1.4.1.1.2", string site = "a", string master = "0123456789abcdef0123456789abcdef")
    {
        attributes.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, study);
        attributes.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, series);
        attributes.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, sop);
        attributes.SetString(DicomTags.SOPClassUID, DicomVR.UI, sopClass);
        return new InstanceStored(series, sop, sopClass, "1.2.840.10008.1.2.1", new string(hash, 64), 1000 + sop.Length, site, master,
            DicomWriter.ToBytes(attributes, DicomTransferSyntax.ExplicitVRLittleEndian));
    }
}
