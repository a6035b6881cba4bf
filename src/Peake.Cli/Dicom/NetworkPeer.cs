using System.Globalization;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Tls;

namespace Peake.Cli.Dicom;

/// <summary>
/// Who a client command talks to and how: "HOST PORT" positionals, the --aet (calling) / --aec (called) AE titles,
/// DICOM TLS (<see cref="TlsFiles"/>), `--connect-timeout S` (TCP connect and TLS handshake) and `--timeout S` (each
/// answer: A-ASSOCIATE-AC, DIMSE responses, A-RELEASE-RP). A command takes them all with
/// `new Arguments(args, [..its own, .. NetworkPeer.Options], NetworkPeer.Switches)` and opens with <see cref="OpenAsync"/>.
/// </summary>
internal sealed record NetworkPeer(string Host, int Port, string CallingAeTitle, string CalledAeTitle)
{
    public const string ConnectTimeoutOption = "--connect-timeout";

    public const string TimeoutOption = "--timeout";

    public static readonly string[] Options = ["--aet", "--aec", ConnectTimeoutOption, TimeoutOption, .. TlsFiles.Options];

    public static readonly string[] Switches = [TlsFiles.TlsSwitch];

    /// <summary>The usage text of <see cref="Options"/> beyond the AE titles.</summary>
    public const string Usage = "[--tls [--tls-cert PEM --tls-key PEM] [--tls-ca PEM]... [--tls-crl CRL]...] [--connect-timeout S] [--timeout S]";

    public DicomTlsClientOptions? Tls { get; init; }

    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Null keeps the command's own default (a C-MOVE waits longer than an echo).</summary>
    public TimeSpan? ResponseTimeout { get; init; }

    /// <summary>Opens the association with this peer's TLS and timeouts applied to <paramref name="request"/>.</summary>
    public Task<DicomClientAssociation> OpenAsync(AssociationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timed = request with
        {
            ConnectTimeout = ConnectTimeout ?? request.ConnectTimeout,
            ResponseTimeout = ResponseTimeout ?? request.ResponseTimeout,
        };
        return DicomClientAssociation.OpenAsync(Host, Port, timed, Tls, cancellationToken);
    }

    public const string DefaultCallingAeTitle = "PEAKE";

    /// <summary>dcmtk's default called AE title: most SCPs configured to accept any called AE also accept this one.</summary>
    public const string DefaultCalledAeTitle = "ANY-SCP";

    public static NetworkPeer From(Arguments arguments)
    {
        if (arguments.Positional.Count < 2)
        {
            throw new UsageException("needs HOST and PORT");
        }

        return new NetworkPeer(
            arguments.Positional[0],
            ParsePort(arguments.Positional[1], allowZero: false),
            ParseAeTitle(arguments.Option("--aet") ?? DefaultCallingAeTitle, "--aet"),
            ParseAeTitle(arguments.Option("--aec") ?? DefaultCalledAeTitle, "--aec"))
        {
            Tls = TlsFiles.Client(arguments),
            ConnectTimeout = ParseSeconds(arguments, ConnectTimeoutOption),
            ResponseTimeout = ParseSeconds(arguments, TimeoutOption),
        };
    }

    /// <summary>A positive number of seconds (fractions allowed), or null when the option is absent.</summary>
    public static TimeSpan? ParseSeconds(Arguments arguments, string option)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Option(option) is not { } value)
        {
            return null;
        }

        return double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86400
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{option} '{value}' is not a number of seconds (0 < S <= 86400)");
    }

    public override string ToString() => $"{CalledAeTitle}@{Host}:{Port}";

    public static int ParsePort(string value, bool allowZero) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 && (allowZero || port > 0)
            ? port
            : throw new UsageException($"'{value}' is not a TCP port number");

    /// <summary>PS3.5 6.2 (AE): at most 16 characters of printable ASCII without backslash, not only spaces.</summary>
    public static string ParseAeTitle(string value, string option)
    {
        var valid = value.Length <= 16 && value.Trim(' ').Length > 0 && value.All(c => c is >= ' ' and <= '~' and not '\\');
        return valid ? value.Trim(' ') : throw new UsageException($"{option} '{value}' is not an AE title (1-16 printable ASCII characters, no backslash)");
    }
}
