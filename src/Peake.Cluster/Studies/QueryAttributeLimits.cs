namespace Peake.Cluster.Studies;

/// <summary>Bounds of <see cref="InstanceStored.QueryAttributes"/>, shared by the gateway that builds them and the study that records them.</summary>
public static class QueryAttributeLimits
{
    /// <summary>
    /// The encoded attributes of one instance. <see cref="RecordInstance"/> crosses remoting, whose frames hold
    /// 128,000 bytes; 16 KiB leaves room for the rest and keeps the journal small (BRIEF6 1.2).
    /// </summary>
    public const int MaxBytes = 16 * 1024;

    internal static bool SameBytes(byte[]? a, byte[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
