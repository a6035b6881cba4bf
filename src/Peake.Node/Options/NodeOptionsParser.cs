using System.Globalization;
using Peake.Cluster.Studies;

namespace Peake.Node.Options;

/// <summary>
/// Reads <c>--name value</c> flags, each with an environment fallback <c>PEAKE_NAME</c> (upper snake case), flags
/// winning. Repeatable flags (<c>--seed</c>, <c>--hocon</c>) take a comma-free list from the environment
/// (<c>PEAKE_SEED=a,b</c>; <c>PEAKE_HOCON</c> is one HOCON text). The management token is never a flag: a flag is
/// visible to every user in the process list; it comes from <c>--token-file</c> or <c>PEAKE_MANAGEMENT_TOKEN</c>.
/// </summary>
internal static class NodeOptionsParser
{
    private static readonly HashSet<string> Repeatable = ["seed", "hocon"];

    private static readonly HashSet<string> Known =
    [
        "site", "host", "remoting-port", "http-port", "dicom-port", "seed", "data", "db", "db-connection",
        "config-dir", "token-file", "hocon", "ae-title", "write-quorum", "duplicate-policy", "repair-grace",
        "scrub-rate", "anti-entropy-interval", "cluster-secret-file", "dicomweb-tokens-file", "dicomweb-trust-header",
    ];

    public static NodeOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var flags = ReadFlags(args);
        string? Get(string name) =>
            flags.TryGetValue(name, out var values) ? values[^1] : NonEmpty(environment(EnvName(name)));
        IReadOnlyList<string> GetAll(string name, char separator) =>
            flags.TryGetValue(name, out var values)
                ? values
                : NonEmpty(environment(EnvName(name)))?.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

        var site = Get("site") ?? throw new NodeOptionsException("--site (or PEAKE_SITE) is required: the site this node belongs to");
        var db = (Get("db") ?? "sqlite").ToLowerInvariant() switch
        {
            "sqlite" => DatabaseKind.Sqlite,
            "postgres" => DatabaseKind.Postgres,
            var other => throw new NodeOptionsException($"--db must be sqlite or postgres, not '{other}'"),
        };
        var connection = Get("db-connection");
        if (db == DatabaseKind.Postgres && connection is null)
            throw new NodeOptionsException("--db postgres needs --db-connection (or PEAKE_DB_CONNECTION)");
        // PEAKE_HOCON is one HOCON text: newlines, not commas, separate its settings.
        var hocon = flags.TryGetValue("hocon", out var h) ? h : NonEmpty(environment(EnvName("hocon"))) is { } text ? [text] : [];

        var dicomPort = Port(Get("dicom-port"), "dicom-port", 11112);
        var httpPort = Port(Get("http-port"), "http-port", 8558);
        var remotingPort = Port(Get("remoting-port"), "remoting-port", 4053);
        // Three services of one node on one host: two on the same port would fail at start with a less clear error.
        if (new[] { dicomPort, httpPort, remotingPort }.Distinct().Count() < 3)
            throw new NodeOptionsException($"--remoting-port ({remotingPort}), --http-port ({httpPort}) and --dicom-port ({dicomPort}) must differ");

        return new NodeOptions(
            site,
            Get("host") ?? "127.0.0.1",
            remotingPort,
            httpPort,
            dicomPort,
            GetAll("seed", ','),
            Get("data") ?? Path.Combine(Environment.CurrentDirectory, "data"),
            db,
            connection,
            Get("config-dir"),
            Get("token-file"),
            hocon)
        {
            Ingest = Ingest(site, Get),
            Replication = new ReplicationFlags(
                Get("repair-grace") is { } grace ? FlagValues.Duration(grace, "repair-grace") : null,
                Get("anti-entropy-interval") is { } sweep ? FlagValues.Duration(sweep, "anti-entropy-interval") : null,
                Get("scrub-rate") is { } rate ? FlagValues.MegabytesPerSecond(rate, "scrub-rate") : null),
            ClusterSecretFile = Get("cluster-secret-file"),
            DicomWebTokensFile = Get("dicomweb-tokens-file"),
            DicomWebTrustHeader = TrustHeader(Get("dicomweb-trust-header"), Get("host") ?? "127.0.0.1"),
        };
    }

    // Anyone who can reach the node could claim any hospital with one header: only a node listening on loopback may.
    private static bool TrustHeader(string? flag, string host)
    {
        var trust = (flag ?? "false").ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            var other => throw new NodeOptionsException($"--dicomweb-trust-header must be true or false, not '{other}'"),
        };
        if (trust && !(System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip)))
            throw new NodeOptionsException($"--dicomweb-trust-header true needs a loopback --host (development only), not '{host}'");
        return trust;
    }

    private static IngestFlags Ingest(string site, Func<string, string?> get)
    {
        var ae = get("ae-title") is { } given
            ? FlagValues.AeTitle(given, "ae-title")
            : IngestFlags.DefaultAeTitle(site) is { Length: <= 16 } derived
                ? FlagValues.AeTitle(derived, "ae-title")
                : throw new NodeOptionsException($"the default AE title {IngestFlags.DefaultAeTitle(site)} is longer than 16 characters: pass --ae-title");
        var quorum = get("write-quorum") is { } q ? FlagValues.Integer(q, "write-quorum", 1, 3) : IngestFlags.DefaultWriteQuorum;
        var duplicates = (get("duplicate-policy") ?? "reject").ToLowerInvariant() switch
        {
            "reject" => DuplicatePolicy.Reject,
            "keep-both" => DuplicatePolicy.KeepBoth,
            var other => throw new NodeOptionsException($"--duplicate-policy must be reject or keep-both, not '{other}'"),
        };
        return new IngestFlags(ae, quorum, duplicates);
    }

    public static string EnvName(string flag) => "PEAKE_" + flag.Replace('-', '_').ToUpperInvariant();

    private static Dictionary<string, List<string>> ReadFlags(IReadOnlyList<string> args)
    {
        var flags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new NodeOptionsException($"unexpected argument '{arg}'");
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            if (!Known.Contains(name))
                throw new NodeOptionsException($"unknown flag --{name}");
            string value;
            if (eq > 0)
                value = arg[(eq + 1)..];
            else if (i + 1 < args.Count)
                value = args[++i];
            else
                throw new NodeOptionsException($"--{name} needs a value");
            if (!flags.TryGetValue(name, out var values))
                flags[name] = values = [];
            else if (!Repeatable.Contains(name))
                throw new NodeOptionsException($"--{name} given twice");
            values.Add(value);
        }
        return flags;
    }

    private static int Port(string? text, string name, int fallback)
    {
        if (text is null)
            return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new NodeOptionsException($"--{name} must be a TCP port (1-65535), not '{text}'");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
