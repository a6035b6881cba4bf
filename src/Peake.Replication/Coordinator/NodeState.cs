namespace Peake.Replication.Coordinator;

/// <summary>
/// The coordinator's view of one member. <see cref="GoneSince"/> is when it first became unreachable (or was removed
/// while reachable); its copies keep counting for <see cref="ReplicationSettings.Grace"/> from then, so a pause or
/// partition shorter than the grace triggers no copying. A node is live (its copies are served and reported) once it
/// is Up, reachable and its inventory has been read since it (re)joined.
/// </summary>
internal sealed class NodeState(string site)
{
    public string Site { get; } = site;

    public bool Up { get; set; }

    public DateTime? GoneSince { get; set; }

    /// <summary>Its inventory has been read since it joined: the copy map holds what its disk holds.</summary>
    public bool Swept { get; set; }

    /// <summary>A sweep was tried since it joined (a node whose endpoint fails does not hold back every repair).</summary>
    public bool SweepTried { get; set; }

    public bool Sweeping { get; set; }

    public bool Live => Up && GoneSince is null && Swept;

    /// <summary>Its copies count against repairs: reachable, or gone for less than the grace.</summary>
    public bool Counts(DateTime now, TimeSpan grace) => GoneSince is not { } since ? Up : now - since < grace;
}
