using Akka.Configuration;
using Peake.Replication.Coordinator;

namespace Peake.Replication;

/// <summary>
/// How the replication coordinator keeps copies, read from HOCON <c>peake.replication</c> (ADR 0026). Every value
/// not set there keeps the default below.
/// </summary>
public sealed record ReplicationSettings
{
    public const string ConfigPath = "peake.replication";

    /// <summary>Copies every catalogued blob must have, on distinct nodes spanning at least two sites.</summary>
    public int Copies { get; init; } = 3;

    /// <summary>How long an unreachable (or crashed and downed) node's copies still count before they are replaced.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Repair copies in flight at once across the cluster.</summary>
    public int RepairConcurrency { get; init; } = 8;

    /// <summary>Repair copies started per second at most, so a lost node does not saturate the survivors' disks and links.</summary>
    public double RepairsPerSecond { get; init; } = 20;

    /// <summary>How often every live node's inventory is compared with the copy map.</summary>
    public TimeSpan AntiEntropyInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a blob no catalog entry names may stay before it is deleted (an ingest in progress is one, briefly).</summary>
    public TimeSpan OrphanGrace { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How often the node directory asks every member for its <see cref="NodeInfo"/> (free space changes).</summary>
    public TimeSpan DirectoryRefresh { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one repair, trim or verify request may take before it is retried elsewhere.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Third copies of newly ingested blobs in flight at once. They are not throttled like repairs: the acknowledged
    /// ingest already has its quorum, and the last copy should exist seconds later, not queue behind a node-loss repair.
    /// </summary>
    public int FollowUpConcurrency { get; init; } = 16;

    /// <summary>How often the coordinator looks for work (repairs, trims, drains, grace expiry).</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Fetches one node runs at once (repairs and quorum writes it receives).</summary>
    public int FetchConcurrency { get; init; } = 4;

    /// <summary>
    /// The slowest transfer rate a fetch is allowed before it counts as failed: a blob's deadline is
    /// <see cref="RequestTimeout"/> plus its size at this rate (<see cref="TransferDeadline"/>), so a 2 GB instance is
    /// not cut off by a deadline sized for a CT slice.
    /// </summary>
    public long MinTransferBytesPerSecond { get; init; } = 10L * 1024 * 1024;

    /// <summary>
    /// How long an inventory sweep may go without reading a single line before it is abandoned. A sweep has no overall
    /// bound: a node with millions of blobs takes as long as it takes, as long as it progresses.
    /// </summary>
    public TimeSpan SweepIdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often the coordinator re-reads the whole catalog from the start of the journal, so an event the live feed
    /// skipped (a PostgreSQL ordering gap) is catalogued anyway.
    /// </summary>
    public TimeSpan CatalogRebuildInterval { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Test-only fault injection: the live catalog feed drops the events of the hashes this matches, as a journal
    /// ordering gap would. Never set from configuration.
    /// </summary>
    internal Func<string, bool>? DropFromLiveFeed { get; init; }

    /// <summary>
    /// How long moving a blob of <paramref name="size"/> bytes between two nodes may take: <see cref="RequestTimeout"/>
    /// plus the size at <see cref="MinTransferBytesPerSecond"/>. The ingest can size its quorum deadline with it.
    /// </summary>
    public TimeSpan TransferDeadline(long size) =>
        RequestTimeout + TimeSpan.FromSeconds((double)Math.Max(0, size) / Math.Max(1, MinTransferBytesPerSecond));

    public static ReplicationSettings FromConfig(Config config)
    {
        var d = new ReplicationSettings();
        if (!config.HasPath(ConfigPath))
            return d;
        var c = config.GetConfig(ConfigPath);
        var settings = new ReplicationSettings
        {
            Copies = c.GetInt("copies", d.Copies),
            Grace = c.GetTimeSpan("grace", d.Grace, allowInfinite: false),
            RepairConcurrency = c.GetInt("repair-concurrency", d.RepairConcurrency),
            RepairsPerSecond = c.GetDouble("repairs-per-second", d.RepairsPerSecond),
            AntiEntropyInterval = c.GetTimeSpan("anti-entropy-interval", d.AntiEntropyInterval, allowInfinite: false),
            OrphanGrace = c.GetTimeSpan("orphan-grace", d.OrphanGrace, allowInfinite: false),
            DirectoryRefresh = c.GetTimeSpan("directory-refresh", d.DirectoryRefresh, allowInfinite: false),
            RequestTimeout = c.GetTimeSpan("request-timeout", d.RequestTimeout, allowInfinite: false),
            Tick = c.GetTimeSpan("tick", d.Tick, allowInfinite: false),
            FetchConcurrency = c.GetInt("fetch-concurrency", d.FetchConcurrency),
            FollowUpConcurrency = c.GetInt("follow-up-concurrency", d.FollowUpConcurrency),
            MinTransferBytesPerSecond = c.GetLong("min-transfer-bytes-per-second", d.MinTransferBytesPerSecond),
            SweepIdleTimeout = c.GetTimeSpan("sweep-idle-timeout", d.SweepIdleTimeout, allowInfinite: false),
            CatalogRebuildInterval = c.GetTimeSpan("catalog-rebuild-interval", d.CatalogRebuildInterval, allowInfinite: false),
        };
        settings.Validate();
        return settings;
    }

    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Copies is < 1 or > 16)
            throw new ArgumentException($"{ConfigPath}.copies must be 1..16, not {Copies}");
        if (RepairConcurrency < 1 || FetchConcurrency < 1 || FollowUpConcurrency < 1)
            throw new ArgumentException($"{ConfigPath}: repair-concurrency, fetch-concurrency and follow-up-concurrency must be at least 1");
        if (!(RepairsPerSecond > 0))
            throw new ArgumentException($"{ConfigPath}.repairs-per-second must be positive");
        if (MinTransferBytesPerSecond < 1)
            throw new ArgumentException($"{ConfigPath}.min-transfer-bytes-per-second must be positive");
        foreach (var (name, value) in new[] { ("grace", Grace), ("anti-entropy-interval", AntiEntropyInterval), ("orphan-grace", OrphanGrace),
                     ("directory-refresh", DirectoryRefresh), ("request-timeout", RequestTimeout), ("tick", Tick),
                     ("sweep-idle-timeout", SweepIdleTimeout), ("catalog-rebuild-interval", CatalogRebuildInterval) })
        {
            if (value < TimeSpan.Zero || (value == TimeSpan.Zero && name is not "grace" and not "orphan-grace"))
                throw new ArgumentException($"{ConfigPath}.{name} must be positive, not {value}");
        }
    }
}
