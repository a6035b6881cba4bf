using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Streams;
using Peake.Cluster.Sites;
using Peake.Replication.Nodes;
using Peake.Replication.Placement;
using Peake.Replication.Replicas;
using Peake.Transfer;

namespace Peake.Replication.Coordinator;

/// <summary>
/// The cluster singleton that keeps every catalogued blob at <see cref="ReplicationSettings.Copies"/> copies on distinct
/// nodes over at least two sites (ADR 0026). It knows three things: the catalog (blobs the journal says are stored,
/// <see cref="CatalogFeed"/>), the copy map (<see cref="CopyMap"/>: replica reports plus periodic inventory sweeps of
/// every node over HTTP) and the members (<see cref="NodeState"/>: reachability and grace). On each tick it starts
/// repairs (fewest copies first, throttled), trims (never below the wanted count, verifying the kept copies first) and
/// drains. It acts only once the catalog has caught up and every live node's inventory was read, because a fresh
/// coordinator (after a fail-over) knows no copies and would otherwise copy everything.
/// </summary>
internal sealed class ReplicationCoordinator : ReceiveActor, IWithTimers
{
    private readonly ReplicationSettings _settings;
    private readonly SiteMap _sites;
    private readonly INodeDirectory _directory;
    private readonly BlobTransferClient _client;
    private readonly TimeProvider _time;
    private readonly ReplicaRequests _requests;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IMaterializer _materializer = Context.Materializer();
    private readonly Dictionary<string, NodeState> _nodes = new(StringComparer.Ordinal);
    private readonly CopyMap _copies = new();
    private readonly Dictionary<string, (long Size, string HomeSite)> _catalog = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _corrupt = new(StringComparer.Ordinal);
    private readonly HashSet<string> _draining = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _repairs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _trims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _failedTargets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _orphanSince = new(StringComparer.Ordinal);
    // Orphans past the grace at one sweep round, and when they were marked: deleted at a later round only if nothing
    // reported a copy of them meanwhile and a fresh read of the whole catalog does not name them.
    private readonly Dictionary<string, DateTime> _orphanMarked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _misplaced = new(StringComparer.Ordinal);
    private bool _orphanCheckRunning;
    private readonly Dictionary<string, DateTime> _fresh = new(StringComparer.Ordinal);
    private readonly HashSet<string> _followUps = new(StringComparer.Ordinal);
    // New ingests waiting for their remaining copies, oldest first. They start as soon as a follow-up slot frees rather
    // than on the next tick, which would cap the third copies at FollowUpConcurrency per tick whatever the ingest rate.
    private readonly FollowUpQueue _followUpQueue = new();
    private readonly HashSet<string> _sweepRound = new(StringComparer.Ordinal);
    private SharedKillSwitch _feedStop = KillSwitches.Shared("catalog-feed");
    private long _feedOffset;
    private bool _caughtUp;
    private bool _dirty = true;
    private DateTime _lastSweep = DateTime.MinValue;
    private double _tokens;
    private DateTime _lastRefill;
    private long _repairsCompleted;
    private long _copiesTrimmed;

