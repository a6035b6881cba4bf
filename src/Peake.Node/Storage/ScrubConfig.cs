using Akka.Configuration;
using Peake.Node.Options;
using Peake.Storage;

namespace Peake.Node.Storage;

/// <summary>
/// The scrubber's pace from HOCON <c>peake.scrub</c> (common.conf; --scrub-rate overrides the rate). A rate of 0 turns
/// the scrubber off on this node: it is for benchmarks, where a background reader would distort the disk's numbers.
/// </summary>
internal static class ScrubConfig
{
    public const string ConfigPath = "peake.scrub";

    /// <summary>The scrubber's options, or null when it is off.</summary>
    public static ScrubOptions? From(Config config)
    {
        var rate = config.GetLong($"{ConfigPath}.bytes-per-second", 20_000_000);
        var rest = config.GetTimeSpan($"{ConfigPath}.pass-interval", TimeSpan.FromHours(1), allowInfinite: false);
        if (rate < 0)
            throw new NodeOptionsException($"{ConfigPath}.bytes-per-second must be 0 (off) or more, not {rate}");
        if (rest < TimeSpan.Zero)
            throw new NodeOptionsException($"{ConfigPath}.pass-interval must not be negative");
        return rate == 0 ? null : new ScrubOptions { BytesPerSecond = rate, PassInterval = rest };
    }
}