    public ReplicationCoordinator(ReplicationSettings settings, SiteMap sites, INodeDirectory directory, BlobTransferClient client, TimeProvider time)
    {
        _settings = settings;
        _sites = sites;
        _directory = directory;
        _client = client;
        _time = time;
        _requests = new ReplicaRequests(Context.System, settings);
        _lastRefill = Now;

        Receive<Catalogued>(Catalogue);
        Receive<CatalogCaughtUp>(c =>
        {
            _feedOffset = Math.Max(_feedOffset, c.Offset);
            _caughtUp = true;
            _dirty = true;
            _log.Info("Replication catalog caught up: {Instances} blobs", _catalog.Count);
            CatalogFeed.Run(Context.System, _materializer, _feedStop, Self, _feedOffset, live: true, _settings.DropFromLiveFeed);
        });
        Receive<CatalogFeedFailed>(f =>
        {
            _log.Warning("Replication catalog feed stopped at offset {Offset}: {Reason}; restarting", f.Offset, f.Reason);
            _caughtUp = false;
            _feedStop.Shutdown();
            _feedStop = KillSwitches.Shared("catalog-feed");
            Timers.StartSingleTimer("feed", RestartFeed.Instance, TimeSpan.FromSeconds(1));
        });
        Receive<RestartFeed>(_ => CatalogFeed.Run(Context.System, _materializer, _feedStop, Self, _feedOffset, live: false));

        Receive<ClusterEvent.MemberUp>(e => MemberUp(e.Member));
        Receive<ClusterEvent.MemberWeaklyUp>(e => MemberUp(e.Member));
        Receive<ClusterEvent.MemberRemoved>(MemberRemoved);
        Receive<ClusterEvent.UnreachableMember>(e =>
        {
            Node(e.Member).GoneSince ??= Now;
            AbandonRepairsOn(e.Member.Address.ToString());
        });
        Receive<ClusterEvent.ReachableMember>(e =>
        {
            var node = Node(e.Member);
            if (node.Up && node.Swept)
                node.GoneSince = null;
            _dirty = true;
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });

        Receive<CopyAdded>(a =>
        {
            _copies.Add(a.Hash, a.NodeAddress, Now);
            // A new ingest catalogued before its quorum copies were reported can start its follow-up now.
            if (_followUpQueue.CopyReported(a.Hash))
                PumpFollowUps();
            if (!_catalog.ContainsKey(a.Hash))
            {
                // A copy just made or reused (a retried ingest, say) is no orphan for another grace.
                _orphanSince[a.Hash] = Now;
                _orphanMarked.Remove(a.Hash);
            }
            _dirty = true;
        });
        Receive<CopyLost>(l =>
        {
            _copies.Remove(l.Hash, l.NodeAddress, Now);
            // A lost copy is replaced by a repair (throttled, counted), even for a blob still waiting for its third copy.
            _fresh.Remove(l.Hash);
            if (l.Reason == LossReason.Corrupt && _catalog.ContainsKey(l.Hash))
            {
                _log.Warning("Copy of {Hash} on {Node} is corrupt", l.Hash, l.NodeAddress);
                Corrupt(l.Hash).Add(l.NodeAddress);
            }
            _dirty = true;
        });
        Receive<BlobDeleted>(d => _copies.Remove(d.Hash, d.NodeAddress, Now));

        Receive<GetCopies>(g => Sender.Tell(new CopiesView([.. g.Hashes.Select(h => new CopyEntry(h, LiveCopies(h)))])));
        Receive<CheckReplicas>(_ => Sender.Tell(Report()));
        Receive<DrainNode>(d => Sender.Tell(Drain(d.Address)));
        Receive<GetDrain>(g =>
        {
            var remaining = _copies.HashesOn(g.Address).LongCount(_catalog.ContainsKey);
            Sender.Tell(new DrainProgress(g.Address, remaining, _draining.Contains(g.Address) && remaining == 0));
        });

        Receive<Tick>(_ => OnTick());
        Receive<SweepAll>(_ => StartRound());
        Receive<InventoryRead>(Inventory);
        Receive<RepairFinished>(Repaired);
        Receive<TrimFinished>(Trimmed);
        Receive<OrphansChecked>(OrphansChecked);
        Receive<RebuildCatalog>(_ => CatalogFeed.ScanAsync(Context.System, _materializer)
            .ContinueWith(t => new CatalogRescanned(t.IsCompletedSuccessfully ? t.Result : null, t.Exception?.GetBaseException().Message),
                TaskScheduler.Default)
            .PipeTo(Self));
        Receive<CatalogRescanned>(r =>
        {
            if (r.Catalogued is null)
            {
                _log.Warning("Re-reading the catalog failed: {Reason}", r.Error);
                return;
            }
            var missed = 0;
            foreach (var (hash, size, home) in r.Catalogued)
            {
                if (!_catalog.ContainsKey(hash))
                {
                    missed++;
                    Catalogue(new Catalogued(hash, size, home, 0));
                }
            }
            if (missed > 0)
                _log.Warning("Re-reading the catalog found {Missed} blobs the live feed had skipped", missed);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ReplicationSettings settings, SiteMap sites, INodeDirectory directory, BlobTransferClient client, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new ReplicationCoordinator(settings, sites, directory, client, time ?? TimeProvider.System));

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        CatalogFeed.Run(Context.System, _materializer, _feedStop, Self, 0, live: false);
        Timers.StartPeriodicTimer("tick", Tick.Instance, _settings.Tick);
        Timers.StartPeriodicTimer("sweep", SweepAll.Instance, _settings.Tick, _settings.AntiEntropyInterval);
        Timers.StartPeriodicTimer("rebuild", RebuildCatalog.Instance, _settings.CatalogRebuildInterval);
    }

    protected override void PostStop()
    {
        _feedStop.Shutdown();
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }

    private NodeState Node(Member member)
    {
        var address = member.Address.ToString();
        if (!_nodes.TryGetValue(address, out var node))
            _nodes[address] = node = new NodeState(SiteRole.SiteOf(member.Roles) ?? "");
        return node;
    }

    private HashSet<string> Corrupt(string hash)
    {
        if (!_corrupt.TryGetValue(hash, out var nodes))
            _corrupt[hash] = nodes = new HashSet<string>(StringComparer.Ordinal);
        return nodes;
    }

    private bool IsLive(string address) => _nodes.TryGetValue(address, out var n) && n.Live;

    private bool Counts(string address) => _nodes.TryGetValue(address, out var n) && n.Counts(Now, _settings.Grace);

    private NodeRef[] LiveCopies(string hash) => _catalog.ContainsKey(hash)
        ? [.. _copies.HoldersOf(hash).Where(IsLive).Select(a => new NodeRef(a, _nodes[a].Site))]
        : [];

    private void Catalogue(Catalogued c)
    {
        _feedOffset = Math.Max(_feedOffset, c.Offset);
        // Read live, the event is a new ingest: its missing copies are follow-ups until it first has them all.
        if (_catalog.TryAdd(c.Hash, (c.Size, c.HomeSite)) && _caughtUp)
        {
            _fresh[c.Hash] = Now;
            _followUpQueue.Enqueue(c.Hash);
        }
        _orphanSince.Remove(c.Hash);
        _orphanMarked.Remove(c.Hash);
        _dirty = true;
        PumpFollowUps();
    }

    /// <summary>
    /// Starts the queued follow-ups that free slots allow, without scanning the catalog (that is the tick's job, which
    /// also catches any follow-up the queue could not take). One whose quorum copies were not reported yet waits for
    /// them (<see cref="FollowUpQueue.AwaitCopies"/>).
    /// </summary>
    private void PumpFollowUps()
    {
        if (!Ready)
            return;
        while (_followUps.Count < _settings.FollowUpConcurrency && _followUpQueue.TryDequeue(out var hash))
        {
            if (!_fresh.ContainsKey(hash) || _repairs.ContainsKey(hash) || _trims.Contains(hash))
                continue;
            var holders = _copies.HoldersOf(hash);
            if (holders.Count(a => Counts(a) && !_draining.Contains(a)) >= _settings.Copies)
                continue;
            if (holders.Any(IsLive))
                StartRepair(hash, followUp: true);
            else
                _followUpQueue.AwaitCopies(hash);
        }
    }

    // Acting before the catalog caught up or before every live node's inventory was read would copy what is already there.
    private bool Ready => _caughtUp && _nodes.Values.Where(n => n.Up && n.GoneSince is null).All(n => n.SweepTried);

    private void MemberUp(Member member)
    {
        var node = Node(member);
        if (!node.Up)
        {
            // A new member, or a crashed one rejoining: its disk is read before its copies are trusted again.
            node.Up = true;
            node.Swept = false;
            node.SweepTried = false;
        }
        _dirty = true;
    }

    private void MemberRemoved(ClusterEvent.MemberRemoved e)
    {
        var node = Node(e.Member);
        node.Up = false;
        node.Swept = false;
        // Left after a drain (retired): nothing comes back, so its copies stop counting now. Any other leave (a graceful
        // restart, a rolling upgrade) or a crash: the grace runs from when it first went missing.
        if (e.PreviousStatus == MemberStatus.Exiting && _draining.Contains(e.Member.Address.ToString()))
            node.GoneSince = Now - _settings.Grace;
        else
            node.GoneSince ??= Now;
        AbandonRepairsOn(e.Member.Address.ToString());
        _dirty = true;
    }

    /// <summary>
    /// A repair whose target stopped answering would hold its slot until its deadline (minutes for a large blob), and
    /// its blob would wait with it: it is given up at once and planned again on another node. A late answer is still
    /// taken (see <see cref="Repaired"/>), so a copy that did arrive is counted.
    /// </summary>
    private void AbandonRepairsOn(string address)
    {
        foreach (var (hash, target) in _repairs.Where(r => r.Value == address).ToList())
        {
            _repairs.Remove(hash);
            _followUps.Remove(hash);
            MarkFailed(hash, target);
            _dirty = true;
        }
        // Freed follow-up slots are refilled now, as when a follow-up finishes.
        PumpFollowUps();
    }

    private void MarkFailed(string hash, string target)
    {
        if (!_failedTargets.TryGetValue(hash, out var failed))
            _failedTargets[hash] = failed = new HashSet<string>(StringComparer.Ordinal);
        failed.Add(target);
    }

    private object Drain(string address)
    {
        if (!IsLive(address))
            return new DrainRefused(address, "not a live member whose inventory is known");
        var others = _nodes.Where(p => p.Key != address && p.Value.Live && !_draining.Contains(p.Key)).Select(p => p.Value).ToList();
        if (others.Count < _settings.Copies)
            return new DrainRefused(address, $"only {others.Count} other live nodes; {_settings.Copies} copies need {_settings.Copies}");
        var liveSites = _nodes.Values.Where(n => n.Live).Select(n => n.Site).Distinct().Count();
        if (liveSites >= 2 && others.Select(n => n.Site).Distinct().Count() < 2)
            return new DrainRefused(address, "the other nodes are all on one site");
        if (_draining.Add(address))
        {
            _log.Info("Draining {Node}", address);
            _requests.Replica(address).Tell(new SetDraining(true), ActorRefs.NoSender);
        }
        _dirty = true;
        return new DrainAccepted(address, _copies.HashesOn(address).LongCount(_catalog.ContainsKey));
    }

    private ReplicaReport Report()
    {
        long under = 0, over = 0, misplaced = 0;
        foreach (var hash in _catalog.Keys)
        {
            if (MisplacedTarget(hash, _copies.HoldersOf(hash).Where(a => Counts(a) && !_draining.Contains(a)).ToList(), false) is not null)
                misplaced++;
            var live = _copies.HoldersOf(hash).Count(IsLive);
            if (live < _settings.Copies)
                under++;
            else if (live > _settings.Copies)
                over++;
        }
        return new ReplicaReport(
            _catalog.Count, under, over, _corrupt.Keys.LongCount(_catalog.ContainsKey), _repairs.Count,
            _copies.Hashes.LongCount(h => !_catalog.ContainsKey(h)), _caughtUp, _lastSweep)
        {
            RepairsCompleted = _repairsCompleted,
            CopiesTrimmed = _copiesTrimmed,
            Misplaced = misplaced,
        };
    }

    private void OnTick()
    {
        var now = Now;
        foreach (var (address, node) in _nodes.ToList())
        {
            if (node.GoneSince is { } since && now - since >= _settings.Grace)
            {
                _dirty = true;
                if (!node.Up)
                {
                    _log.Info("{Node} gone for longer than the grace ({Grace}): its copies no longer count", address, _settings.Grace);
                    _copies.DropNode(address);
                    _nodes.Remove(address);
                    _draining.Remove(address);
                }
            }
        }
        foreach (var info in _directory.Live.Where(n => n.Draining))
            _draining.Add(info.Address);
        foreach (var (address, node) in _nodes)
        {
            if (node.Up && !node.Swept && !node.Sweeping)
                StartSweep(address, node);
        }
        _followUpQueue.KeepAwaiting(_fresh.ContainsKey);
        PumpFollowUps();
        if (!Ready || !_dirty)
            return;
        _tokens = Math.Min(Math.Max(1, _settings.RepairsPerSecond), _tokens + (now - _lastRefill).TotalSeconds * _settings.RepairsPerSecond);
        _lastRefill = now;
        _dirty = Plan();
    }

    /// <summary>Starts what work the budget allows; true when work is left for the next tick.</summary>
    private bool Plan()
    {
        var now = Now;
        var repairs = new List<(string Hash, int Counting, bool FollowUp)>();
        _misplaced.Clear();
        var trims = new List<string>();
        foreach (var hash in _catalog.Keys)
        {
            if (_repairs.ContainsKey(hash) || _trims.Contains(hash))
                continue;
            var holders = _copies.HoldersOf(hash);
            var counting = holders.Count(a => Counts(a) && !_draining.Contains(a));
            var live = holders.Count(IsLive);
            if (counting < _settings.Copies)
            {
                var followUp = _fresh.TryGetValue(hash, out var since) && now - since < _settings.Grace;
                if (!followUp)
                    _fresh.Remove(hash);
                if (live > 0)
                    repairs.Add((hash, counting, followUp));
            }
            else if (live > 0 && MisplacedTarget(hash, [.. holders.Where(a => Counts(a) && !_draining.Contains(a))], true) is { } target)
            {
                // Enough copies, wrong places: one more where it is missing; the trim then drops a same-site extra.
                _misplaced[hash] = target.Address;
                repairs.Add((hash, counting, false));
            }
            else
            {
                _fresh.Remove(hash);
                _corrupt.Remove(hash);
                _failedTargets.Remove(hash);
                if (live > _settings.Copies && holders.Count(a => IsLive(a) && !_draining.Contains(a)) >= _settings.Copies)
                    trims.Add(hash);
            }
        }
        var left = false;
        foreach (var (hash, _, followUp) in repairs.OrderBy(r => r.Counting).ThenBy(r => r.Hash, StringComparer.Ordinal))
        {
            // Follow-ups (the third copy of a new ingest) have their own bound and skip the repair rate limit.
            var full = followUp
                ? _followUps.Count >= _settings.FollowUpConcurrency
                : _repairs.Count - _followUps.Count >= _settings.RepairConcurrency || _tokens < 1;
            if (full)
            {
                left = true;
                continue;
            }
            StartRepair(hash, followUp);
        }
        foreach (var hash in trims)
        {
            if (_trims.Count >= _settings.RepairConcurrency || _tokens < 1)
            {
                left = true;
                break;
            }
            StartTrim(hash);
        }
        return left || _repairs.Count > 0 || _trims.Count > 0 || repairs.Count > 0;
    }

    private NodeInfo InfoOf(string address) =>
        _directory.Find(address) ?? new NodeInfo(address, _nodes.TryGetValue(address, out var n) ? n.Site : "", "", "", 0, "", null, 0, 0) { Draining = true };

    /// <summary>
    /// Where a blob with enough counting copies lacks one: the home site when it is live with an eligible node and holds
    /// none, else another site when every copy is on one site and another site has an eligible node; null when well placed.
    /// </summary>
    private NodeInfo? MisplacedTarget(string hash, IReadOnlyCollection<string> counting, bool excludeFailed)
    {
        if (counting.Count < _settings.Copies || !_catalog.TryGetValue(hash, out var entry))
            return null;
        var holderSites = counting.Select(a => _nodes.TryGetValue(a, out var n) ? n.Site : "").ToHashSet(StringComparer.Ordinal);
        if (holderSites.Count >= 2 && holderSites.Contains(entry.HomeSite))
            return null; // the common case, decided without looking at the other nodes
        var failed = excludeFailed ? _failedTargets.GetValueOrDefault(hash) : null;
        var eligible = _directory.Live
            .Where(n => IsLive(n.Address) && !n.Draining && !_draining.Contains(n.Address) && n.FreeBytes >= entry.Size
                && !_copies.HoldersOf(hash).Contains(n.Address) && failed?.Contains(n.Address) != true)
            .ToList();
        if (!holderSites.Contains(entry.HomeSite) && eligible.Any(n => n.Site == entry.HomeSite))
            return ReplicaPlacement.Rank(entry.HomeSite, eligible.Where(n => n.Site == entry.HomeSite), _sites, hash).First();
        if (holderSites.Count == 1)
            return ReplicaPlacement.Rank(entry.HomeSite, eligible.Where(n => !holderSites.Contains(n.Site)), _sites, hash).FirstOrDefault();
        return null;
    }

    private void StartRepair(string hash, bool followUp)
    {
        var (size, home) = _catalog[hash];
        var holders = _copies.HoldersOf(hash);
        var counting = holders.Where(a => Counts(a) && !_draining.Contains(a)).ToList();
        var failed = _failedTargets.GetValueOrDefault(hash);
        var candidates = _directory.Live
            .Where(n => IsLive(n.Address) && failed?.Contains(n.Address) != true)
            .Select(n => _draining.Contains(n.Address) ? n with { Draining = true } : n)
            .ToList();
        candidates.AddRange(holders.Where(h => candidates.All(c => c.Address != h)).Select(InfoOf));
        var targets = _misplaced.TryGetValue(hash, out var misplacedTarget) && candidates.FirstOrDefault(c => c.Address == misplacedTarget) is { } m
            ? [m]
            : ReplicaPlacement.Choose(home, candidates, counting, _settings.Copies, _sites, size, hash);
        if (targets.Count == 0)
        {
            // Every eligible node failed this blob: try them all again later rather than never.
            _failedTargets.Remove(hash);
            return;
        }
        var target = targets[0];
        var sources = ReplicaPlacement.Rank(target.Site, holders.Where(IsLive).Select(InfoOf), _sites).Select(n => n.Address).ToArray();
        _repairs[hash] = target.Address;
        if (followUp)
            _followUps.Add(hash);
        else
            _tokens -= 1;
        _log.Debug("Repairing {Hash} ({Counting} copies): {Target} fetches from {Sources}", hash, counting.Count, target.Address, sources);
        _requests.FetchAsync(target.Address, new FetchBlob(hash, size, sources) { Urgent = followUp })
            .ContinueWith(t => new RepairFinished(hash, target.Address, t.IsCompletedSuccessfully ? t.Result : t.Exception?.GetBaseException().Message),
                TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void Repaired(RepairFinished done)
    {
        // The answer of an abandoned repair may come after a new repair of the same blob started: that one stays.
        var current = _repairs.TryGetValue(done.Hash, out var target) && target == done.Target;
        var followUp = current && _followUps.Remove(done.Hash);
        if (current)
            _repairs.Remove(done.Hash);
        _dirty = true;
        if (done.Error is null)
        {
            if (!followUp)
                _repairsCompleted++;
            _copies.Add(done.Hash, done.Target, Now);
        }
        else
        {
            _log.Warning("Repair of {Hash} on {Target} failed: {Reason}", done.Hash, done.Target, done.Error);
            MarkFailed(done.Hash, done.Target);
        }
        if (followUp)
            PumpFollowUps();
    }

    private void StartTrim(string hash)
    {
        var (size, home) = _catalog[hash];
        var live = _copies.HoldersOf(hash).Where(IsLive).ToList();
        var keep = ReplicaPlacement.Keep(home, [.. live.Where(a => !_draining.Contains(a)).Select(InfoOf)], _settings.Copies, _sites)
            .Select(k => k.Address).ToList();
        var remove = live.Except(keep).ToList();
        if (keep.Count < _settings.Copies || remove.Count == 0)
            return;
        _trims.Add(hash);
        _tokens -= 1;
        _requests.TrimAsync(hash, size, keep, remove)
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : new TrimFinished(hash, [], [], t.Exception?.GetBaseException().Message),
                TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void Trimmed(TrimFinished done)
    {
        _trims.Remove(done.Hash);
        _dirty = true;
        foreach (var node in done.Deleted)
        {
            _copies.Remove(done.Hash, node, Now);
            _copiesTrimmed++;
        }
        foreach (var (node, condition) in done.Bad)
        {
            _copies.Remove(done.Hash, node, Now);
            if (condition == BlobCondition.Corrupt)
                Corrupt(done.Hash).Add(node);
        }
        if (done.Error is not null)
            _log.Warning("Trim of {Hash} stopped: {Reason}", done.Hash, done.Error);
    }

    private void StartRound()
    {
        foreach (var (address, node) in _nodes.Where(p => p.Value.Up && p.Value.GoneSince is null))
        {
            if (StartSweep(address, node))
                _sweepRound.Add(address);
        }
    }

    private bool StartSweep(string address, NodeState node)
    {
        if (node.Sweeping || _directory.Find(address) is not { } info)
            return false;
        node.Sweeping = true;
        var started = Now;
        var client = _client;
        var idle = _settings.SweepIdleTimeout;
        Task.Run(async () =>
        {
            // No overall bound: a node with millions of blobs takes long. It must only keep making progress.
            using var cts = new CancellationTokenSource(idle);
            try
            {
                var hashes = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var blob in client.InventoryAsync(new Uri(info.TransferUrl), cts.Token).ConfigureAwait(false))
                {
                    hashes.Add(blob.Hash);
                    if ((hashes.Count & 1023) == 0)
                        cts.CancelAfter(idle);
                }
                return new InventoryRead(address, started, hashes, null);
            }
            catch (Exception e)
            {
                return new InventoryRead(address, started, null, e.Message);
            }
        }).PipeTo(Self);
        return true;
    }

    private void Inventory(InventoryRead read)
    {
        _dirty = true;
        if (_nodes.TryGetValue(read.Address, out var node))
        {
            node.Sweeping = false;
            node.SweepTried = true;
        }
        if (read.Hashes is { } hashes)
        {
            foreach (var hash in _copies.Reconcile(read.Address, read.StartedUtc, hashes))
            {
                var held = _copies.HoldersOf(hash).Contains(read.Address);
                if (!held)
                    _fresh.Remove(hash); // missing: a repair, like any loss
                if (!_catalog.ContainsKey(hash) && held)
                {
                    // A copy newly seen: the orphan clock restarts from it.
                    _orphanSince[hash] = _orphanSince.TryGetValue(hash, out var since) && since > read.StartedUtc ? since : read.StartedUtc;
                    _orphanMarked.Remove(hash);
                }
            }
            if (node is not null && node.Up)
            {
                node.Swept = true;
                // A rejoined node is live again once its disk is read; reachability events keep it honest from here.
                if (node.GoneSince is not null && Akka.Cluster.Cluster.Get(Context.System).State.Unreachable.All(m => m.Address.ToString() != read.Address))
                    node.GoneSince = null;
            }
        }
        else
        {
            _log.Warning("Inventory of {Node} failed: {Reason}", read.Address, read.Error);
        }
        if (_sweepRound.Remove(read.Address) && _sweepRound.Count == 0)
        {
            _lastSweep = Now;
            _copies.ExpireLosses(Now - _settings.RequestTimeout);
            DeleteOrphans();
        }
    }

    // Only when the catalog is caught up: a blob whose catalog event is still unread is not an orphan. Two phases: a blob
    // past the grace is marked at one round; at a later round, if it is still uncatalogued and no copy of it was reported
    // since the mark, the whole catalog is read afresh (the live feed can skip events) and only then are the blobs it
    // does not name deleted, each holder refusing if its copy was written or used after the orphan clock started.
    private void DeleteOrphans()
    {
        if (!_caughtUp)
            return;
        var now = Now;
        var batch = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var hash in _copies.Hashes.Where(h => !_catalog.ContainsKey(h)).ToList())
        {
            var since = _orphanSince.TryGetValue(hash, out var s) ? s : _orphanSince[hash] = now;
            if (now - since < _settings.OrphanGrace)
            {
                _orphanMarked.Remove(hash);
                continue;
            }
            if (_orphanMarked.TryGetValue(hash, out var marked) && marked >= since && marked < now)
                batch[hash] = since;
            else if (!_orphanMarked.ContainsKey(hash))
                _orphanMarked[hash] = now;
        }
        foreach (var hash in _orphanSince.Keys.Where(h => !_copies.HoldersOf(h).Any()).ToList())
        {
            _orphanSince.Remove(hash);
            _orphanMarked.Remove(hash);
        }
        if (batch.Count == 0 || _orphanCheckRunning)
            return;
        _orphanCheckRunning = true;
        var keys = new HashSet<string>(batch.Keys, StringComparer.Ordinal);
        CatalogFeed.ScanAsync(Context.System, _materializer, keys.Contains)
            .ContinueWith(t => new OrphansChecked(batch, t.IsCompletedSuccessfully ? t.Result : null, t.Exception?.GetBaseException().Message),
                TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void OrphansChecked(OrphansChecked check)
    {
        _orphanCheckRunning = false;
        if (check.Catalogued is null)
        {
            _log.Warning("Orphan clean-up skipped: re-reading the catalog failed: {Reason}", check.Error);
            return;
        }
        foreach (var (hash, size, home) in check.Catalogued)
        {
            _log.Warning("Blob {Hash} is catalogued but the live catalog feed skipped it: catalogued now, not deleted", hash);
            Catalogue(new Catalogued(hash, size, home, 0));
        }
        foreach (var (hash, since) in check.Batch)
        {
            // Still uncatalogued, still marked, and no copy reported since the clock this batch was decided on.
            if (_catalog.ContainsKey(hash) || !_orphanMarked.ContainsKey(hash) || !_orphanSince.TryGetValue(hash, out var now) || now != since)
                continue;
            _orphanMarked.Remove(hash);
            foreach (var node in _copies.HoldersOf(hash).Where(IsLive).ToList())
            {
                _log.Info("Deleting orphan blob {Hash} on {Node}: no catalog entry for {Grace}", hash, node, _settings.OrphanGrace);
                _requests.Replica(node).Tell(new DeleteOrphan(hash, since), Self);
            }
        }
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record SweepAll
    {
        public static readonly SweepAll Instance = new();
    }

    private sealed record RestartFeed
    {
        public static readonly RestartFeed Instance = new();
    }

    private sealed record RebuildCatalog
    {
        public static readonly RebuildCatalog Instance = new();
    }
}
